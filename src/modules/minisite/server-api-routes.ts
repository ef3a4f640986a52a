// The API a mini-site's own server calls, authenticated by the request signature (access 'signed': see
// signature.ts and signed-requests.ts). The other parts of M6 (cooperation gifts, customisation files) add their
// routes under the same prefix.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { errors, named } from '../../kernel/http.ts';
import { miniSiteOf } from './signed-requests.ts';

/** Where a mini-site's server API lives. */
export const SERVER_API = '/api/mini-site/v1';

const appSchema = named(z.object({
  appId: z.string(), name: z.string(), slug: z.string(),
  linkedStores: z.array(z.object({ storeId: z.uuid(), storeName: z.string(), linkedAt: z.string() })).describe('Stores linked to this mini-site now'),
}), 'MiniSiteApp');

export function serverApiRoutes(app: FastifyInstance, ctx: Ctx) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(`${SERVER_API}/app`, {
    schema: {
      tags: ['mini-site server API'], security: [],
      summary: "Who the signature says you are, and the stores linked to you (a signed call to check a mini-site's setup)",
      description: 'Signed: headers Trio-App-Id, Trio-Timestamp (unix seconds), Trio-Nonce (new each time), Trio-Signature = base64(HMAC-SHA256(hex SHA-256 of the app secret, METHOD\\npath?query\\ntimestamp\\nnonce\\nbody\\n)).',
      response: { 200: appSchema, ...errors(401) },
    },
  }, async (req) => {
    const site = miniSiteOf(req);
    const linkedStores = await queryRows<{ storeId: string; storeName: string; linkedAt: Date }>(ctx.db, sql`
      select l.store_id as "storeId", s.name as "storeName", coalesce(l.answered_at, l.invited_at) as "linkedAt"
      from mini_site_links l join stores s on s.id = l.store_id
      where l.mini_site_id = ${site.id} and l.state = 'linked' order by 3`);
    return { appId: site.appId, name: site.name, slug: site.slug, linkedStores: linkedStores.map((s) => ({ ...s, linkedAt: new Date(s.linkedAt).toISOString() })) };
  });
}
