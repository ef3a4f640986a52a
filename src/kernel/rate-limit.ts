// Abuse limits: which routes are limited, per what (client address or account), and how a refusal reads. The
// limits themselves (how many, per how long) are settings (config.ts `limits`); the counters live in the database
// (rate-limit-store.ts), so every process shares them. Sign-in failures and unknown gift links keep their own
// counters in their modules (accounts, gifts): they count misses, not requests.
import { createHash } from 'node:crypto';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Ctx } from './context.ts';
import { TooMany } from './errors.ts';
import { databaseStore } from './rate-limit-store.ts';

export type LimitName = keyof Config['limits'];

type Limit = {
  /** Counted per client address (before the body is read), or per signed-in account (after sign-in and store checks). */
  per: 'address' | 'account';
  /** What the refusal says; the wait is added. */
  message: string;
};

export const LIMITS: Record<LimitName, Limit> = {
  register: { per: 'address', message: 'Too many accounts were created from this address.' },
  login: { per: 'address', message: 'Too many sign-ins from this address.' },
  claim: { per: 'account', message: 'Too many gift claims from this account.' },
  upload: { per: 'account', message: 'Too many uploads from this account.' },
  events: { per: 'address', message: 'Too many storefront events from this address.' },
};

/** Every limited route, by method and path as declared. Routes of one limit share its counter. */
export const ROUTE_LIMITS: Record<string, LimitName> = {
  'POST /api/auth/register': 'register',
  'POST /api/auth/login': 'login',
  'POST /api/gift-links/:token/claim': 'claim',
  'POST /api/gift-links/:token/join': 'claim',
  'POST /api/merchant/stores/:storeId/documents': 'upload',
  'POST /api/merchant/stores/:storeId/images': 'upload',
  'POST /api/after-sales/photos': 'upload',
  'POST /api/minisites/:miniSiteId/sections/images': 'upload',
  'POST /api/storefront/events': 'events',
};

/** Who is counted: the client address (IPv6 by /64), or the account (a user or an API key) when signed in. */
function subject(limit: Limit, req: FastifyRequest): string {
  const a = req.actor;
  if (limit.per === 'account' && a) return a.kind === 'user' ? `user:${a.userId}` : `key:${a.keyId}`;
  return `ip:${normalizeIP(req.ip)}`;
}

/**
 * Who a storefront visitor is, for leaving out their repeated views and events: the signed-in account, else the client
 * address (IPv6 by /64) with a hash of the browser's User-Agent (people behind one address stay apart).
 */
export function visitorOf(req: FastifyRequest): string {
  const a = req.actor;
  if (a) return a.kind === 'user' ? `user:${a.userId}` : `key:${a.keyId}`;
  const agent = createHash('sha256').update(String(req.headers['user-agent'] ?? '')).digest('base64url').slice(0, 12);
  return `ip:${normalizeIP(req.ip)}|${agent}`;
}

function minutes(seconds: number) {
  return Math.max(1, Math.ceil(seconds / 60));
}

/** Registers @fastify/rate-limit over the database and puts ROUTE_LIMITS on their routes. Call before the routes. */
export async function registerRateLimits(app: FastifyInstance, ctx: Ctx) {
  const seen = new Set<string>();
  // Runs before the plugin's own onRoute hook, which reads config.rateLimit.
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const name = ROUTE_LIMITS[`${method} ${route.url}`];
      if (!name) continue;
      seen.add(`${method} ${route.url}`);
      const limit = LIMITS[name];
      const { max, windowMinutes } = ctx.config.limits[name];
      route.config = {
        ...route.config,
        rateLimit: {
          max,
          timeWindow: windowMinutes * 60_000,
          hook: limit.per === 'address' ? 'onRequest' : 'preHandler',
          keyGenerator: (req) => `${name}|${subject(limit, req)}`,
          errorResponseBuilder: (_req, c) => {
            const wait = Math.ceil(c.ttl / 1000);
            return new TooMany(`${limit.message} Try again in ${minutes(wait)} minute${minutes(wait) === 1 ? '' : 's'}.`, wait, 'too_many_requests');
          },
        },
      };
    }
  });
  app.addHook('onReady', async () => {
    const missing = Object.keys(ROUTE_LIMITS).filter((r) => !seen.has(r));
    if (missing.length) throw new Error(`ROUTE_LIMITS names routes that do not exist: ${missing.join(', ')}`);
  });
  await app.register(rateLimit, { global: false, store: databaseStore(ctx.db, ctx.clock) });
}
