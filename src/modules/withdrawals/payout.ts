// Paying withdrawals out through the provider (WeChat Pay v3 profit sharing), all of it rows swept until final:
// - a store's receiver account is added at the provider (POST /v3/profitsharing/receivers/add);
// - an approved withdrawal whose receiver is registered is split over the store's settled orders, oldest first
//   (each order gives at most what it credited the store less what earlier withdrawals took of it, and each payment
//   transaction at most TRIO_PROFIT_SHARING_MAX_BP of its amount over every share, as WeChat Pay allows), one
//   profit-sharing order (out_order_no) per order's payment transaction, and moves to paying;
// - each profit-sharing order is sent (POST /v3/profitsharing/orders, unfreeze_unsplit false: the rest of a
//   transaction stays shareable for the store's later withdrawals and the other stores of the same checkout),
//   then asked about (GET /v3/profitsharing/orders/{out_order_no}) until its receiver's result is SUCCESS or CLOSED;
// - when every share is final the withdrawal is paid, or failed with what did not arrive credited back.
// Only payments made with the provider in use are shared: with real keys, sandbox (demo) payments never are.
// Many processes may sweep: rows are claimed with FOR UPDATE SKIP LOCKED and leased until their next try.
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { fixedIn, queryRows, type Db } from '../../db/client.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { recordAudit } from '../audit/index.ts';
import { returnWithdrawal } from '../orders/index.ts';
import { paymentsLog, providerFor, refusedForGood, retryDelaySeconds } from '../payments/index.ts';
import { outcomeOf, splitOverOrders, withdrawalMachine, type Shareable } from './rules.ts';
import { storeReceivers, withdrawals, withdrawalShares } from './schema.ts';

/** How a store relates to the platform, as WeChat Pay's receivers/add names it. */
const RELATION = 'STORE';
/** One prefix per withdrawal, then the share's place in the split (oldest order first), so its shares sort in that order. */
const outOrderNos = () => {
  const base = `W${randomBytes(14).toString('hex')}`;
  return (i: number) => `${base}-${String(i).padStart(3, '0')}`;
};

export const messageOf = (err: unknown) => String((err as Error)?.message ?? err).slice(0, 500);

/** Adds due receiver accounts at the provider. */
export async function sweepReceivers(ctx: Ctx, limit: number): Promise<number> {
  const now = ctx.clock.now();
  const claimed = await inTransaction(ctx, async (tx) => {
    const rows = await tx.select().from(storeReceivers).where(and(fixedIn(storeReceivers.state, ['pending']), sql`${storeReceivers.nextAttemptAt} <= ${now}`))
      .orderBy(storeReceivers.nextAttemptAt).limit(limit).for('update', { skipLocked: true });
    for (const r of rows) {
      const attempts = r.attempts + 1;
      await tx.update(storeReceivers).set({ attempts, nextAttemptAt: new Date(now.getTime() + retryDelaySeconds(ctx.config.withdrawalRetrySeconds, attempts) * 1000) })
        .where(eq(storeReceivers.storeId, r.storeId));
    }
    return rows;
  });
  if (!claimed.length) return 0;
  const provider = await providerFor(ctx);
  for (const r of claimed) {
    // Changed by the merchant meanwhile: that newer account is registered at its own turn.
    const same = and(eq(storeReceivers.storeId, r.storeId), eq(storeReceivers.state, 'pending'), eq(storeReceivers.updatedAt, r.updatedAt));
    try {
      await provider.client.addReceiver({ type: r.type, account: r.account, ...(r.name ? { name: r.name } : {}), relation_type: RELATION });
      await ctx.db.update(storeReceivers).set({ state: 'registered', registeredAt: ctx.clock.now(), lastError: null }).where(same);
    } catch (err) {
      paymentsLog(ctx).warn({ err, storeId: r.storeId }, 'adding a profit-sharing receiver failed');
      await ctx.db.update(storeReceivers).set({ lastError: messageOf(err), ...(refusedForGood(err) ? { state: 'failed' as const } : {}) }).where(same);
    }
  }
  return claimed.length;
}

