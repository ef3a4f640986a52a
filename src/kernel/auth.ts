import type { FastifyInstance, FastifyReply, FastifyRequest, RequestPayload } from 'fastify';
import { Readable } from 'node:stream';
import { AppError, BadRequest, Forbidden, NotFound, Unauthorized } from './errors.ts';
import { KEY_FORBIDDEN, ROLE_PERMISSIONS, type Permission, type StoreRole } from './permissions.ts';

export type UserRole = 'operator' | 'merchant' | 'buyer';
/** Who is calling: a signed-in user, or a merchant integration through an API key scoped to one store. */
export type Actor =
  | { kind: 'user'; userId: string; role: UserRole; displayName: string; sessionId: string }
  | { kind: 'api_key'; keyId: string; storeId: string; role: 'api_key'; displayName: string; scopes: Permission[] };

export type AccessRole = UserRole | 'api_key';
/**
 * Who may call a route. Every /api route has one entry in the access table (src/access.ts):
 *   'public'                                            anyone, signed in or not
 *   { roles, scope: 'own' }                             those roles, each only ever reaching their own rows (the handler filters)
 *   { roles, scope: 'platform' }                        those roles, platform-wide (operators)
 *   { roles, storeParam, permission }                   members of the store in that path parameter whose store role grants
 *                                                       the permission, or (with 'api_key' in roles) the store's keys with it in scope
 *   'signed'                                            a mini-site's server, by the signature of the request (headers
 *                                                       Trio-App-Id, -Timestamp, -Nonce, -Signature over method, path, time,
 *                                                       nonce and the raw body): checked by `verifySigned` once the body is read
 */
export type StoreAccess = { roles: ('merchant' | 'api_key')[]; storeParam: string; permission: Permission };
export type Access = 'public' | 'signed' | { roles: AccessRole[]; scope: 'own' | 'platform' } | StoreAccess;
export type AccessTable = Record<string, Access>;

/** What the caller may do in the store of a store-scoped route (set by the guard). */
export type StoreGrant = { storeId: string; role: StoreRole | 'api_key'; permissions: readonly Permission[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor?: Actor;
    storeGrant?: StoreGrant;
    /** The request body's bytes as received, on 'signed' routes (what the signature covers). */
    rawBody?: Buffer;
  }
}

export type AuthResolvers = {
  /** Resolves a bearer credential (session token or API key) to an actor, or undefined. */
  resolveBearer(token: string): Promise<Actor | undefined>;
  /** The user's role in this store, or undefined when not a member (one indexed lookup: it runs on every store call). */
  storeRole(userId: string, storeId: string): Promise<StoreRole | undefined>;
  /** Checks a 'signed' route's request (its raw body in req.rawBody) and says who sent it on the request; throws a 401 problem. */
  verifySigned?(req: FastifyRequest): Promise<void>;
};

/** The headers a signed request must carry (lower case). */
export const SIGNED_HEADERS = ['trio-app-id', 'trio-timestamp', 'trio-nonce', 'trio-signature'] as const;

export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new Unauthorized();
  return req.actor;
}

export function userOf(req: FastifyRequest): Extract<Actor, { kind: 'user' }> {
  const a = actorOf(req);
  if (a.kind !== 'user') throw new Forbidden('This action needs a signed-in person, not an API key.');
  return a;
}

export function grantOf(req: FastifyRequest): StoreGrant {
  if (!req.storeGrant) throw new Error('grantOf() on a route that is not store-scoped');
  return req.storeGrant;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The table's key for a route: `METHOD /url` (HEAD shares its GET's entry). */
export const accessKey = (method: string, url: string) => `${method === 'HEAD' ? 'GET' : method} ${url}`;

/** Throws when an entry cannot be right whatever the route does. */
function checkEntry(key: string, access: Access) {
  if (access === 'public' || access === 'signed' || !('storeParam' in access)) return;
  if (!key.includes(`:${access.storeParam}`)) throw new Error(`access for ${key}: no :${access.storeParam} in its path`);
  if (access.roles.includes('api_key') && KEY_FORBIDDEN.includes(access.permission)) {
    throw new Error(`access for ${key}: API keys can never hold ${access.permission}`);
  }
}

