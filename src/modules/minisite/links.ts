// Links between stores and mini-sites (the transition table is rules.ts): the store invites a mini-site by its app id,
// the mini-site's owners accept or reject, the store withdraws a pending invitation, either side ends a linked one,
// the scheduler expires what was not answered in time. One row per invitation (history kept); each move one
// transaction, audited with the store's id so both consoles (and the store's audit log) show who did it and when.
import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Conflict, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { userNames } from '../accounts/index.ts';
import { storeNames } from '../merchants/index.ts';
import { linksChanged } from './link-cache.ts';
import { miniSiteByAppId } from './reads.ts';
import { linkMachine, type LinkEvent } from './rules.ts';
import { miniSiteLinks, miniSites, type LinkSideName, type LinkState } from './schema.ts';
import type { User } from './service.ts';

type LinkRow = typeof miniSiteLinks.$inferSelect;
/** Which side is moving the link: the store (by its id) or the mini-site (by its id); the link must be theirs. */
export type LinkSide = { storeId: string } | { miniSiteId: string };

/** What each move records in the audit log and which columns say who made it. */
const MOVES: Record<LinkEvent, { action: string; stamp: 'answered' | 'ended' }> = {
  accept: { action: 'minisite.link_accepted', stamp: 'answered' },
  reject: { action: 'minisite.link_rejected', stamp: 'answered' },
  expire: { action: 'minisite.link_expired', stamp: 'ended' },
  cancel: { action: 'minisite.link_cancelled', stamp: 'ended' },
  unlink: { action: 'minisite.link_unlinked', stamp: 'ended' },
};

/**
 * The store invites the mini-site with this app id: a pending link that expires after TRIO_MINISITE_INVITE_DAYS.
 * While the pair has a pending or linked one, 409 link_exists (the partial unique index decides between racers).
 */
export async function inviteMiniSite(ctx: Ctx, actor: User, storeId: string, appId: string) {
  const id = await inTransaction(ctx, async (tx) => {
    const site = await miniSiteByAppId(tx, appId.trim());
    if (!site) throw new NotFound('mini_site_app');
    const now = ctx.clock.now();
    const expiresAt = new Date(now.getTime() + ctx.config.miniSiteInviteDays * 86400_000);
    const [row] = await tx.insert(miniSiteLinks).values({
      storeId, miniSiteId: site.id, state: 'pending', invitedBy: actor.userId, invitedAt: now, expiresAt, updatedAt: now,
    }).onConflictDoNothing().returning();
    if (!row) throw new Conflict('link_exists', 'This store already has an invitation waiting for this mini-site or is linked to it.');
    await recordAudit(tx, actor, { action: 'minisite.link_invited', entityType: 'mini_site_link', entityId: row.id, storeId, summary: site.name, after: { miniSiteId: site.id, appId: site.appId, state: 'pending', expiresAt: expiresAt.toISOString() } }, now);
    return row.id;
  });
  return linkDetail(ctx.db, id);
}

function sideWhere(side: LinkSide): SQL {
  return 'storeId' in side ? eq(miniSiteLinks.storeId, side.storeId) : eq(miniSiteLinks.miniSiteId, side.miniSiteId);
}

function sideName(side: LinkSide): LinkSideName {
  return 'storeId' in side ? 'store' : 'mini_site';
}

/** Moves the link (locked by the caller) by the event and records it; `side` is who moved it (none: the scheduler). */
export async function applyMove(ctx: Ctx, tx: Db, actor: User | 'system', link: LinkRow, event: LinkEvent, side?: LinkSide) {
  const to = linkMachine.transition(link.state, event);
  const now = ctx.clock.now();
  const by = actor === 'system' ? null : actor.userId;
  const endedSide = side ? sideName(side) : null;
  const stamp = MOVES[event].stamp === 'answered' ? { answeredBy: by, answeredAt: now } : { endedBy: by, endedAt: now, endedSide };
  await tx.update(miniSiteLinks).set({ state: to, ...stamp, updatedAt: now }).where(and(eq(miniSiteLinks.id, link.id), eq(miniSiteLinks.state, link.state)));
  // Cards follow at once, in every process (a link that ends stops its cards; one accepted lets them show).
  if (link.state === 'linked' || to === 'linked') await linksChanged(tx);
  const ended = MOVES[event].stamp === 'ended' ? { endedSide } : {};
  await recordAudit(tx, actor, { action: MOVES[event].action, entityType: 'mini_site_link', entityId: link.id, storeId: link.storeId, before: { state: link.state }, after: { state: to, miniSiteId: link.miniSiteId, ...ended } }, now);
}

/** A move by one side on one of its links (404 for another's link; 409 for a move the table refuses). */
export async function moveLink(ctx: Ctx, actor: User, side: LinkSide, linkId: string, event: Exclude<LinkEvent, 'expire'>) {
  await inTransaction(ctx, async (tx) => {
    const [link] = await tx.select().from(miniSiteLinks).where(and(eq(miniSiteLinks.id, linkId), sideWhere(side))).for('update');
    if (!link) throw new NotFound('mini_site_link');
    // An invitation past its time is expired even before the sweep has moved it.
    if (link.state === 'pending' && link.expiresAt <= ctx.clock.now() && event !== 'cancel') {
      throw new Conflict('link_invitation_expired', 'This invitation has expired: the store may invite again.');
    }
    await applyMove(ctx, tx, actor, link, event, side);
  });
  return linkDetail(ctx.db, linkId);
}

async function views(db: Db, rows: (LinkRow & { miniSiteName: string; appId: string })[]) {
  const [stores, people] = await Promise.all([
    storeNames(db, rows.map((r) => r.storeId)),
    userNames(db, rows.flatMap((r) => [r.invitedBy, r.answeredBy, r.endedBy].filter((x): x is string => !!x))),
  ]);
  const name = (id: string | null) => (id ? people.get(id) ?? null : null);
  return rows.map((r) => ({
    id: r.id, storeId: r.storeId, storeName: stores.get(r.storeId) ?? '', miniSiteId: r.miniSiteId, miniSiteName: r.miniSiteName, appId: r.appId,
    state: r.state as LinkState,
    invitedAt: r.invitedAt.toISOString(), invitedByName: name(r.invitedBy), expiresAt: r.expiresAt.toISOString(),
    answeredAt: r.answeredAt?.toISOString() ?? null, answeredByName: name(r.answeredBy),
    endedAt: r.endedAt?.toISOString() ?? null, endedByName: name(r.endedBy), endedSide: r.endedSide ?? null,
    updatedAt: r.updatedAt.toISOString(),
  }));
}

function select(db: Db, where: SQL) {
  return db.select({ link: miniSiteLinks, miniSiteName: miniSites.name, appId: miniSites.appId }).from(miniSiteLinks)
    .innerJoin(miniSites, eq(miniSites.id, miniSiteLinks.miniSiteId)).where(where)
    .orderBy(desc(miniSiteLinks.invitedAt), desc(miniSiteLinks.id));
}

async function linkDetail(db: Db, id: string) {
  const rows = await select(db, eq(miniSiteLinks.id, id));
  const [view] = await views(db, rows.map((r) => ({ ...r.link, miniSiteName: r.miniSiteName, appId: r.appId })));
  return view;
}

/** One side's links, newest invitation first (open ones and the history), at most `limit`. */
export async function linksOf(db: Db, side: LinkSide, limit = 200) {
  const rows = await select(db, sideWhere(side)).limit(limit);
  return views(db, rows.map((r) => ({ ...r.link, miniSiteName: r.miniSiteName, appId: r.appId })));
}
