// A store's people: members with a store role, invitations the invitee accepts or declines, role changes and
// removal. Every change is one audited transaction. What each role may do is src/kernel/permissions.ts.
import { and, asc, eq, sql } from 'drizzle-orm';
import { queryPrepared, type Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import type { AssignableRole, StoreRole } from '../../kernel/permissions.ts';
import { recordAudit } from '../audit/index.ts';
import { users } from '../accounts/schema.ts';
import { invitationMachine, type InvitationEvent } from './rules.ts';
import { storeInvitations, storeMembers, stores } from './schema.ts';

type User = Extract<Actor, { kind: 'user' }>;

/** The user's role in the store, or undefined: the guard asks this on every store-scoped call by a person. */
export async function storeRole(db: Db, userId: string, storeId: string): Promise<StoreRole | undefined> {
  const [row] = await queryPrepared<{ role: StoreRole }>(db, 'trio_store_role', sql`
    select role from store_members where store_id = ${storeId} and user_id = ${userId}`);
  return row?.role;
}

export async function listMembers(db: Db, storeId: string) {
  const rows = await db
    .select({ userId: users.id, email: users.email, displayName: users.displayName, role: storeMembers.role, since: storeMembers.createdAt })
    .from(storeMembers)
    .innerJoin(users, eq(users.id, storeMembers.userId))
    .where(eq(storeMembers.storeId, storeId))
    .orderBy(asc(storeMembers.createdAt));
  // The owner first, then everyone by when they joined.
  return rows.sort((a, b) => Number(b.role === 'owner') - Number(a.role === 'owner')).map((r) => ({ ...r, since: r.since.toISOString() }));
}

function publicInvitation(i: typeof storeInvitations.$inferSelect) {
  return { id: i.id, storeId: i.storeId, email: i.email, role: i.role, status: i.status, createdAt: i.createdAt.toISOString(), decidedAt: i.decidedAt?.toISOString() ?? null };
}

/** The store's invitations waiting for an answer, oldest first. */
export async function pendingInvitations(db: Db, storeId: string) {
  const rows = await db.select().from(storeInvitations)
    .where(and(eq(storeInvitations.storeId, storeId), eq(storeInvitations.status, 'pending'))).orderBy(asc(storeInvitations.createdAt));
  return rows.map(publicInvitation);
}

/** Invites an e-mail to the store with a role; the account with that e-mail (a merchant account) accepts or declines. */
export async function invite(ctx: Ctx, actor: User, storeId: string, input: { email: string; role: AssignableRole }) {
  const email = input.email.trim().toLowerCase();
  return inTransaction(ctx, async (tx) => {
    const [store] = await tx.select({ status: stores.status }).from(stores).where(eq(stores.id, storeId));
    if (!store) throw new NotFound('store');
    if (store.status === 'closed') throw new Conflict('store_closed', 'The store is closed: nobody can join it.');
    const [account] = await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, email));
    if (account && account.role !== 'merchant') throw new Invalid('invitee_not_merchant', 'Only merchant accounts can work in a store: this e-mail belongs to another kind of account.');
    if (account) {
      const [member] = await tx.select({ role: storeMembers.role }).from(storeMembers).where(and(eq(storeMembers.storeId, storeId), eq(storeMembers.userId, account.id)));
      if (member) throw new Conflict('already_member', `This account already works in the store (as ${member.role}).`, { role: member.role });
    }
    const [row] = await tx.insert(storeInvitations)
      .values({ storeId, email, role: input.role, invitedBy: actor.userId, createdAt: ctx.clock.now() })
      .onConflictDoNothing().returning();
    if (!row) throw new Conflict('invitation_pending', 'This e-mail already has an invitation waiting: revoke it first to invite it with another role.');
    await recordAudit(tx, actor, { action: 'store.invitation_sent', entityType: 'store_invitation', entityId: row.id, storeId, summary: `${email} as ${input.role}`, before: null, after: { email, role: input.role } }, ctx.clock.now());
    return publicInvitation(row);
  });
}

/** Locks a pending-or-not invitation of this store (404 for any other store's), moves it and records why. */
async function moveInvitation(ctx: Ctx, tx: Db, actor: User, where: ReturnType<typeof and>, event: InvitationEvent) {
  const [inv] = await tx.select().from(storeInvitations).where(where).for('update');
  if (!inv) throw new NotFound('store_invitation');
  const status = invitationMachine.transition(inv.status, event);
  const [row] = await tx.update(storeInvitations).set({ status, decidedAt: ctx.clock.now(), decidedBy: actor.userId }).where(eq(storeInvitations.id, inv.id)).returning();
  await recordAudit(tx, actor, {
    action: `store.invitation_${status}`, entityType: 'store_invitation', entityId: inv.id, storeId: inv.storeId, summary: `${inv.email} as ${inv.role}`,
    before: { status: inv.status }, after: { status },
  }, ctx.clock.now());
  return row;
}

