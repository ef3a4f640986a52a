// Where /metrics answers: on a listener of its own bound to 127.0.0.1 (TRIO_METRICS_PORT), or on the main one to
// holders of TRIO_METRICS_TOKEN; with neither set, nowhere (the process's figures are nobody else's business).
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import type { Config } from '../config.ts';
import { Unauthorized } from './errors.ts';
import { fastifyCompilersOnUse } from './schema-compilers.ts';
import { clientErrorToProblem, registerProblemHandlers, routerErrorToProblem } from './problem.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether /metrics answers anywhere (a port of its own, or a token on the main one). */
export function metricsExposed(config: Pick<Config, 'metricsPort' | 'metricsToken'>): boolean {
  return config.metricsPort !== undefined || Boolean(config.metricsToken);
}

/** Adds /metrics where the settings say; returns the internal app to listen on 127.0.0.1, when there is one. */
export function exposeMetrics(app: FastifyInstance, registry: Registry, config: Pick<Config, 'metricsPort' | 'metricsToken'>): FastifyInstance | undefined {
  const schema = { tags: ['operations'], summary: 'Prometheus metrics (text exposition format); needs TRIO_METRICS_TOKEN as a bearer token', produces: ['text/plain'] };
  const send = async (_req: FastifyRequest, reply: FastifyReply) => reply.type(registry.contentType).send(await registry.metrics());
  if (config.metricsPort !== undefined) {
    const internal = Fastify({ logger: false, schemaController: { compilersFactory: fastifyCompilersOnUse }, frameworkErrors: routerErrorToProblem, clientErrorHandler: clientErrorToProblem });
    registerProblemHandlers(internal);
    internal.get('/metrics', send);
    app.addHook('onClose', () => internal.close());
    return internal;
  }
  const token = config.metricsToken;
  if (!token) return undefined;
  const expected = digest(`Bearer ${token}`);
  app.get('/metrics', {
    schema,
    onRequest: async (req, reply) => {
      if (!timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new Unauthorized('/metrics needs the metrics token: Authorization: Bearer <TRIO_METRICS_TOKEN>.', 'metrics_token_required');
      }
    },
  }, send);
  return undefined;
}
