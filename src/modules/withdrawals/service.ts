// Withdrawals: the store's receiver account, a withdrawal asked for (its amount taken from the available balance in
// the same transaction, approved at once within the auto limit), the operator's approval or rejection (the money
// comes back), and the views. Paying out is payout.ts's sweep.
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import { assertMinor } from '../../kernel/money.ts';
import { recordAudit } from '../audit/index.ts';
import { storeNames } from '../merchants/index.ts';
import { availableBalance, returnWithdrawal, takeForWithdrawal } from '../orders/index.ts';
import { shareableNow } from './payout.ts';
import { approvedAtOnce, OPEN_WITHDRAWAL_STATES, withdrawableNow, withdrawalMachine } from './rules.ts';
import { storeReceivers, withdrawals, withdrawalShares, type ReceiverType, type WithdrawalState } from './schema.ts';

type User = Extract<Actor, { kind: 'user' }>;
type WithdrawalRow = typeof withdrawals.$inferSelect;

export type ReceiverInput = { type: ReceiverType; account: string; name?: string | null };

function receiverView(r: typeof storeReceivers.$inferSelect | undefined) {
  if (!r) return null;
  return { type: r.type, account: r.account, name: r.name, state: r.state, lastError: r.lastError, registeredAt: r.registeredAt?.toISOString() ?? null, updatedAt: r.updatedAt.toISOString() };
}

export async function getReceiver(db: Db, storeId: string) {
  const [r] = await db.select().from(storeReceivers).where(eq(storeReceivers.storeId, storeId));
  return receiverView(r);
}

/** Sets the store's receiver account; it is (re)registered with the provider by the sweep. Withdrawals already paying keep theirs. */
export async function setReceiver(ctx: Ctx, actor: User, storeId: string, input: ReceiverInput) {
  if (input.type === 'MERCHANT_ID' && !input.name) throw new Invalid('receiver_name_required', 'A merchant account needs its registered name.');
  if (input.type === 'MERCHANT_ID' && !/^\d{8,10}$/.test(input.account)) throw new Invalid('receiver_account_invalid', 'A WeChat Pay merchant id is 8 to 10 digits.');
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const [before] = await tx.select().from(storeReceivers).where(eq(storeReceivers.storeId, storeId)).for('update');
    const values = { type: input.type, account: input.account, name: input.name ?? null, state: 'pending' as const, attempts: 0, nextAttemptAt: now, lastError: null, registeredAt: null, updatedAt: now };
    const [row] = await tx.insert(storeReceivers).values({ storeId, ...values })
      .onConflictDoUpdate({ target: storeReceivers.storeId, set: values }).returning();
    await recordAudit(tx, actor, {
      action: 'withdrawal.receiver_set', entityType: 'store', entityId: storeId, storeId,
      before: before ? { type: before.type, account: before.account } : undefined, after: { type: row.type, account: row.account },
    }, now);
    return receiverView(row)!;
  });
}

/**
 * Asks to withdraw: the amount leaves the available balance now (a guarded update; 409 withdrawal_balance_insufficient
 * when it is not there), with its ledger entry, in the caller's transaction. Within the auto limit it is approved at once.
 */
export async function requestWithdrawal(ctx: Ctx, tx: Db, actor: User, storeId: string, amount: number) {
  assertMinor(amount);
  if (amount <= 0) throw new Invalid('withdrawal_amount_invalid', 'A withdrawal is an amount above zero, in minor units.');
  // The receiver row is the store's lock for withdrawals (the split takes it too): two requests never both count the same room.
  const [receiver] = await tx.select({ state: storeReceivers.state }).from(storeReceivers).where(eq(storeReceivers.storeId, storeId)).for('update');
  if (!receiver) throw new Conflict('withdrawal_receiver_missing', 'Set the account withdrawals are paid to first.');
  const now = ctx.clock.now();
  const auto = approvedAtOnce(amount, ctx.config.withdrawalAutoLimit);
  const id = randomUUID();
  const taken = await takeForWithdrawal(tx, now, { storeId, withdrawalId: id, amount });
  if (!taken) {
    const { available } = await availableBalance(tx, storeId);
    throw new Conflict('withdrawal_balance_insufficient', `The available balance is ${available}: a withdrawal of ${amount} would take it below zero.`, { available });
  }
  const room = await shareableNow(tx, ctx, storeId);
  const withdrawable = withdrawableNow(amount + (await availableBalance(tx, storeId)).available, room.shareable, room.waiting);
  if (amount > withdrawable) {
    throw new Conflict('withdrawal_above_withdrawable', `At most ${withdrawable} can be withdrawn now: WeChat Pay lets ${ctx.config.profitSharingMaxBp / 100} % of each payment be shared.`, { withdrawable });
  }
  const [w] = await tx.insert(withdrawals).values({
    id, storeId, amount, currency: taken.currency, state: auto ? 'approved' : 'requested', requestedBy: actor.userId, autoApproved: auto,
    createdAt: now, approvedAt: auto ? now : null, updatedAt: now,
  }).returning();
  await recordAudit(tx, actor, { action: 'withdrawal.requested', entityType: 'withdrawal', entityId: w.id, storeId, after: { amount, currency: taken.currency, autoApproved: auto } }, now);
  return w.id;
}