export async function revokeInvitation(ctx: Ctx, actor: User, storeId: string, invitationId: string) {
  return inTransaction(ctx, async (tx) => publicInvitation(
    await moveInvitation(ctx, tx, actor, and(eq(storeInvitations.id, invitationId), eq(storeInvitations.storeId, storeId)), 'revoke'),
  ));
}

async function emailOf(db: Db, userId: string) {
  const [u] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!u) throw new NotFound('user');
  return u.email;
}

/** Invitations waiting for the signed-in merchant's answer, with the store's name. */
export async function myInvitations(db: Db, userId: string) {
  const email = await emailOf(db, userId);
  const rows = await db
    .select({ inv: storeInvitations, storeName: stores.name, invitedByName: users.displayName })
    .from(storeInvitations)
    .innerJoin(stores, eq(stores.id, storeInvitations.storeId))
    .innerJoin(users, eq(users.id, storeInvitations.invitedBy))
    .where(and(eq(storeInvitations.email, email), eq(storeInvitations.status, 'pending')))
    .orderBy(asc(storeInvitations.createdAt));
  return rows.map((r) => ({ ...publicInvitation(r.inv), storeName: r.storeName, invitedByName: r.invitedByName }));
}

/** The invitee accepts (and becomes a member with the invited role) or declines; anyone else's invitation is not found. */
export async function answerInvitation(ctx: Ctx, actor: User, invitationId: string, event: 'accept' | 'decline') {
  return inTransaction(ctx, async (tx) => {
    const email = await emailOf(tx, actor.userId);
    const inv = await moveInvitation(ctx, tx, actor, and(eq(storeInvitations.id, invitationId), eq(storeInvitations.email, email)), event);
    if (event === 'accept') {
      const [store] = await tx.select({ status: stores.status }).from(stores).where(eq(stores.id, inv.storeId));
      if (store?.status === 'closed') throw new Conflict('store_closed', 'The store has closed since it invited you.');
      const [member] = await tx.insert(storeMembers).values({ storeId: inv.storeId, userId: actor.userId, role: inv.role, createdAt: ctx.clock.now() })
        .onConflictDoNothing().returning();
      if (!member) throw new Conflict('already_member', 'You already work in this store.');
    }
    return publicInvitation(inv);
  });
}

/** Locks a member of the store; the owner can be neither demoted nor removed. */
async function lockMember(tx: Db, storeId: string, userId: string) {
  const [m] = await tx.select({ role: storeMembers.role, email: users.email }).from(storeMembers)
    .innerJoin(users, eq(users.id, storeMembers.userId))
    .where(and(eq(storeMembers.storeId, storeId), eq(storeMembers.userId, userId))).for('update', { of: storeMembers });
  if (!m) throw new NotFound('store_member');
  if (m.role === 'owner') throw new Conflict('owner_fixed', 'The store owner cannot be demoted or removed.');
  return m;
}

export async function changeRole(ctx: Ctx, actor: User, storeId: string, userId: string, role: AssignableRole) {
  return inTransaction(ctx, async (tx) => {
    const m = await lockMember(tx, storeId, userId);
    await tx.update(storeMembers).set({ role }).where(and(eq(storeMembers.storeId, storeId), eq(storeMembers.userId, userId)));
    await recordAudit(tx, actor, { action: 'store.member_role_changed', entityType: 'store_member', entityId: userId, storeId, summary: `${m.email}: ${m.role} → ${role}`, before: { role: m.role }, after: { role } }, ctx.clock.now());
    return listMembers(tx, storeId);
  });
}

export async function removeMember(ctx: Ctx, actor: User, storeId: string, userId: string) {
  return inTransaction(ctx, async (tx) => {
    const m = await lockMember(tx, storeId, userId);
    await tx.delete(storeMembers).where(and(eq(storeMembers.storeId, storeId), eq(storeMembers.userId, userId)));
    await recordAudit(tx, actor, { action: 'store.member_removed', entityType: 'store_member', entityId: userId, storeId, summary: m.email, before: { role: m.role }, after: null }, ctx.clock.now());
    return listMembers(tx, storeId);
  });
}
