import { and, count, eq, gt, inArray, isNull, desc, sql } from 'drizzle-orm';
import { queryPrepared, type Db } from '../../db/client.ts';
import type { Actor, UserRole } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { recordAudit } from '../audit/index.ts';
import { rollupsChanged } from '../analytics/report-cache.ts';
import { Conflict, Invalid, NotFound, TooMany, Unauthorized } from '../../kernel/errors.ts';
import { KEY_FORBIDDEN, PERMISSIONS, type Permission } from '../../kernel/permissions.ts';
import type { DisplayChoice } from '../../kernel/money.ts';
import { hashPassword, hashToken, newToken, verifyPassword } from '../../kernel/tokens.ts';
import { liveSessions, sessionsChanged, type SessionCache } from './session-cache.ts';
import { apiKeys, loginAttempts, sessions, users, type CITY_TIERS, type GENDERS } from './schema.ts';

export type Profile = {
  displayName?: string;
  locale?: string;
  birthYear?: number | null;
  gender?: (typeof GENDERS)[number] | null;
  city?: string | null;
  cityTier?: (typeof CITY_TIERS)[number] | null;
  displayCurrency?: DisplayChoice | null;
};

export type NewUser = Profile & { email: string; password: string; role: UserRole; displayName: string };

export function publicUser(u: typeof users.$inferSelect) {
  return {
    id: u.id,
    email: u.email,
    role: u.role,
    displayName: u.displayName,
    locale: u.locale,
    birthYear: u.birthYear,
    gender: u.gender,
    city: u.city,
    cityTier: u.cityTier,
    displayCurrency: u.displayCurrency,
    createdAt: u.createdAt.toISOString(),
  };
}

/**
 * `passwordHash`: the password's hash made already (the demo accounts share one password: hashed once, not once per
 * account, since each hash costs about 0.1 s and 32 MiB).
 */
export async function createUser(db: Db, input: NewUser, opts: { passwordHash?: string } = {}) {
  const email = input.email.trim().toLowerCase();
  const passwordHash = opts.passwordHash ?? (await hashPassword(input.password));
  const [row] = await db
    .insert(users)
    .values({ ...input, email, passwordHash })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new Conflict('email_taken', 'An account with this e-mail already exists: sign in instead.');
  return row;
}

async function recentFailures(ctx: Ctx, column: typeof loginAttempts.email | typeof loginAttempts.ip, value: string) {
  const since = new Date(ctx.clock.now().getTime() - ctx.config.loginWindowMinutes * 60_000);
  const [r] = await ctx.db
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(column, value), eq(loginAttempts.succeeded, false), gt(loginAttempts.at, since)));
  return r.n;
}

/** Signs in; refuses for a while after too many failures for the e-mail or the address (shared by all processes). */
export async function login(ctx: Ctx, input: { email: string; password: string; ip: string }) {
  const email = input.email.trim().toLowerCase();
  const retry = ctx.config.loginWindowMinutes * 60;
  // The attempt is recorded as failed before it is checked, so parallel guesses count each other: at most the
  // allowed number of them get as far as the password check. A refused attempt is taken back out.
  const [attempt] = await ctx.db.insert(loginAttempts).values({ email, ip: input.ip, succeeded: false, at: ctx.clock.now() }).returning({ id: loginAttempts.id });
  if ((await recentFailures(ctx, loginAttempts.email, email)) > ctx.config.loginMaxFailuresPerEmail ||
      (await recentFailures(ctx, loginAttempts.ip, input.ip)) > ctx.config.loginMaxFailuresPerIp) {
    await ctx.db.delete(loginAttempts).where(eq(loginAttempts.id, attempt.id));
    throw new TooMany(`Too many failed sign-ins. Wait ${ctx.config.loginWindowMinutes} minutes, then try again.`, retry);
  }
  const [user] = await ctx.db.select().from(users).where(eq(users.email, email));
  const ok = user && !user.disabled ? await verifyPassword(input.password, user.passwordHash) : false;
  if (ok) await ctx.db.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attempt.id));
  if (!ok || !user) throw new Unauthorized('E-mail or password is wrong.', 'invalid_login');
  return { ...(await openSession(ctx, user.id)), user: publicUser(user) };
}

/** A new session of this user (what a sign-in gives once the password is checked): its bearer token. */
export async function openSession(ctx: Ctx, userId: string) {
  const token = newToken('trs');
  const expiresAt = new Date(ctx.clock.now().getTime() + ctx.config.sessionTtlHours * 3600_000);
  await ctx.db.insert(sessions).values({ userId, tokenHash: hashToken(token), expiresAt, createdAt: ctx.clock.now() });
  return { token, expiresAt: expiresAt.toISOString() };
}

export async function logout(ctx: Ctx, sessionId: string) {
  await inTransaction(ctx, async (tx) => {
    await tx.update(sessions).set({ revokedAt: ctx.clock.now() }).where(eq(sessions.id, sessionId));
    await sessionsChanged(tx);
  });
}

export async function getUser(db: Db, userId: string) {
  const [u] = await db.select().from(users).where(eq(users.id, userId));
  if (!u) throw new NotFound('user');
  return u;
}