async function lockWithdrawal(tx: Db, id: string) {
  const [w] = await tx.select().from(withdrawals).where(eq(withdrawals.id, id)).for('update');
  if (!w) throw new NotFound('withdrawal');
  return w;
}

export async function approveWithdrawal(ctx: Ctx, actor: User, id: string) {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const w = await lockWithdrawal(tx, id);
    const to = withdrawalMachine.transition(w.state, 'approve');
    await tx.update(withdrawals).set({ state: to, decidedBy: actor.userId, approvedAt: now, updatedAt: now }).where(and(eq(withdrawals.id, id), eq(withdrawals.state, w.state)));
    await recordAudit(tx, actor, { action: 'withdrawal.approved', entityType: 'withdrawal', entityId: id, storeId: w.storeId, after: { amount: w.amount } }, now);
  });
}

/** The operator refuses it, saying why: the whole amount comes back to the balance in the same transaction. */
export async function rejectWithdrawal(ctx: Ctx, actor: User, id: string, reason: string) {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const w = await lockWithdrawal(tx, id);
    const to = withdrawalMachine.transition(w.state, 'reject');
    await tx.update(withdrawals).set({ state: to, decidedBy: actor.userId, rejectReason: reason, finishedAt: now, updatedAt: now })
      .where(and(eq(withdrawals.id, id), eq(withdrawals.state, w.state)));
    await returnWithdrawal(tx, now, { storeId: w.storeId, withdrawalId: w.id, amount: w.amount, currency: w.currency });
    await recordAudit(tx, actor, { action: 'withdrawal.rejected', entityType: 'withdrawal', entityId: id, storeId: w.storeId, summary: reason, after: { amount: w.amount } }, now);
  });
}

function summary(w: WithdrawalRow) {
  return {
    id: w.id, storeId: w.storeId, amount: w.amount, currency: w.currency, state: w.state, autoApproved: w.autoApproved, paidAmount: w.paidAmount,
    rejectReason: w.rejectReason, failReason: w.failReason, receiverAccount: w.receiverAccount,
    createdAt: w.createdAt.toISOString(), approvedAt: w.approvedAt?.toISOString() ?? null, payingAt: w.payingAt?.toISOString() ?? null, finishedAt: w.finishedAt?.toISOString() ?? null,
  };
}

type Page = { limit: number; offset: number };

async function page(db: Db, where: SQL | undefined, q: Page) {
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(withdrawals).where(where).orderBy(desc(withdrawals.createdAt), desc(withdrawals.id)).limit(q.limit).offset(q.offset),
    db.select({ n: count() }).from(withdrawals).where(where),
  ]);
  return { rows, total: Number(n) };
}

/** The store's withdrawals (newest first), what it may withdraw now, its receiver and the auto-approval limit. */
export async function storeWithdrawals(ctx: Ctx, storeId: string, q: Page & { state?: WithdrawalState }) {
  const where = and(eq(withdrawals.storeId, storeId), q.state ? eq(withdrawals.state, q.state) : undefined);
  const [{ rows, total }, balance, receiver, room] = await Promise.all([page(ctx.db, where, q), availableBalance(ctx.db, storeId), getReceiver(ctx.db, storeId), shareableNow(ctx.db, ctx, storeId)]);
  return {
    available: balance.available, withdrawableNow: withdrawableNow(balance.available, room.shareable, room.waiting), profitSharingMaxBp: ctx.config.profitSharingMaxBp,
    currency: balance.currency ?? 'CNY', autoLimit: ctx.config.withdrawalAutoLimit, receiver,
    total, items: rows.map(summary),
  };
}

/** One withdrawal with its profit-sharing orders; another store's is "not found". */
export async function withdrawalDetail(db: Db, id: string, storeId?: string) {
  const [w] = await db.select().from(withdrawals).where(eq(withdrawals.id, id));
  if (!w || (storeId && w.storeId !== storeId)) throw new NotFound('withdrawal');
  const shares = await db.select().from(withdrawalShares).where(eq(withdrawalShares.withdrawalId, id)).orderBy(withdrawalShares.createdAt, withdrawalShares.outOrderNo);
  const names = await storeNames(db, [w.storeId]);
  return {
    ...summary(w), storeName: names.get(w.storeId) ?? '',
    shares: shares.map((s) => ({
      outOrderNo: s.outOrderNo, orderId: s.orderId, amount: s.amount, state: s.state, failReason: s.failReason, lastError: s.lastError, finishedAt: s.finishedAt?.toISOString() ?? null,
    })),
  };
}

/** The operator's list: by state (default: those waiting for a decision) and store. */
export async function operatorWithdrawals(db: Db, q: Page & { state?: WithdrawalState | 'open'; storeId?: string }) {
  const state = q.state ?? 'requested';
  const where = and(state === 'open' ? inArray(withdrawals.state, OPEN_WITHDRAWAL_STATES) : eq(withdrawals.state, state), q.storeId ? eq(withdrawals.storeId, q.storeId) : undefined);
  const { rows, total } = await page(db, where, q);
  const names = await storeNames(db, rows.map((r) => r.storeId));
  return { total, items: rows.map((w) => ({ ...summary(w), storeName: names.get(w.storeId) ?? '' })) };
}