export function registerAuth(app: FastifyInstance, resolvers: AuthResolvers, table: AccessTable) {
  // Every /api route's access comes from the table: a route without an entry stops the app from starting.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    for (const method of [route.method].flat()) {
      const key = accessKey(method, route.url);
      const access = table[key];
      // (A GET's HEAD twin arrives with the GET's entry already set.)
      if (route.config?.access && route.config.access !== access) throw new Error(`route ${key} declares its access inline: move it into the access table (src/access.ts)`);
      if (!access) throw new Error(`route ${key} declares no access: add it to the access table (src/access.ts)`);
      checkEntry(key, access);
      route.config = { ...route.config, access };
      // The signature's hooks go on the signed routes alone: no other request runs them.
      if (access === 'signed') {
        route.preParsing = withHook(route.preParsing, readSignedBody);
        route.preValidation = withHook(route.preValidation, verifySigned);
      }
    }
  });
  // Set on every request (the shape of a request stays one, not a property added to some).
  app.decorateRequest('actor', undefined);
  app.decorateRequest('storeGrant', undefined);
  app.decorateRequest('rawBody', undefined);

  // Who is calling, may their role call this route, and in which store: all before the body is even read.
  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config?.access;
    if (!access) return;
    if (access === 'signed') {
      // A mini-site's server signs; sessions and keys do not open these routes.
      const missing = SIGNED_HEADERS.filter((h) => typeof req.headers[h] !== 'string' || !req.headers[h]);
      if (missing.length) throw new Unauthorized(`Sign the request: the headers ${missing.join(', ')} are missing.`, 'signature_missing');
      return;
    }
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
    if (!(access.roles as AccessRole[]).includes(actor.role)) {
      throw new Forbidden(`This action is for ${access.roles.join(' or ')}; you are signed in as ${actor.role}.`);
    }
    if ('storeParam' in access) {
      const storeId = (req.params as Record<string, string>)[access.storeParam];
      // Checked here, before the schema runs, so a malformed id is named as the validator would.
      if (!UUID.test(storeId ?? '')) {
        throw new BadRequest('validation_failed', `Path parameter ${access.storeParam} must be a UUID.`, { errors: [{ path: `params.${access.storeParam}`, message: 'must be a UUID' }] });
      }
      req.storeGrant = await storeGrant(resolvers, actor, access, storeId);
    }
  });

  // The bytes a signature covers: read whole (within the body limit) before any parser sees them.
  async function readSignedBody(req: FastifyRequest, _reply: FastifyReply, payload: RequestPayload) {
    const limit = req.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 1_048_576;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of payload) {
      size += (chunk as Buffer).length;
      if (size > limit) throw new AppError(413, 'payload_too_large', `The request body is larger than allowed (${limit} bytes).`);
      chunks.push(chunk as Buffer);
    }
    req.rawBody = Buffer.concat(chunks);
    const copy = Readable.from(req.rawBody.length ? [req.rawBody] : []) as Readable & { receivedEncodedLength?: number };
    copy.receivedEncodedLength = req.rawBody.length;
    return copy;
  }
  async function verifySigned(req: FastifyRequest) {
    if (!resolvers.verifySigned) throw new Error('a signed route without a verifySigned resolver');
    req.rawBody ??= Buffer.alloc(0);
    await resolvers.verifySigned(req);
  }
}

/** A route's hooks of one kind with `hook` added last (once: a GET's HEAD twin arrives with the GET's hooks). */
function withHook<H>(hooks: H | H[] | undefined, hook: H): H[] {
  const list = hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];
  return list.includes(hook) ? list : [...list, hook];
}

async function storeGrant(resolvers: AuthResolvers, actor: Actor, access: StoreAccess, storeId: string): Promise<StoreGrant> {
  // Another store's data is indistinguishable from missing data.
  if (actor.kind === 'api_key') {
    if (actor.storeId !== storeId.toLowerCase()) throw new NotFound('store');
    if (!actor.scopes.includes(access.permission)) {
      throw new Forbidden(`This API key's scopes do not include ${access.permission}.`, 'scope_missing');
    }
    return { storeId: actor.storeId, role: 'api_key', permissions: actor.scopes };
  }
  const role = await resolvers.storeRole(actor.userId, storeId);
  if (!role) throw new NotFound('store');
  const permissions = ROLE_PERMISSIONS[role];
  if (!permissions.includes(access.permission)) {
    throw new Forbidden(`Your role in this store (${role}) does not allow ${access.permission}.`, 'permission_missing');
  }
  return { storeId, role, permissions };
}
