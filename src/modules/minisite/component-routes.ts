// HTTP of the embeddable components: the script itself (/components.js) and what its cards read (/api/components/*).
// Cross-origin by nature: the script and the store card may be read by any site (CORS *); the token and the cards
// that need a link let only the mini-site's allowed origin read the answer (Access-Control-Allow-Origin echoes it).
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { BadRequest, TooMany } from '../../kernel/errors.ts';
import { errors, named, uuidParam } from '../../kernel/http.ts';
import type { CatalogCache } from '../catalog/index.ts';
import { ComponentLive } from './component-live.ts';
import type { LinkCache } from './link-cache.ts';
import { grantOnce, issueComponentToken, linkedProductCard, linkedStores, notLinked, ownOrigin, productCard, requestOrigin, readComponentToken, STOCK_STATES, storeCard } from './components.ts';

/** Where the build (scripts/build-components.mjs) writes the script. */
export const componentsBundle = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../components/dist/components.js');

// Shown by the components in their own words (components/src/texts.ts), never by the web app: not a named enum.
const stockStateSchema = z.enum(STOCK_STATES);
const productCardSchema = named(
  z.object({
    id: z.string(), storeId: z.string(), storeName: z.string(), title: z.string(),
    imageUrl: z.string().nullable().describe('Path on Trio of the first image (large), or null'),
    currency: z.string(), price: z.number().int().nullable().describe('Lowest price of an SKU on sale, minor units'),
    stockState: stockStateSchema,
    skus: z.array(z.object({ id: z.string(), attrs: z.record(z.string(), z.string()), price: z.number().int(), stock: z.number().int(), stockState: stockStateSchema })),
  }),
  'ComponentProductCard',
);
const storeCardSchema = named(
  z.object({ id: z.string(), name: z.string(), storeType: z.string(), logoUrl: z.string().nullable(), productCount: z.number().int(), url: z.string().describe('Path of the store on Trio') }),
  'ComponentStoreCard',
);
const tokenQuery = z.string().min(1).max(1000).describe('The token of POST /api/components/token (made for the request’s Origin)');

function sendJsonText(reply: FastifyReply, json: string) {
  return reply.type('application/json; charset=utf-8').serializer((p: unknown) => p as string).send(json);
}

/** Lets `origin` read this answer (only an origin the server has just confirmed). */
function allowOrigin(reply: FastifyReply, origin: string) {
  reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
}

/** The built script, read again when the file changes; its gzip and ETag made once per build. */
function bundleReader() {
  let loaded: { mtimeMs: number; raw: Buffer; gzip: Buffer; etag: string } | undefined;
  return () => {
    if (!existsSync(componentsBundle)) return undefined;
    const { mtimeMs } = statSync(componentsBundle);
    if (loaded?.mtimeMs !== mtimeMs) {
      const raw = readFileSync(componentsBundle);
      loaded = { mtimeMs, raw, gzip: gzipSync(raw, { level: 9 }), etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 22)}"` };
    }
    return loaded;
  };
}

