// Mini-sites: created by any merchant account (the app secret is answered once, only its hash is kept), edited,
// their secret rotated, their owners added and removed (never the last). Each change one transaction, audited.
// Another account's mini-site is "not found".
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { accountByEmail, accountContacts } from '../accounts/index.ts';
import { linksChanged } from './link-cache.ts';
import { ownsMiniSite } from './reads.ts';
import { badOrigin, isAllowedCallbackUrl, MAX_ALLOWED_ORIGINS, type MiniSiteLocale } from './rules.ts';
import { miniSiteLinks, miniSiteOwners, miniSites } from './schema.ts';
import { newAppId, newAppSecret, secretKey } from './signature.ts';

export type User = Extract<Actor, { kind: 'user' }>;
type MiniSiteRow = typeof miniSites.$inferSelect;

export type MiniSiteSettings = { name: string; defaultLocale: MiniSiteLocale; allowedOrigins: string[]; callbackUrl: string | null };
export type MiniSiteInput = MiniSiteSettings & { slug: string };

/** 404 unless the account owns the mini-site (another account's mini-site does not exist for it). */
export async function assertOwner(db: Db, userId: string, miniSiteId: string) {
  if (!(await ownsMiniSite(db, userId, miniSiteId))) throw new NotFound('mini_site');
}

/** Refuses origins and callback URLs Trio would not trust; answers the origins without duplicates, in order. */
function checkSettings(s: Partial<MiniSiteSettings>) {
  if (s.allowedOrigins) {
    const bad = badOrigin(s.allowedOrigins);
    if (bad !== undefined) {
      throw new Invalid('origin_invalid', `"${bad}" is not an allowed origin: write it as scheme://host[:port] with nothing after it, https (http only for localhost or 127.0.0.1).`, { origin: bad });
    }
    if (s.allowedOrigins.length > MAX_ALLOWED_ORIGINS) throw new Invalid('origins_too_many', `A mini-site allows at most ${MAX_ALLOWED_ORIGINS} origins.`);
  }
  if (s.callbackUrl != null && !isAllowedCallbackUrl(s.callbackUrl)) {
    throw new Invalid('callback_url_invalid', 'The callback URL must be an https address (http only for localhost or 127.0.0.1), without user name or fragment.');
  }
  return s.allowedOrigins ? [...new Set(s.allowedOrigins)] : undefined;
}

function settingsOf(m: MiniSiteRow) {
  return { name: m.name, defaultLocale: m.defaultLocale, allowedOrigins: m.allowedOrigins, callbackUrl: m.callbackUrl };
}

/** A merchant account creates a mini-site and becomes its owner; the answer carries the app secret, never shown again. */
export async function createMiniSite(ctx: Ctx, actor: User, input: MiniSiteInput) {
  const allowedOrigins = checkSettings(input) ?? [];
  const secret = newAppSecret();
  const id = await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    // The slug's unique index decides between two creations with the same slug; the loser learns it as slug_taken.
    const [row] = await tx.insert(miniSites).values({
      appId: newAppId(), secretHash: secretKey(secret), secretRotatedAt: now, slug: input.slug, name: input.name,
      allowedOrigins, callbackUrl: input.callbackUrl, defaultLocale: input.defaultLocale, createdBy: actor.userId, createdAt: now, updatedAt: now,
    }).onConflictDoNothing().returning();
    if (!row) throw new Conflict('slug_taken', `The address /m/${input.slug} is taken: choose another slug.`, { slug: input.slug });
    await tx.insert(miniSiteOwners).values({ miniSiteId: row.id, userId: actor.userId, addedAt: now });
    await recordAudit(tx, actor, { action: 'minisite.created', entityType: 'mini_site', entityId: row.id, summary: row.name, after: { slug: row.slug, appId: row.appId, ...settingsOf(row) } }, now);
    return row.id;
  });
  return { miniSite: await miniSiteDetail(ctx.db, id), secret };
}

async function lockMiniSite(tx: Db, id: string) {
  const [m] = await tx.select().from(miniSites).where(eq(miniSites.id, id)).for('update');
  if (!m) throw new NotFound('mini_site');
  return m;
}

/** Changes the name, allowed origins, callback URL or language (what is not given stays). */
export async function updateMiniSite(ctx: Ctx, actor: User, id: string, patch: Partial<MiniSiteSettings>) {
  const allowedOrigins = checkSettings(patch);
  await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const before = await lockMiniSite(tx, id);
    const [after] = await tx.update(miniSites).set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.defaultLocale !== undefined ? { defaultLocale: patch.defaultLocale } : {}),
      ...(allowedOrigins ? { allowedOrigins } : {}),
      ...(patch.callbackUrl !== undefined ? { callbackUrl: patch.callbackUrl } : {}),
      updatedAt: now,
    }).where(eq(miniSites.id, id)).returning();
    if (allowedOrigins) await linksChanged(tx);
    await recordAudit(tx, actor, { action: 'minisite.updated', entityType: 'mini_site', entityId: id, summary: after.name, before: settingsOf(before), after: settingsOf(after) }, now);
  });
  return miniSiteDetail(ctx.db, id);
}

