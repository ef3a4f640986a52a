// Profit-sharing returns (分账回退): when an order whose payment was shared to its store by a withdrawal is refunded,
// what the store got of it is taken back first (POST /v3/profitsharing/return-orders, then
// GET /v3/profitsharing/return-orders/{out_return_no} until SUCCESS or FAILED), and only then is the refund sent:
// - asked for in the transaction that asks for the refund (the payments module's refundRequested hook): one return
//   per share of the order, newest first, up to the refund's amount, and the refund is held;
// - sent and asked about by a sweep (rows claimed FOR UPDATE SKIP LOCKED, leased until their next try);
// - a success credits the store's ledger (the refund's entry debits it) and, when the refund's last return is in,
//   releases the refund; a failure is final: the refund waits, and the operator sees it and may send it again.
import { randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { fixedIn, queryRows, type Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Conflict, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { storeNames } from '../merchants/index.ts';
import { creditProfitSharingReturn } from '../orders/index.ts';
import { holdRefund, paymentsLog, providerFor, refundRequested, refusedForGood, releaseRefund, retryDelaySeconds, type RefundRequested } from '../payments/index.ts';
import { messageOf } from './payout.ts';
import { profitSharingReturns } from './schema.ts';

const HELD_FOR = 'profit_sharing_return';
const newOutReturnNo = () => `R${randomBytes(15).toString('hex')}`;
type ReturnRow = typeof profitSharingReturns.$inferSelect;

/** Returns that still count: all but failed ones already sent again (their retry stands for them). */
const counted = sql`not (x.state = 'failed' and x.retried_at is not null)`;

/** The refundRequested listener: the order's shares paid to the store are taken back first, and the refund waits for them. */
export async function returnBeforeRefund(tx: Db, now: Date, r: RefundRequested) {
  if (!r.orderId) return;
  // Locks the order's paid shares: two refunds of one order at once take back one after the other, never the same money twice.
  const shares = await queryRows<{ outOrderNo: string; storeId: string; amount: string | number; account: string; returned: string | number }>(tx, sql`
    select s.out_order_no as "outOrderNo", s.store_id as "storeId", s.amount, w.receiver_account as account,
      (select coalesce(sum(x.amount), 0) from profit_sharing_returns x where x.out_order_no = s.out_order_no and ${counted}) as returned
    from withdrawal_shares s join withdrawals w on w.id = s.withdrawal_id
    where s.order_id = ${r.orderId} and s.state = 'succeeded'
    order by s.finished_at desc, s.out_order_no desc
    for update of s`);
  let left = r.amount;
  const rows: (typeof profitSharingReturns.$inferInsert)[] = [];
  for (const s of shares) {
    const take = Math.min(left, Number(s.amount) - Number(s.returned));
    if (take <= 0) continue;
    rows.push({
      outReturnNo: newOutReturnNo(), refundId: r.refundId, storeId: s.storeId, orderId: r.orderId, outOrderNo: s.outOrderNo, returnAccount: s.account,
      amount: take, currency: r.currency, state: 'pending', nextAttemptAt: now, createdAt: now,
    });
    left -= take;
    if (left <= 0) break;
  }
  if (!rows.length) return;
  await tx.insert(profitSharingReturns).values(rows);
  await holdRefund(tx, r.refundId, HELD_FOR);
}

/**
 * Whether a refund of this order may have shares to take back first (returnBeforeRefund's work): some of its payment
 * was shared to the store. A refund asked for without the refundRequested hook (one statement) is only for orders
 * with none.
 */
export async function orderShared(db: Db, orderId: string): Promise<boolean> {
  const [r] = await queryRows<{ shared: boolean }>(db, sql`select ${orderSharedSql(sql`${orderId}::uuid`)} as shared`);
  return r.shared;
}
/** orderShared as an expression of a statement, `orderId` an expression. */
export const orderSharedSql = (orderId: SQL) => sql`exists (select 1 from withdrawal_shares where order_id = ${orderId} and state = 'succeeded')`;

let hookClock: { now(): Date } | undefined;
/** Wires returns to the payments module's refundRequested hook (once per process; the latest app's clock). */
export function followRefundsForReturns(ctx: Ctx) {
  const first = !hookClock;
  hookClock = ctx.clock;
  if (first) refundRequested.on(async (tx, r) => returnBeforeRefund(tx, hookClock!.now(), r));
}

/** Sends due returns and asks about processing ones; a final answer may release the refund that waits for them. */
export async function sweepReturns(ctx: Ctx, limit: number): Promise<number> {
  const now = ctx.clock.now();
  const claimed = await inTransaction(ctx, async (tx) => {
    const rows = await tx.select().from(profitSharingReturns)
      .where(and(fixedIn(profitSharingReturns.state, ['pending', 'processing']), sql`${profitSharingReturns.nextAttemptAt} <= ${now}`))
      .orderBy(profitSharingReturns.nextAttemptAt).limit(limit).for('update', { skipLocked: true });
    for (const x of rows) {
      const attempts = x.attempts + 1;
      await tx.update(profitSharingReturns).set({ attempts, nextAttemptAt: new Date(now.getTime() + retryDelaySeconds(ctx.config.withdrawalRetrySeconds, attempts) * 1000) })
        .where(eq(profitSharingReturns.outReturnNo, x.outReturnNo));
    }
    return rows;
  });
  if (!claimed.length) return 0;
  const provider = await providerFor(ctx);
  for (const x of claimed) {
    try {
      const answer = x.state === 'pending'
        ? await provider.client.returnProfit({ out_order_no: x.outOrderNo, out_return_no: x.outReturnNo, return_mchid: x.returnAccount, amount: x.amount, description: 'Refund to the buyer' })
        : await provider.client.queryReturn(x.outReturnNo, x.outOrderNo);
      if (!answer) {
        await ctx.db.update(profitSharingReturns).set({ state: 'pending', lastError: 'unknown to the provider' })
          .where(and(eq(profitSharingReturns.outReturnNo, x.outReturnNo), eq(profitSharingReturns.state, 'processing')));
        continue;
      }
      if (answer.amount !== x.amount) {
        paymentsLog(ctx).error({ outReturnNo: x.outReturnNo, answer }, 'PROFIT SHARING RETURN AMOUNT MISMATCH: the provider answers another amount than asked');
        await ctx.db.update(profitSharingReturns).set({ lastError: `provider answered amount ${answer.amount}` }).where(eq(profitSharingReturns.outReturnNo, x.outReturnNo));
        continue;
      }
      await inTransaction(ctx, async (tx) => {
        const at = ctx.clock.now();
        if (answer.result === 'PROCESSING') {
          await tx.update(profitSharingReturns).set({ state: 'processing', providerReturnId: answer.return_id, lastError: null, nextAttemptAt: new Date(at.getTime() + ctx.config.withdrawalCheckSeconds * 1000) })
            .where(and(eq(profitSharingReturns.outReturnNo, x.outReturnNo), inArray(profitSharingReturns.state, ['pending', 'processing'])));
          return;
        }
        await finishReturn(tx, at, x, answer.result === 'SUCCESS' ? 'succeeded' : 'failed', answer.fail_reason ?? null, answer.return_id);
      });
    } catch (err) {
      paymentsLog(ctx).warn({ err, outReturnNo: x.outReturnNo }, 'a profit-sharing return call failed');
      await inTransaction(ctx, async (tx) => {
        if (x.state === 'pending' && refusedForGood(err)) await finishReturn(tx, ctx.clock.now(), x, 'failed', err.code, null, messageOf(err));
        else await tx.update(profitSharingReturns).set({ lastError: messageOf(err) }).where(eq(profitSharingReturns.outReturnNo, x.outReturnNo));
      });
    }
  }
  return claimed.length;
}

/** A return's final answer, once (guarded): a success is credited to the store and may release the refund; a failure is the operator's to see. */
async function finishReturn(tx: Db, now: Date, x: ReturnRow, state: 'succeeded' | 'failed', failReason: string | null, providerReturnId: string | null, lastError?: string) {
  const [done] = await tx.update(profitSharingReturns)
    .set({ state, failReason, finishedAt: now, lastError: lastError ?? null, ...(providerReturnId ? { providerReturnId } : {}) })
    .where(and(eq(profitSharingReturns.outReturnNo, x.outReturnNo), inArray(profitSharingReturns.state, ['pending', 'processing']))).returning();
  if (!done) return;
  if (state === 'failed') {
    await recordAudit(tx, 'system', {
      action: 'profit_sharing_return.failed', entityType: 'order', entityId: x.orderId, storeId: x.storeId, summary: failReason ?? undefined, after: { amount: x.amount, outReturnNo: x.outReturnNo },
    }, now);
    return;
  }
  await creditProfitSharingReturn(tx, now, { storeId: x.storeId, orderId: x.orderId, amount: x.amount, currency: x.currency });
  const [open] = await queryRows<{ one: number }>(tx, sql`
    select 1 as one from profit_sharing_returns x where x.refund_id = ${x.refundId} and x.state <> 'succeeded' and ${counted} limit 1`);
  if (!open) await releaseRefund(tx, now, x.refundId, HELD_FOR);
}

/** The operator sends a failed return again (a new out_return_no): the refund keeps waiting for it. */
export async function retryReturn(ctx: Ctx, actor: Extract<Actor, { kind: 'user' }>, outReturnNo: string) {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const [x] = await tx.select().from(profitSharingReturns).where(eq(profitSharingReturns.outReturnNo, outReturnNo)).for('update');
    if (!x) throw new NotFound('profit_sharing_return');
    if (x.state !== 'failed' || x.retriedAt) {
      throw new Conflict('profit_sharing_return_not_failed', 'Only a return the payment provider refused, not sent again yet, can be sent again.', { state: x.state });
    }
    const again = newOutReturnNo();
    await tx.update(profitSharingReturns).set({ retriedAt: now }).where(eq(profitSharingReturns.outReturnNo, outReturnNo));
    await tx.insert(profitSharingReturns).values({
      outReturnNo: again, refundId: x.refundId, storeId: x.storeId, orderId: x.orderId, outOrderNo: x.outOrderNo, returnAccount: x.returnAccount,
      amount: x.amount, currency: x.currency, state: 'pending', nextAttemptAt: now, createdAt: now,
    });
    await recordAudit(tx, actor, {
      action: 'profit_sharing_return.retried', entityType: 'order', entityId: x.orderId, storeId: x.storeId, before: { outReturnNo }, after: { outReturnNo: again, amount: x.amount },
    }, now);
    return again;
  });
}

/** The operator's list: returns refused and not sent again (their refunds wait), or those still on their way ('open'). */
export async function operatorReturns(db: Db, q: { state: 'failed' | 'open'; limit: number; offset: number }) {
  const where = q.state === 'failed'
    ? and(eq(profitSharingReturns.state, 'failed'), isNull(profitSharingReturns.retriedAt))
    : inArray(profitSharingReturns.state, ['pending', 'processing']);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(profitSharingReturns).where(where).orderBy(desc(profitSharingReturns.createdAt), desc(profitSharingReturns.outReturnNo)).limit(q.limit).offset(q.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(profitSharingReturns).where(where),
  ]);
  const names = await storeNames(db, rows.map((r) => r.storeId));
  return {
    total: Number(n),
    items: rows.map((x) => ({
      outReturnNo: x.outReturnNo, refundId: x.refundId, storeId: x.storeId, storeName: names.get(x.storeId) ?? '', orderId: x.orderId, outOrderNo: x.outOrderNo,
      returnAccount: x.returnAccount, amount: x.amount, currency: x.currency, state: x.state, failReason: x.failReason, lastError: x.lastError,
      createdAt: x.createdAt.toISOString(), finishedAt: x.finishedAt?.toISOString() ?? null,
    })),
  };
}
