import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Forbidden, NotFound, Unauthorized } from './errors.ts';

export type UserRole = 'operator' | 'merchant' | 'buyer';
/** Who is calling: a signed-in user, or a merchant integration through an API key scoped to one store. */
export type Actor =
  | { kind: 'user'; userId: string; role: UserRole; displayName: string; sessionId: string }
  | { kind: 'api_key'; keyId: string; storeId: string; role: 'api_key'; displayName: string };

export type AccessRole = UserRole | 'api_key';
/**
 * Every /api route declares who may call it, in its route config:
 *   config: { access: 'public' }
 *   config: { access: { roles: ['operator'] } }
 *   config: { access: { roles: ['merchant', 'api_key'], storeParam: 'storeId' } }   // must belong to that store
 */
export type Access = 'public' | { roles: AccessRole[]; storeParam?: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor?: Actor;
  }
}

export type AuthResolvers = {
  /** Resolves a bearer credential (session token or API key) to an actor, or undefined. */
  resolveBearer(token: string): Promise<Actor | undefined>;
  /** Does this user belong to this store (owner or staff)? */
  isStoreMember(userId: string, storeId: string): Promise<boolean>;
};

export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new Unauthorized();
  return req.actor;
}

export function userOf(req: FastifyRequest): Extract<Actor, { kind: 'user' }> {
  const a = actorOf(req);
  if (a.kind !== 'user') throw new Forbidden('This action needs a signed-in person, not an API key.');
  return a;
}

export function registerAuth(app: FastifyInstance, resolvers: AuthResolvers) {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.config?.access) {
      throw new Error(`route ${route.method} ${route.url} declares no access (config.access)`);
    }
  });

  // Who is calling, and may their role call this route at all: before the body is even parsed.
  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config?.access;
    if (!access) return;
    const header = req.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw new Unauthorized('The Authorization header must be "Bearer <token>".', 'invalid_credentials');
      const actor = await resolvers.resolveBearer(m[1]);
      if (!actor) throw new Unauthorized('The session has expired or the key was revoked: sign in again.', 'invalid_credentials');
      req.actor = actor;
    }
    if (access === 'public') return;
    const actor = req.actor;
    if (!actor) throw new Unauthorized();
    if (!access.roles.includes(actor.role)) {
      throw new Forbidden(`This action is for ${access.roles.join(' or ')}; you are signed in as ${actor.role}.`);
    }
  });

  // Store scope, once the path parameters are validated.
  app.addHook('preHandler', async (req) => {
    const access = req.routeOptions.config?.access;
    if (!access || access === 'public' || !access.storeParam) return;
    const actor = actorOf(req);
    if (actor.role === 'operator') return;
    const storeId = (req.params as Record<string, string>)[access.storeParam];
    const allowed =
      actor.kind === 'api_key' ? actor.storeId === storeId : await resolvers.isStoreMember(actor.userId, storeId);
    // Another store's data is indistinguishable from missing data.
    if (!allowed) throw new NotFound('store');
  });
}