/**
 * The store's settled orders paid with this provider that can still carry a share: what each credited the store
 * (its ledger entries: settlement, refunds, what profit-sharing returns took back) less what shares took of it, and its transaction's room
 * under the profit-sharing cap (the cap less every share of that transaction not closed, whichever store it paid).
 */
function shareableSql(storeId: string, provider: string, maxBp: number) {
  return sql`
    select o.id, o.settled_at, p.transaction_id,
      (select coalesce(sum(l.net), 0) from store_balance_ledger l where l.order_id = o.id)
      - (select coalesce(sum(s.amount), 0) from withdrawal_shares s where s.order_id = o.id and s.state <> 'closed') as remaining,
      floor(a.amount * ${maxBp}::bigint / 10000)
      - (select coalesce(sum(s.amount), 0) from withdrawal_shares s where s.transaction_id = p.transaction_id and s.state <> 'closed') as room
    from orders o
    join payments p on p.id = o.payment_id
    join payment_attempts a on a.out_trade_no = p.paid_out_trade_no
    where o.store_id = ${storeId} and o.settled_at is not null and p.transaction_id is not null and a.provider = ${provider}`;
}

/** The store's shareable orders, oldest first, enough for the amount. */
async function shareableOrders(tx: Db, storeId: string, provider: string, maxBp: number, amount: number): Promise<Shareable[]> {
  const rows = await queryRows<{ orderId: string; transactionId: string; remaining: string | number; room: string | number }>(tx, sql`
    with c as (${shareableSql(storeId, provider, maxBp)}), r as (
      select c.*, coalesce(sum(least(remaining, room)) over (order by settled_at, id rows between unbounded preceding and 1 preceding), 0) as before
      from c where remaining > 0 and room > 0
    )
    select id as "orderId", transaction_id as "transactionId", remaining, room from r where before < ${amount} order by settled_at, id`);
  return rows.map((r) => ({ orderId: r.orderId, transactionId: r.transactionId, remaining: Number(r.remaining), transactionRoom: Number(r.room) }));
}

/**
 * What the store's settled orders can still carry to its receiver under the cap (each transaction's room, shared by
 * its orders), less the withdrawals asked for and not yet split: with the available balance, what may be withdrawn now.
 */
export async function shareableNow(db: Db, ctx: Pick<Ctx, 'config'>, storeId: string): Promise<{ shareable: number; waiting: number }> {
  const [row] = await queryRows<{ shareable: string | number; waiting: string | number }>(db, sql`
    with c as (${shareableSql(storeId, ctx.config.paymentProvider, ctx.config.profitSharingMaxBp)}),
    t as (select transaction_id, sum(remaining) as remaining, min(room) as room from c where remaining > 0 and room > 0 group by transaction_id)
    select (select coalesce(sum(least(remaining, room)), 0) from t) as shareable,
      (select coalesce(sum(amount), 0) from withdrawals where store_id = ${storeId} and state in ('requested', 'approved')) as waiting`);
  return { shareable: Number(row.shareable), waiting: Number(row.waiting) };
}

