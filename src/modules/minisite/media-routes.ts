// Customisation files (M6): the mini-site's server uploads the buyer's file with a signed request (its raw bytes,
// Content-Type of the file); the merchant's expiring link downloads it (custom-media.ts).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { errors, named, uuidParam } from '../../kernel/http.ts';
import { MEDIA_TYPES, mediaByLink, uploadMedia } from './custom-media.ts';
import { SERVER_API } from './server-api-routes.ts';
import { miniSiteOf } from './signed-requests.ts';

export function mediaRoutes(app: FastifyInstance, ctx: Ctx) {
  app.register(async (scope) => {
    // The file's bytes as they came (the signature covers them); the upload checks them by content.
    for (const type of MEDIA_TYPES) scope.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const r = scope.withTypeProvider<ZodTypeProvider>();
    r.post(`${SERVER_API}/media`, {
      bodyLimit: ctx.config.customMediaMaxBytes + 1,
      schema: {
        tags: ['mini-site server API'], security: [],
        summary: "Upload a buyer's customisation file (PNG, JPEG, WebP or PDF, the raw bytes with its Content-Type): its media id for <store-product media-id>",
        description: 'Signed like every server API call (the body signed is the file). `buyer`: the Trio user id of the buyer (from an order opened through you); without it the file is claimed by the first buyer who buys with it, and refused to any other (403 media_not_yours). Checked by content; larger than the limit: 413.',
        querystring: z.object({ buyer: uuidParam.optional().describe("The buyer's Trio user id") }),
        response: { 201: named(z.object({ mediaId: z.string() }), 'MiniSiteMedia'), ...errors(400, 401, 413, 415, 422) },
      },
    }, async (req, reply) => reply.code(201).send(await uploadMedia(ctx, miniSiteOf(req).id, req.query.buyer ?? null, req.headers['content-type'], req.rawBody ?? Buffer.alloc(0))));
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/mini-site-media/:mediaId', {
    schema: {
      tags: ['orders'], security: [], summary: "Download a buyer's customisation file through the merchant's expiring link (403 link_expired, link_invalid)", produces: [...MEDIA_TYPES],
      params: z.object({ mediaId: uuidParam }), querystring: z.object({ expires: z.coerce.number().int(), sig: z.string().max(100) }),
      response: { 200: z.any().meta({ type: 'string', format: 'binary', description: 'The file (PNG, JPEG, WebP or PDF)' }), ...errors(400, 403, 404) },
    },
  }, async (req, reply) => {
    const f = await mediaByLink(ctx, req.params.mediaId, req.query.expires, req.query.sig);
    return reply.type(f.mimeType).header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff')
      .header('content-disposition', `attachment; filename="${f.fileName}"`).send(f.data);
  });
}
