// Builds the Fastify app from the modules' routes. No business logic here.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from './db/client.ts';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './kernel/clock.ts';
import type { Ctx } from './kernel/context.ts';
import { registerAuth } from './kernel/auth.ts';
import { accessTable } from './access.ts';
import { clientErrorToProblem, registerProblemHandlers, routerErrorToProblem, sendProblem } from './kernel/problem.ts';
import { problemSchema } from './kernel/http.ts';
import { registerRateLimits } from './kernel/rate-limit.ts';
import { docsCsp, registerSecurityHeaders, withSecurityHeaders } from './kernel/security-headers.ts';
import { exposeMetrics, metricsExposed } from './kernel/metrics-exposure.ts';
import { fastifyCompilersOnUse } from './kernel/schema-compilers.ts';
import { registerUploads } from './kernel/uploads.ts';
import { accountRoutes, resolveBearer, SessionCache } from './modules/accounts/index.ts';
import { CategoryTreeCache, followDepositPayments, merchantRoutes, storeRole, storeStatus } from './modules/merchants/index.ts';
import { CatalogCache, SoldOutSkus, ViewRecorder, catalogRoutes, followDeposits } from './modules/catalog/index.ts';
import { paymentRoutes } from './modules/payments/index.ts';
import { CHECKOUT_GATE_SLOTS, followPayments, miniSiteOrderRoutes, orderRoutes, popularProductIds } from './modules/orders/index.ts';
import { followGiftPayments, giftRoutes } from './modules/gifts/index.ts';
import { giftMerchantRoutes } from './modules/gifts/merchant-routes.ts';
import { afterSaleRoutes } from './modules/aftersales/routes.ts';
import { disputeRoutes } from './modules/aftersales/dispute-routes.ts';
import { returnAddressRoutes } from './modules/aftersales/return-address-routes.ts';
import { followRefundsForReturns, withdrawalRoutes } from './modules/withdrawals/index.ts';
import { followAfterSalesRefunds } from './modules/aftersales/money.ts';
import { dashboardRoutes } from './modules/dashboard/index.ts';
import { ReportCache, analyticsRoutes, followForAnalytics, markViews } from './modules/analytics/index.ts';
import { followOrdersForNotices, verifySignedRequest } from './modules/minisite/index.ts';
import { noticeRoutes } from './modules/minisite/notice-routes.ts';
import { followEventsForWebhooks, webhookRoutes } from './modules/webhooks/index.ts';
import { serverApiRoutes } from './modules/minisite/server-api-routes.ts';
import { miniSiteRoutes } from './modules/minisite/index.ts';
import { mediaRoutes } from './modules/minisite/media-routes.ts';
import { giftActivityRoutes } from './modules/minisite/gift-activity-routes.ts';
import type { DemoProgress } from './demo/rest.ts';
import { demoRoutes } from './demo/routes.ts';
import { sectionRoutes } from './modules/minisite/index.ts';
import { componentRoutes } from './modules/minisite/component-routes.ts';
import { LinkCache } from './modules/minisite/link-cache.ts';
import { followMembership, membershipRoutes } from './modules/membership/index.ts';
import { couponRoutes, followMemberJoined } from './modules/coupons/index.ts';
import { InboxLive, followDeliveriesForReminders, followEventsForNotices, followedStoreIds, serviceAccountRoutes } from './modules/service-account/index.ts';

export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');
/** The web build's folder of hashed files (Vite's assetsDir). */
const WEB_ASSETS = 'assets';

/** Each request is logged at debug, not info: at the default level `npm start`'s ready banner is not buried under
 *  two lines per request (LOG_LEVEL=debug shows them). A request that failed is still logged as an error. */