/** Approved withdrawals whose receiver is registered are split into profit-sharing orders and start paying. */
export async function sweepApprovedWithdrawals(ctx: Ctx, limit: number): Promise<number> {
  const provider = { name: ctx.config.paymentProvider };
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const due = await queryRows<{ id: string }>(tx, sql`
      select w.id from withdrawals w join store_receivers r on r.store_id = w.store_id and r.state = 'registered'
      where w.state = 'approved' order by w.approved_at limit ${limit} for update of w skip locked`);
    for (const { id } of due) {
      const [w] = await tx.select().from(withdrawals).where(eq(withdrawals.id, id));
      // One split at a time per store (its receiver row): two withdrawals never take the same order's remainder.
      const [receiver] = await tx.select().from(storeReceivers).where(eq(storeReceivers.storeId, w.storeId)).for('update');
      const parts = splitOverOrders(w.amount, await shareableOrders(tx, w.storeId, provider.name, ctx.config.profitSharingMaxBp, w.amount));
      if (!parts) {
        await tx.update(withdrawals).set({ state: withdrawalMachine.transition(w.state, 'fail'), failReason: 'NOTHING_TO_SHARE', finishedAt: now, updatedAt: now }).where(eq(withdrawals.id, id));
        await returnWithdrawal(tx, now, { storeId: w.storeId, withdrawalId: w.id, amount: w.amount, currency: w.currency });
        await recordAudit(tx, 'system', { action: 'withdrawal.failed', entityType: 'withdrawal', entityId: id, storeId: w.storeId, summary: 'no settled payments left to share' }, now);
        paymentsLog(ctx).error({ withdrawalId: id, storeId: w.storeId }, 'a withdrawal found no settled payments to share: its amount went back to the balance');
        continue;
      }
      const no = outOrderNos();
      await tx.insert(withdrawalShares).values(parts.map((p, i) => ({
        outOrderNo: no(i), withdrawalId: id, storeId: w.storeId, orderId: p.orderId, transactionId: p.transactionId, amount: p.amount,
        state: 'pending' as const, nextAttemptAt: now, createdAt: now,
      })));
      await tx.update(withdrawals).set({
        state: withdrawalMachine.transition(w.state, 'pay'), receiverType: receiver.type, receiverAccount: receiver.account, payingAt: now, updatedAt: now,
      }).where(eq(withdrawals.id, id));
    }
    return due.length;
  });
}

type ClaimedShare = {
  outOrderNo: string; withdrawalId: string; transactionId: string; amount: number; state: 'pending' | 'processing'; attempts: number;
  receiverType: 'MERCHANT_ID' | 'PERSONAL_OPENID'; receiverAccount: string;
};

/** Sends due profit-sharing orders and asks about processing ones; a final answer may finish the withdrawal. */
export async function sweepShares(ctx: Ctx, limit: number): Promise<number> {
  const now = ctx.clock.now();
  const claimed = await inTransaction(ctx, async (tx) => {
    const rows = await queryRows<ClaimedShare>(tx, sql`
      select s.out_order_no as "outOrderNo", s.withdrawal_id as "withdrawalId", s.transaction_id as "transactionId", s.amount, s.state, s.attempts,
        w.receiver_type as "receiverType", w.receiver_account as "receiverAccount"
      from withdrawal_shares s join withdrawals w on w.id = s.withdrawal_id
      where s.state in ('pending', 'processing') and s.next_attempt_at <= ${now}
      order by s.next_attempt_at limit ${limit} for update of s skip locked`);
    for (const s of rows) {
      const attempts = Number(s.attempts) + 1;
      await tx.update(withdrawalShares).set({ attempts, nextAttemptAt: new Date(now.getTime() + retryDelaySeconds(ctx.config.withdrawalRetrySeconds, attempts) * 1000) })
        .where(eq(withdrawalShares.outOrderNo, s.outOrderNo));
    }
    return rows;
  });
  if (!claimed.length) return 0;
  const provider = await providerFor(ctx);
  for (const s of claimed) {
    try {
      const answer = s.state === 'pending'
        ? await provider.client.shareProfit({
          transaction_id: s.transactionId, out_order_no: s.outOrderNo, unfreeze_unsplit: false,
          receivers: [{ type: s.receiverType, account: s.receiverAccount, amount: Number(s.amount), description: 'Store withdrawal' }],
        })
        : await provider.client.queryProfitSharing(s.outOrderNo, s.transactionId);
      if (!answer) {
        // The provider never got it: send it again at the next try.
        await ctx.db.update(withdrawalShares).set({ state: 'pending', lastError: 'unknown to the provider' })
          .where(and(eq(withdrawalShares.outOrderNo, s.outOrderNo), eq(withdrawalShares.state, 'processing')));
        continue;
      }
      const mine = answer.receivers?.find((r) => r.account === s.receiverAccount && r.type === s.receiverType);
      if (mine && mine.amount !== Number(s.amount)) {
        paymentsLog(ctx).error({ outOrderNo: s.outOrderNo, answer }, 'PROFIT SHARING AMOUNT MISMATCH: the provider answers another amount than asked');
        await ctx.db.update(withdrawalShares).set({ lastError: `provider answered amount ${mine.amount}` }).where(eq(withdrawalShares.outOrderNo, s.outOrderNo));
        continue;
      }
      const result = mine?.result ?? 'PENDING';
      await inTransaction(ctx, async (tx) => {
        const at = ctx.clock.now();
        if (result === 'PENDING') {
          await tx.update(withdrawalShares).set({ state: 'processing', providerOrderId: answer.order_id, lastError: null, nextAttemptAt: new Date(at.getTime() + ctx.config.withdrawalCheckSeconds * 1000) })
            .where(and(eq(withdrawalShares.outOrderNo, s.outOrderNo), inArray(withdrawalShares.state, ['pending', 'processing'])));
          return;
        }
        await finishShare(tx, at, s, result === 'SUCCESS' ? 'succeeded' : 'closed', mine?.fail_reason ?? null, answer.order_id);
      });
    } catch (err) {
      paymentsLog(ctx).warn({ err, outOrderNo: s.outOrderNo }, 'a profit-sharing call failed');
      await inTransaction(ctx, async (tx) => {
        if (s.state === 'pending' && refusedForGood(err)) await finishShare(tx, ctx.clock.now(), s, 'closed', err.code, null, messageOf(err));
        else await tx.update(withdrawalShares).set({ lastError: messageOf(err) }).where(eq(withdrawalShares.outOrderNo, s.outOrderNo));
      });
    }
  }
  return claimed.length;
}

