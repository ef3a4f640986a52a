// Requests of a mini-site's server to Trio (routes whose access is 'signed' in src/access.ts): who sent it, checked
// from its signature over the raw body (src/kernel/auth.ts reads the body and calls verifySignedRequest), and never
// twice (each nonce is kept for the signature window).
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { queryRows } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { Unauthorized } from '../../kernel/errors.ts';
import { miniSiteByAppId, type MiniSiteIdentity } from './reads.ts';
import { SIGNATURE_HEADERS, SIGNATURE_WINDOW_SECONDS, signatureMatches, timestampFresh } from './signature.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The mini-site whose server signed this request ('signed' routes). */
    miniSite?: MiniSiteIdentity;
  }
}

/** The mini-site that signed a 'signed' route's request (set by the guard before the handler). */
export function miniSiteOf(req: FastifyRequest): MiniSiteIdentity {
  if (!req.miniSite) throw new Error('miniSiteOf() on a route that is not signed');
  return req.miniSite;
}

const header = (req: FastifyRequest, name: string) => String(req.headers[name] ?? '');

export async function verifySignedRequest(ctx: Ctx, req: FastifyRequest): Promise<void> {
  const appId = header(req, SIGNATURE_HEADERS.appId);
  const timestamp = header(req, SIGNATURE_HEADERS.timestamp);
  const nonce = header(req, SIGNATURE_HEADERS.nonce);
  const signature = header(req, SIGNATURE_HEADERS.signature);
  const now = ctx.clock.now();
  if (!timestampFresh(timestamp, now)) {
    throw new Unauthorized(`The request's Trio-Timestamp must be the current time in unix seconds (within ${SIGNATURE_WINDOW_SECONDS} s): check the server's clock.`, 'signature_stale');
  }
  if (nonce.length > 64 || !/^[\x21-\x7e]+$/.test(nonce)) throw new Unauthorized('Trio-Nonce must be 1 to 64 visible ASCII characters, new for every request.', 'signature_invalid');
  const site = /^ms_[0-9a-f]{16}$/.test(appId) ? await miniSiteByAppId(ctx.db, appId) : undefined;
  // An unknown app id and a wrong signature answer alike: nothing tells a prober which app ids exist.
  if (!site || !signatureMatches(site.secretHash, { method: req.method, path: req.url, timestamp, nonce, body: req.rawBody ?? Buffer.alloc(0) }, signature)) {
    throw new Unauthorized('The signature does not match: sign METHOD, path with query, timestamp, nonce and the raw body with the SHA-256 of your app secret (see the API docs).', 'signature_invalid');
  }
  const fresh = await queryRows<{ one: number }>(ctx.db, sql`
    insert into mini_site_nonces (mini_site_id, nonce, seen_at) values (${site.id}, ${nonce}, ${now})
    on conflict do nothing returning 1 as one`);
  if (!fresh.length) throw new Unauthorized('This nonce was used already: a request is never accepted twice. Send a new nonce with every request.', 'signature_replayed');
  req.miniSite = site;
}

/** Forgets nonces older than twice the window (a request that old is refused as stale anyway). */
export async function forgetNonces(ctx: Ctx): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - 2 * SIGNATURE_WINDOW_SECONDS * 1000);
  const rows = await queryRows<{ one: number }>(ctx.db, sql`
    delete from mini_site_nonces where ctid in (select ctid from mini_site_nonces where seen_at < ${before} limit 5000) returning 1 as one`);
  return rows.length;
}