export function componentRoutes(app: FastifyInstance, ctx: Ctx, deps: { cache: CatalogCache; links: LinkCache }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const live = new ComponentLive(ctx, deps.cache, (err) => app.log.error({ err }, 'component live data: refresh failed'));
  // Open streams would hold the server open: they end before it closes.
  app.addHook('preClose', async () => live.close());
  const bundle = bundleReader();
  // A read that carries a token made for the request's Origin may be read by that origin, whatever it answers (also
  // a 404 of a route or record that is not there): the card then shows why, rather than a blocked request.
  // Every request passes here: those with no component token go on at once (no promise made for them).
  app.addHook('onRequest', (req, reply, done) => {
    if (!req.url.startsWith('/api/components/') || !req.url.includes('token=')) return done();
    (async () => {
      const token = new URL(req.url, 'http://trio').searchParams.get('token') ?? undefined;
      await grantOnce(req, () => readComponentToken(ctx, token, requestOrigin(req), (o) => allowOrigin(reply, o))).catch(() => undefined);
    })().then(() => done(), done);
  });

  r.get('/components.js', { schema: { hide: true } }, async (req, reply) => {
    const b = bundle();
    if (!b) throw new BadRequest('components_not_built', 'The components script has not been built (npm run build:web).');
    // Any site loads it with one script tag; a short max-age as its URL carries no version, then revalidated by ETag.
    reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=300, must-revalidate').header('etag', b.etag).header('vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === b.etag) return reply.code(304).send();
    reply.type('text/javascript; charset=utf-8');
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(b.gzip);
    return reply.send(b.raw);
  });

  r.post('/api/components/token', {
    schema: {
      tags: ['components'], security: [],
      summary: 'A short-lived token for the cards that need a link (product, gift), made for the request’s Origin: answered only when it is one of the mini-site’s allowed origins',
      description: 'Also accepts the JSON body as text/plain, so a browser sends it cross-origin without a preflight.',
      body: z.object({ appId: z.string().min(1).max(100) }),
      response: { 200: named(z.object({ token: z.string(), expiresAt: z.iso.datetime() }), 'ComponentToken'), ...errors(400, 403) },
    },
    preValidation: async (req) => {
      if (typeof req.body !== 'string') return;
      try {
        req.body = JSON.parse(req.body);
      } catch {
        throw new BadRequest('validation_failed', 'The body must be JSON: {"appId": "..."}.', { errors: [{ path: 'body', message: 'must be JSON' }] });
      }
    },
  }, async (req, reply) => {
    const origin = requestOrigin(req);
    const t = await issueComponentToken(ctx, req.body.appId, origin, ownOrigin(req));
    allowOrigin(reply, origin!);
    reply.header('cache-control', 'no-store');
    return { token: t.token, expiresAt: t.expiresAt.toISOString() };
  });

  r.get('/api/components/products/:productId', {
    schema: {
      tags: ['components'], security: [],
      summary: 'A product card (price, stock state, SKUs) for a site of a mini-site linked with the product’s store: needs the token and the same Origin',
      params: z.object({ productId: uuidParam }), querystring: z.object({ token: tokenQuery }),
      response: { 200: productCardSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    const grant = await grantOnce(req, () => readComponentToken(ctx, req.query.token, requestOrigin(req), (o) => allowOrigin(reply, o)));
    const card = await linkedProductCard(deps.cache, deps.links, ctx, grant, req.params.productId);
    // Polled when live data cannot stream: the browser revalidates with the ETag and gets 304 while nothing changed.
    reply.header('cache-control', 'private, no-cache').header('etag', card.etag);
    if (req.headers['if-none-match'] === card.etag) return (reply as FastifyReply).code(304).send();
    return sendJsonText(reply, card.json);
  });

  r.get('/api/components/stores/:storeId', {
    schema: {
      tags: ['components'], security: [], summary: 'A store card (any site may show it): name, products on sale, its page on Trio',
      params: z.object({ storeId: uuidParam }), response: { 200: storeCardSchema, ...errors(400, 404) },
    },
  }, async (req, reply) => {
    reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=30');
    return storeCard(deps.cache, ctx.db, req.params.storeId);
  });

  r.get('/api/components/live', {
    schema: {
      tags: ['components'], security: [],
      summary: 'Live product cards as Server-Sent Events (event `product` with a card; `unavailable`; `expired` when the token ends): needs the token, the same Origin and a link with every product’s store',
      querystring: z.object({
        token: tokenQuery,
        products: z.string().max(40 * 100).describe('Product ids, comma-separated'),
      }),
      produces: ['text/event-stream'],
      response: { 200: z.string().describe('text/event-stream'), ...errors(400, 401, 403, 429) },
    },
  }, async (req, reply) => {
    const ids = [...new Set(req.query.products.split(',').map((s) => s.trim()).filter(Boolean))];
    if (!ids.length || ids.length > ctx.config.componentLiveMaxProducts || !ids.every((id) => uuidParam.safeParse(id).success)) {
      throw new BadRequest('validation_failed', `products must be 1 to ${ctx.config.componentLiveMaxProducts} product ids, comma-separated.`, { errors: [{ path: 'querystring.products', message: 'product ids, comma-separated' }] });
    }
    const grant = await grantOnce(req, () => readComponentToken(ctx, req.query.token, requestOrigin(req), (o) => allowOrigin(reply, o)));
    const stores = new Set<string>();
    for (const id of ids) {
      const card = await productCard(deps.cache, ctx, id).catch(() => undefined);
      if (card) stores.add(card.card.storeId);
    }
    const linked = await linkedStores(deps.links, grant, [...stores]);
    if ([...stores].some((s) => !linked.has(s))) throw notLinked();
    if (live.full) throw new TooMany('Too many live cards are open: the card reads again every few seconds instead.', 30, 'too_many_requests');
    reply.hijack();
    reply.raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    reply.raw.write('retry: 2000\n\n');
    const storeIds = [...stores];
    const stillLinked = async () => {
      const now = await linkedStores(deps.links, grant, storeIds);
      return storeIds.every((s) => now.has(s));
    };
    await live.add(reply.raw, ids, grant.expiresAt, stillLinked);
    req.log.debug({ products: ids.length, open: live.open }, 'component live stream opened');
  });
}