export async function updateProfile(ctx: Ctx, userId: string, profile: Profile) {
  // Nothing to change (e.g. {} or only unknown fields) is not an error: answer with the profile as it is.
  if (Object.values(profile).every((v) => v === undefined)) return publicUser(await getUser(ctx.db, userId));
  const u = await inTransaction(ctx, async (tx) => {
    const [row] = await tx.update(users).set(profile).where(eq(users.id, userId)).returning();
    if (!row) throw new NotFound('user');
    // A cached session carries the display name: let every process read it again.
    if (profile.displayName !== undefined) await sessionsChanged(tx);
    // The analytics audience is of the paying buyers as their profile says now: every process's cached reports go.
    if (profile.birthYear !== undefined || profile.gender !== undefined || profile.cityTier !== undefined) await rollupsChanged(tx);
    return row;
  });
  return publicUser(u);
}

/** Session tokens start with trs_, API keys with trk_. */
export async function resolveBearer(ctx: Ctx, token: string, cache?: SessionCache): Promise<Actor | undefined> {
  const now = ctx.clock.now();
  if (token.startsWith('trk_')) {
    const [key] = await ctx.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, hashToken(token)), isNull(apiKeys.revokedAt)));
    if (!key) return undefined;
    await ctx.db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, key.id));
    return { kind: 'api_key', keyId: key.id, storeId: key.storeId, role: 'api_key', displayName: `API key ${key.name}`, scopes: key.scopes };
  }
  // Every signed-in request runs this: from the session cache when given one (a session not cached yet is read with
  // the others asked at the same moment), else a prepared statement.
  const hash = hashToken(token);
  const found = cache
    ? await cache.get(`s|${hash}`, async () => (await cache.lookup(hash)) ?? null)
    : (await liveSessions(ctx.db, [hash])).get(hash);
  if (!found || found.expiresAt <= now.getTime()) return undefined;
  const { expiresAt: _e, ...row } = found;
  if (!row) return undefined;
  return { kind: 'user', ...row };
}

/**
 * A key for the store with the scopes asked for: never staff.manage or api_keys.manage, and never more than its
 * creator may do in the store (`granted`, the creator's permissions there).
 */
export async function createApiKey(ctx: Ctx, actor: Extract<Actor, { kind: 'user' }>, storeId: string, input: { name: string; scopes: Permission[]; granted: readonly Permission[] }) {
  const scopes = [...new Set(input.scopes)].sort((a, b) => PERMISSIONS.indexOf(a) - PERMISSIONS.indexOf(b));
  const refused = scopes.filter((s) => KEY_FORBIDDEN.includes(s) || !input.granted.includes(s));
  if (refused.length) throw new Invalid('scope_not_allowed', `An API key cannot be given ${refused.join(', ')}.`, { refused });
  const name = input.name;
  const key = newToken('trk');
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ storeId, name, prefix: key.slice(0, 10), keyHash: hashToken(key), scopes, createdBy: actor.userId, createdAt: ctx.clock.now() })
      .returning();
    await recordAudit(tx, actor, { action: 'api_key.created', entityType: 'api_key', entityId: row.id, storeId, summary: name, before: null, after: { name, prefix: row.prefix, scopes } }, ctx.clock.now());
    // The key itself is shown once and never stored.
    return { ...publicApiKey(row), key };
  });
}

function publicApiKey(k: typeof apiKeys.$inferSelect) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  };
}

export async function listApiKeys(db: Db, storeId: string) {
  const rows = await db.select().from(apiKeys).where(eq(apiKeys.storeId, storeId)).orderBy(desc(apiKeys.createdAt));
  return rows.map(publicApiKey);
}

export async function revokeApiKey(ctx: Ctx, actor: Actor, storeId: string, keyId: string) {
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: ctx.clock.now() })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.storeId, storeId), isNull(apiKeys.revokedAt)))
      .returning();
    if (!row) throw new NotFound('api_key');
    await recordAudit(tx, actor, { action: 'api_key.revoked', entityType: 'api_key', entityId: row.id, storeId, summary: row.name, before: { revokedAt: null }, after: { revokedAt: row.revokedAt?.toISOString() } }, ctx.clock.now());
    return publicApiKey(row);
  });
}

/** Display names of users by id (a merchant sees who ordered). */
export async function userNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const list = [...new Set(ids)];
  if (!list.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, list));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A merchant account by e-mail (made an owner of a mini-site), or null; `role` tells a non-merchant account apart. */
export async function accountByEmail(db: Db, email: string): Promise<{ id: string; displayName: string; email: string; role: string } | null> {
  const [row] = await db.select({ id: users.id, displayName: users.displayName, email: users.email, role: users.role }).from(users)
    .where(eq(users.email, email.trim().toLowerCase()));
  return row ?? null;
}

/** E-mail and name of accounts by id. */
export async function accountContacts(db: Db, ids: string[]): Promise<Map<string, { email: string; displayName: string }>> {
  const list = [...new Set(ids)];
  if (!list.length) return new Map();
  const rows = await db.select({ id: users.id, email: users.email, displayName: users.displayName }).from(users).where(inArray(users.id, list));
  return new Map(rows.map((r) => [r.id, { email: r.email, displayName: r.displayName }]));
}

/** A buyer account by e-mail (a merchant sends a free gift to it), or null. */
export async function buyerByEmail(db: Db, email: string): Promise<{ id: string; displayName: string } | null> {
  const [row] = await db.select({ id: users.id, displayName: users.displayName }).from(users)
    .where(and(eq(users.email, email.trim().toLowerCase()), eq(users.role, 'buyer')));
  return row ?? null;
}