/** A new app secret, answered once; the old one stops signing at once (its hash is replaced in the same statement). */
export async function rotateSecret(ctx: Ctx, actor: User, id: string) {
  const secret = newAppSecret();
  await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const m = await lockMiniSite(tx, id);
    await tx.update(miniSites).set({ secretHash: secretKey(secret), secretRotatedAt: now, updatedAt: now }).where(eq(miniSites.id, id));
    await recordAudit(tx, actor, { action: 'minisite.secret_rotated', entityType: 'mini_site', entityId: id, summary: m.name }, now);
  });
  return { miniSite: await miniSiteDetail(ctx.db, id), secret };
}

/** Makes another merchant account (by e-mail) an owner. */
export async function addOwner(ctx: Ctx, actor: User, id: string, email: string) {
  await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const m = await lockMiniSite(tx, id);
    const account = await accountByEmail(tx, email);
    if (!account) throw new Invalid('owner_account_unknown', 'No Trio account has this e-mail: the person registers as a merchant first.');
    if (account.role !== 'merchant') throw new Invalid('owner_not_merchant', 'Only a merchant account can own a mini-site.');
    const [added] = await tx.insert(miniSiteOwners).values({ miniSiteId: id, userId: account.id, addedAt: now }).onConflictDoNothing().returning();
    if (!added) throw new Conflict('already_owner', 'This account already owns the mini-site.');
    await recordAudit(tx, actor, { action: 'minisite.owner_added', entityType: 'mini_site', entityId: id, summary: `${m.name}: ${account.email}`, after: { userId: account.id, email: account.email } }, now);
  });
  return miniSiteDetail(ctx.db, id);
}

/** Removes an owner (also oneself); the last owner stays. */
export async function removeOwner(ctx: Ctx, actor: User, id: string, userId: string) {
  await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    // The mini-site's row is locked first: two removals at once cannot both see another owner left.
    const m = await lockMiniSite(tx, id);
    const owners = await tx.select({ userId: miniSiteOwners.userId }).from(miniSiteOwners).where(eq(miniSiteOwners.miniSiteId, id));
    if (!owners.some((o) => o.userId === userId)) throw new NotFound('mini_site_owner');
    if (owners.length === 1) throw new Conflict('last_owner', 'A mini-site keeps at least one owner: add another before removing this one.');
    await tx.delete(miniSiteOwners).where(and(eq(miniSiteOwners.miniSiteId, id), eq(miniSiteOwners.userId, userId)));
    const who = (await accountContacts(tx, [userId])).get(userId);
    await recordAudit(tx, actor, { action: 'minisite.owner_removed', entityType: 'mini_site', entityId: id, summary: `${m.name}: ${who?.email ?? userId}`, before: { userId, email: who?.email ?? null } }, now);
  });
  return miniSiteDetail(ctx.db, id);
}

function summary(m: MiniSiteRow) {
  return {
    id: m.id, appId: m.appId, slug: m.slug, ...settingsOf(m), defaultLocale: m.defaultLocale as MiniSiteLocale,
    secretRotatedAt: m.secretRotatedAt.toISOString(), createdAt: m.createdAt.toISOString(), updatedAt: m.updatedAt.toISOString(),
  };
}

/** One mini-site with its owners (oldest first). */
export async function miniSiteDetail(db: Db, id: string) {
  const [m] = await db.select().from(miniSites).where(eq(miniSites.id, id));
  if (!m) throw new NotFound('mini_site');
  const owners = await db.select().from(miniSiteOwners).where(eq(miniSiteOwners.miniSiteId, id)).orderBy(asc(miniSiteOwners.addedAt), asc(miniSiteOwners.userId));
  const contacts = await accountContacts(db, owners.map((o) => o.userId));
  return {
    ...summary(m),
    owners: owners.map((o) => ({ userId: o.userId, email: contacts.get(o.userId)?.email ?? '', displayName: contacts.get(o.userId)?.displayName ?? '', addedAt: o.addedAt.toISOString() })),
  };
}

/** The mini-sites the account owns (newest first), with how many stores are linked and how many invitations wait. */
export async function myMiniSites(db: Db, userId: string) {
  const rows = await db.select({ m: miniSites }).from(miniSites)
    .innerJoin(miniSiteOwners, and(eq(miniSiteOwners.miniSiteId, miniSites.id), eq(miniSiteOwners.userId, userId)))
    .orderBy(desc(miniSites.createdAt), desc(miniSites.id));
  const ids = rows.map((r) => r.m.id);
  const counts = ids.length
    ? await db.select({ id: miniSiteLinks.miniSiteId, linked: sql<number>`count(*) filter (where ${miniSiteLinks.state} = 'linked')::int`, pending: sql<number>`count(*) filter (where ${miniSiteLinks.state} = 'pending')::int` })
      .from(miniSiteLinks).where(inArray(miniSiteLinks.miniSiteId, ids)).groupBy(miniSiteLinks.miniSiteId)
    : [];
  const byId = new Map(counts.map((c) => [c.id, c]));
  return rows.map(({ m }) => ({ ...summary(m), linkedStores: Number(byId.get(m.id)?.linked ?? 0), pendingInvitations: Number(byId.get(m.id)?.pending ?? 0) }));
}