/** A share's final answer, once (guarded), and the withdrawal's end when it was the last one open. */
async function finishShare(tx: Db, now: Date, s: ClaimedShare, state: 'succeeded' | 'closed', failReason: string | null, providerOrderId: string | null, lastError?: string) {
  const [done] = await tx.update(withdrawalShares)
    .set({ state, failReason, finishedAt: now, ...(providerOrderId ? { providerOrderId } : {}), ...(lastError ? { lastError } : { lastError: null }) })
    .where(and(eq(withdrawalShares.outOrderNo, s.outOrderNo), inArray(withdrawalShares.state, ['pending', 'processing']))).returning();
  if (!done) return;
  const [w] = await tx.select().from(withdrawals).where(eq(withdrawals.id, s.withdrawalId)).for('update');
  if (w.state !== 'paying') return;
  const shares = await tx.select({ amount: withdrawalShares.amount, state: withdrawalShares.state, failReason: withdrawalShares.failReason })
    .from(withdrawalShares).where(eq(withdrawalShares.withdrawalId, w.id));
  const outcome = outcomeOf(w.amount, shares);
  if (!outcome) return;
  const reason = outcome.event === 'fail' ? shares.find((x) => x.state === 'closed')?.failReason ?? 'CLOSED' : null;
  await tx.update(withdrawals).set({ state: withdrawalMachine.transition(w.state, outcome.event), paidAmount: outcome.paid, failReason: reason, finishedAt: now, updatedAt: now })
    .where(and(eq(withdrawals.id, w.id), eq(withdrawals.state, 'paying')));
  await returnWithdrawal(tx, now, { storeId: w.storeId, withdrawalId: w.id, amount: outcome.returned, currency: w.currency });
  await recordAudit(tx, 'system', {
    action: outcome.event === 'paid' ? 'withdrawal.paid' : 'withdrawal.failed', entityType: 'withdrawal', entityId: w.id, storeId: w.storeId,
    summary: reason ?? undefined, after: { paid: outcome.paid, returned: outcome.returned },
  }, now);
}