class RequestsAtDebug extends LogController {
  override incomingRequest(req: FastifyRequest) {
    req.log.debug({ req }, 'incoming request');
  }
  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply) {
    if (error) reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

export type AppOptions = { database: Database; config: Config; clock?: Clock; logger?: boolean | object; /** The built web app (default web/dist). */ webDist?: string; /** Where the demo data's loading is (GET /api/demo/status; startTrio's). */ demoProgress?: DemoProgress };

/** `metricsApp`: /metrics alone, for main.ts to listen on 127.0.0.1 at TRIO_METRICS_PORT (when that is set). */
export async function buildApp(opts: AppOptions): Promise<{ app: FastifyInstance; ctx: Ctx; metricsApp?: FastifyInstance }> {
  const { database, config } = opts;
  const ctx: Ctx = { db: database.db, clock: opts.clock ?? systemClock, config };
  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    // The client's address (req.ip, which the per-address limits count) is believed only from the configured proxies.
    trustProxy: config.trustProxy,
    ajv: undefined,
    schemaController: { compilersFactory: fastifyCompilersOnUse },
    // Every answer is problem+json, also the router's own (414, bad URL) and the HTTP parser's (400, 408, 431).
    frameworkErrors: (err, req, reply) => routerErrorToProblem(err, req, withSecurityHeaders(req, reply)),
    clientErrorHandler: clientErrorToProblem,
    return503OnClosing: false,
    pluginTimeout: config.pluginTimeoutMs,
    logController: new RequestsAtDebug(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Web app: built files; index.html for `/` whatever the Accept header (curl, probes), and for every other GET outside
  // /api that asks for HTML (client-side routes). Other non-HTML asks of unknown paths stay 404 problems.
  const webRoot = opts.webDist ?? webDist;
  const serveWeb = existsSync(webRoot);
  registerProblemHandlers(app, {
    notFoundFallback: serveWeb
      ? (req, reply) => {
          if (req.method !== 'GET') return undefined;
          const pathname = req.url.split('?')[0];
          const wantsApp = pathname === '/' || (!req.url.startsWith('/api/') && (req.headers.accept ?? '').includes('text/html'));
          return wantsApp ? reply.type('text/html').sendFile('index.html') : undefined;
        }
      : undefined,
  });

  await registerSecurityHeaders(app);
  await registerRateLimits(app, ctx);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Trio API',
        version: '0.1.0',
        description:
          'Trio social-commerce platform. Authenticate with `Authorization: Bearer <token>` (a session token from /api/auth/login, or a store API key). ' +
          'Money is an integer in minor units (fen for CNY). Errors are application/problem+json with a stable `code`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', transformStaticCSP: docsCsp });
  await registerUploads(app, { limits: { fileSize: config.uploadMaxBytes + 1, files: 1 } });

  const onCacheError = (err: unknown) => app.log.warn({ err }, 'cache invalidation listener lost; reading versions from the database until it is back');
  const sessionCache = new SessionCache(ctx.db, { databaseUrl: config.databaseUrl, onError: onCacheError });
  await sessionCache.start();
  app.addHook('onClose', () => sessionCache.close());
  registerAuth(app, {
    resolveBearer: async (token) => {
      const actor = await resolveBearer(ctx, token, sessionCache);
      // A key of a closed store no longer opens anything.
      if (actor?.kind === 'api_key' && (await storeStatus(ctx.db, actor.storeId)) === 'closed') return undefined;
      return actor;
    },
    storeRole: (userId, storeId) => storeRole(ctx.db, userId, storeId),
    verifySigned: (req) => verifySignedRequest(ctx, req),
  }, accessTable);

  // Operations. Metrics are collected only where they can be read (TRIO_METRICS_PORT or TRIO_METRICS_TOKEN): with
  // neither, prom-client is not even loaded (~0.05–0.08 s of each start) and no request pays for a histogram.
  const client = metricsExposed(config) ? (await import('prom-client')).default : undefined;
  const registry = client && new client.Registry();
  if (client && registry) {
    client.collectDefaultMetrics({ register: registry });
    const httpDuration = new client.Histogram({
      name: 'trio_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    app.addHook('onResponse', async (req, reply) => {
      httpDuration.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: reply.statusCode }, reply.elapsedTime / 1000);
    });
  }
  const ops = app.withTypeProvider<ZodTypeProvider>();
  ops.get('/health', { schema: { tags: ['operations'], summary: 'Liveness: the process answers', response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));
  ops.get('/ready', {
    schema: { tags: ['operations'], summary: 'Readiness: the database answers', response: { 200: z.object({ status: z.literal('ready'), database: z.enum(['pglite', 'postgres']) }), 503: problemSchema } },
  }, async (req, reply) => {
    try {
      await database.ping();
      return { status: 'ready' as const, database: database.kind };
    } catch (err) {
      req.log.error({ err }, 'database not reachable');
      return sendProblem(reply, req, { status: 503, code: 'database_unreachable', detail: 'The database does not answer.' });
    }
  });
  const metricsApp = registry && exposeMetrics(app, registry, config);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Modules
  accountRoutes(app, ctx);
  demoRoutes(app, config, opts.demoProgress);
  const treeCache = new CategoryTreeCache(ctx.db, { databaseUrl: config.databaseUrl, onError: onCacheError });
  const cache = new CatalogCache(ctx.db, { databaseUrl: config.databaseUrl, onError: onCacheError });
  const links = new LinkCache(ctx.db, { databaseUrl: config.databaseUrl, onError: onCacheError });
  const reportAnswers = client && registry && new client.Counter({ name: 'trio_analytics_reports_total', help: 'Analytics reports answered, by whether this request built it', labelNames: ['answer'], registers: [registry] });
  const reports = new ReportCache(ctx.db, { databaseUrl: config.databaseUrl, onError: onCacheError, onAnswer: (built) => reportAnswers?.inc({ answer: built ? 'built' : 'cached' }),
    staleMs: config.analyticsStaleMs, now: () => ctx.clock.now().getTime() });
  await Promise.all([treeCache.start(), cache.start(), links.start(), reports.start()]);
  merchantRoutes(app, ctx, { treeCache });
  const views = new ViewRecorder(ctx.db, (err) => app.log.error({ err }, 'recording product views failed'), undefined,
    (tx, batch) => markViews(tx, ctx.clock.now(), ctx.config.timeZone, batch), config.eventCapture);
  app.addHook('onClose', async () => {
    await views.close();
    await Promise.all([cache.close(), treeCache.close(), links.close(), reports.close()]);
  });
  catalogRoutes(app, ctx, { cache, views, home: { popularProductIds, followedStoreIds } });
  paymentRoutes(app, ctx);
  followDeposits();
  orderRoutes(app, ctx, { soldOut: new SoldOutSkus(cache, CHECKOUT_GATE_SLOTS), events: views });
  giftRoutes(app, ctx);
  giftMerchantRoutes(app, ctx);
  afterSaleRoutes(app, ctx);
  followPayments(ctx.clock);
  followDepositPayments();
  followGiftPayments(ctx.clock);
  disputeRoutes(app, ctx);
  returnAddressRoutes(app, ctx);
  withdrawalRoutes(app, ctx);
  followAfterSalesRefunds(ctx);
  followRefundsForReturns(ctx);
  dashboardRoutes(app, ctx);
  analyticsRoutes(app, ctx, { reports, tree: treeCache, catalog: cache });
  serverApiRoutes(app, ctx);
  miniSiteRoutes(app, ctx);
  noticeRoutes(app, ctx);
  followOrdersForNotices();
  webhookRoutes(app, ctx);
  followEventsForWebhooks();
  mediaRoutes(app, ctx);
  miniSiteOrderRoutes(app, ctx);
  giftActivityRoutes(app, ctx, { links });
  sectionRoutes(app, ctx);
  componentRoutes(app, ctx, { cache, links });
  membershipRoutes(app, ctx);
  followMembership(ctx);
  followForAnalytics(ctx);
  couponRoutes(app, ctx);
  followMemberJoined();
  const inboxLive = new InboxLive(ctx, database, (err) => app.log.warn({ err }, 'inbox live: listener lost or a push failed'));
  await inboxLive.start();
  app.addHook('preClose', () => inboxLive.close());
  serviceAccountRoutes(app, ctx, { live: inboxLive });
  followEventsForNotices();
  followDeliveriesForReminders();

  if (serveWeb) {
    // The files at the top (index.html) are routes of their own; the build's hashed files under assets/ (hundreds, with
    // their source maps) are served by one wildcard route: a route per file took ~0.1–0.2 s of CPU at each start.
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false, serve: true, prefix: '/', globIgnore: [`${WEB_ASSETS}/**`] });
    const assets = path.join(webRoot, WEB_ASSETS);
    // The folder itself is no file: a 404 as before (not send's 403 for a folder).
    if (existsSync(assets)) await app.register(fastifyStatic, { root: assets, wildcard: true, index: false, serve: true, prefix: `/${WEB_ASSETS}/`, decorateReply: false, allowedPath: (file) => file !== '/' });
  }
  return { app, ctx, metricsApp };
}
