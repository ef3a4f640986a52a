// Refunds: requested in the caller's transaction, sent to the provider by a sweep (many processes may sweep:
// rows are claimed with FOR UPDATE SKIP LOCKED and leased until their next try), finished by the provider's
// answer, a later query, or a REFUND.* notification, whichever comes first (guarded updates: once).
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import { assertMinor } from '../../kernel/money.ts';
import { enqueue } from '../../kernel/outbox.ts';
import { lockPayment } from './attempts.ts';
import { refundFailed, refundRequested, refundSucceeded, type RefundOutcome } from './hooks.ts';
import { notifyUrl, paymentsLog, providerFor } from './provider.ts';
import { isUnwantedPayment, refundEventOf, refundMachine, refundRetryDelaySeconds, UNWANTED_PAYMENT_REASONS, type RefundState, type UnwantedPayment } from './rules.ts';
import { paymentAttempts, payments, refunds } from './schema.ts';
import type { RefundStatus } from './wechatpay/protocol.ts';

export type RefundRequestInput = { paymentId: string; storeId?: string | null; orderId?: string | null; amount: number; reason?: string | null; source: string };

/** Asks for money back to the payer of a paid payment (sent by sweepRefunds). Refunds never exceed what was paid. */
export async function requestRefund(tx: Db, now: Date, input: RefundRequestInput): Promise<{ id: string }> {
  const p = await lockPayment(tx, input.paymentId);
  if (p.state !== 'paid' || !p.paidOutTradeNo) throw new Conflict('payment_not_paid', 'Only a paid payment can be refunded.', { state: p.state });
  return refundTransaction(tx, now, { ...input, storeId: input.storeId ?? p.storeId }, p.paidOutTradeNo);
}

/**
 * What a one-statement refund of a paid payment is decided on, read without a lock: the provider transaction that
 * paid it, what is left to refund of it, and the payment row's version (null: not paid).
 */
export async function refundFacts(db: Db, paymentId: string) {
  const [f] = await queryRows<{ facts: RefundFactsJson | null }>(db, sql`select ${refundFactsSql(sql`${paymentId}::uuid`)} as facts`);
  return toRefundFacts(paymentId, f?.facts ?? null);
}
/** What a payment (its paid attempt's out_trade_no, an expression) has refunded so far: every refund but the failed ones. */
const refundedSoFarSql = (outTradeNo: SQL) => sql`(select coalesce(sum(r.amount), 0) from refunds r where r.out_trade_no = ${outTradeNo} and r.state <> 'failed')`;
/** refundFacts as an expression of a statement (json, null when the payment is not paid), `paymentId` an expression. */
export function refundFactsSql(paymentId: SQL) {
  return sql`(select json_build_object('version', p.xmin::text, 'outTradeNo', a.out_trade_no, 'paid', a.amount, 'currency', a.currency,
      'refunded', ${refundedSoFarSql(sql`a.out_trade_no`)})
    from payments p join payment_attempts a on a.out_trade_no = p.paid_out_trade_no
    where p.id = ${paymentId} and p.state = 'paid')`;
}
export type RefundFactsJson = { version: string; outTradeNo: string; paid: number | string; refunded: number | string; currency: string };
/** What refundFactsSql read, as refundFacts answers it. */
export function toRefundFacts(paymentId: string, f: RefundFactsJson | null) {
  return f ? { paymentId, version: f.version, outTradeNo: f.outTradeNo, refundable: Number(f.paid) - Number(f.refunded), currency: f.currency } : null;
}
export type RefundFacts = NonNullable<Awaited<ReturnType<typeof refundFacts>>>;

/**
 * The two CTEs of a refund asked for by one statement (no transaction), to be named `pay` and `ref` in this order
 * (with the caller's own between them): `pay` takes the payment's row only when it is still the version
 * `refundFacts` read (every refund asked for makes a new one: refundTransaction), so what was left to refund is
 * still left; `ref` inserts the refund (id `refundId`) when `when` holds too. The caller checks `input.amount`
 * against `f.refundable` before, and falls back to requestRefund in a transaction when `pay` took nothing. Not for
 * a refund the refundRequested hook's listeners have work for (the caller knows).
 */
export function refundAtOnceSql(now: Date, f: RefundFacts, input: RefundRequestInput & { refundId: string }, when: SQL) {
  return {
    pay: sql`pay as (update payments set updated_at = updated_at where id = ${f.paymentId} and xmin::text = ${f.version} and state = 'paid' returning id)`,
    ref: sql`ref as (
      insert into refunds (id, out_refund_no, payment_id, out_trade_no, store_id, order_id, source, amount, currency, reason, state, next_attempt_at, created_at)
      select ${input.refundId}::uuid, ${randomBytes(16).toString('hex')}, ${f.paymentId}::uuid, ${f.outTradeNo}, ${input.storeId ?? null}::uuid, ${input.orderId ?? null}::uuid,
        ${input.source}, ${input.amount}, ${f.currency}, ${input.reason ?? null}, 'pending', ${now}, ${now}
      where exists (select 1 from pay) and ${when}
      returning id)`,
  };
}

/** A refund's state (pending, processing, succeeded, failed), or null when there is no such refund. */
export async function refundState(db: Db, refundId: string): Promise<RefundState | null> {
  const [r] = await db.select({ state: refunds.state }).from(refunds).where(eq(refunds.id, refundId));
  return r?.state ?? null;
}

/** A refund of one provider transaction (the payment's, or a second transaction that paid it again). */
export async function refundTransaction(tx: Db, now: Date, input: RefundRequestInput, outTradeNo: string): Promise<{ id: string }> {
  assertMinor(input.amount);
  if (input.amount <= 0) throw new Invalid('refund_amount_invalid', 'A refund is an amount above zero, in minor units.');
  const [attempt] = await tx.select().from(paymentAttempts).where(eq(paymentAttempts.outTradeNo, outTradeNo));
  if (!attempt) throw new NotFound('payment_attempt');
  // A new version of the payment's row: a one-statement refund decided on reads made before this one sees it (refundAtOnceSql).
  await tx.execute(sql`update payments set updated_at = updated_at where id = ${input.paymentId}`);
  const [{ refunded }] = await queryRows<{ refunded: string | number }>(tx, sql`select ${refundedSoFarSql(sql`${outTradeNo}`)} as refunded`);
  const refundable = attempt.amount - Number(refunded);
  if (input.amount > refundable) {
    throw new Invalid('refund_exceeds_payment', `At most ${refundable} can still be refunded of this payment.`, { refundable });
  }
  const [row] = await tx
    .insert(refunds)
    .values({
      outRefundNo: randomBytes(16).toString('hex'), paymentId: input.paymentId, outTradeNo, storeId: input.storeId ?? null, orderId: input.orderId ?? null,
      source: input.source, amount: input.amount, currency: attempt.currency, reason: input.reason ?? null, state: 'pending', nextAttemptAt: now, createdAt: now,
    })
    .returning({ id: refunds.id });
  await refundRequested.run(tx, {
    refundId: row.id, paymentId: input.paymentId, storeId: input.storeId ?? null, orderId: input.orderId ?? null, amount: input.amount, currency: attempt.currency, source: input.source,
  });
  return row;
}

/** Keeps a pending refund from being sent until releaseRefund (in the caller's transaction). */
export async function holdRefund(tx: Db, refundId: string, heldFor: string) {
  await tx.update(refunds).set({ heldFor }).where(and(eq(refunds.id, refundId), eq(refunds.state, 'pending')));
}

/** What held a refund is done: it is sent at the refunds sweep's next run. */
export async function releaseRefund(tx: Db, now: Date, refundId: string, heldFor: string) {
  await tx.update(refunds).set({ heldFor: null, nextAttemptAt: now }).where(and(eq(refunds.id, refundId), eq(refunds.heldFor, heldFor)));
}

const OPEN: RefundState[] = ['pending', 'processing'];

/**
 * Records what the provider says of a refund, once: SUCCESS fires refundSucceeded, CLOSED or ABNORMAL fires
 * refundFailed, PROCESSING waits. A refund already finished is left alone. Returns whether anything changed.
 */
export async function applyRefundStatus(tx: Db, now: Date, refundId: string, status: RefundStatus, providerRefundId?: string): Promise<boolean> {
  const event = refundEventOf(status);
  const from: RefundState[] = OPEN.filter((s) => refundMachine.can(s, event));
  const to = refundMachine.transition(from[0], event);
  const set =
    to === 'succeeded' ? { state: to, succeededAt: now, lastError: null } :
    to === 'failed' ? { state: to, lastError: `the provider says ${status}` } : { state: to };
  const [row] = await tx
    .update(refunds)
    .set({ ...set, ...(providerRefundId ? { providerRefundId } : {}) })
    .where(and(eq(refunds.id, refundId), inArray(refunds.state, from)))
    .returning();
  if (!row) return false;
  const outcome: RefundOutcome = { refundId: row.id, paymentId: row.paymentId, storeId: row.storeId, orderId: row.orderId, amount: row.amount, source: row.source };
  if (to === 'succeeded') await refundSucceeded.run(tx, outcome);
  if (to === 'succeeded' && isUnwantedPayment(row.source)) await tellPayerRefunded(tx, now, row, row.source);
  if (to === 'failed') await refundFailed.run(tx, outcome);
  return true;
}

/** A success nobody wanted came back to the payer: they are told, as for every other refund. */
async function tellPayerRefunded(tx: Db, now: Date, r: typeof refunds.$inferSelect, reason: UnwantedPayment) {
  const [p] = await tx.select({ payerId: payments.payerId }).from(payments).where(eq(payments.id, r.paymentId));
  await enqueue(tx, now, [{
    storeId: r.storeId, topic: 'message.payment_refunded',
    payload: { userId: p.payerId, paymentId: r.paymentId, refundId: r.id, amount: r.amount, currency: r.currency, reason, reasonText: UNWANTED_PAYMENT_REASONS[reason] },
  }]);
}

type Claimed = { id: string; outRefundNo: string; outTradeNo: string; amount: number; currency: string; reason: string | null; state: RefundState; attempts: number; total: number };

/** Sends due refunds and asks about processing ones. Returns how many it took. */
export async function sweepRefunds(ctx: Ctx, limit: number): Promise<number> {
  const now = ctx.clock.now();
  const claimed = await inTransaction(ctx, async (tx) => {
    const rows = await queryRows<Claimed>(tx, sql`
      select r.id, r.out_refund_no as "outRefundNo", r.out_trade_no as "outTradeNo", r.amount, r.currency, r.reason, r.state, r.attempts, a.amount as total
      from refunds r join payment_attempts a on a.out_trade_no = r.out_trade_no
      where r.state in ('pending', 'processing') and r.held_for is null and r.next_attempt_at <= ${now}
      order by r.next_attempt_at limit ${limit}
      for update of r skip locked`);
    for (const r of rows) {
      // A send counts as an attempt; a question about a processing refund does not. Either way the row is leased.
      const attempts = Number(r.attempts) + (r.state === 'pending' ? 1 : 0);
      const next = new Date(now.getTime() + refundRetryDelaySeconds(ctx.config.refundRetrySeconds, Math.max(attempts, 1)) * 1000);
      await tx.update(refunds).set({ attempts, nextAttemptAt: next }).where(eq(refunds.id, r.id));
      r.attempts = attempts;
    }
    return rows;
  });
  if (!claimed.length) return 0;
  const provider = await providerFor(ctx);
  for (const r of claimed) {
    try {
      const answer = r.state === 'pending'
        ? await provider.client.refund({
          out_trade_no: r.outTradeNo, out_refund_no: r.outRefundNo, ...(r.reason ? { reason: r.reason.slice(0, 80) } : {}),
          notify_url: notifyUrl(ctx.config), amount: { refund: Number(r.amount), total: Number(r.total), currency: r.currency },
        })
        : await provider.client.queryRefund(r.outRefundNo);
      if (!answer) {
        // The provider never got it: send it again at the next try.
        await ctx.db.update(refunds).set({ state: 'pending', lastError: 'unknown to the provider' }).where(and(eq(refunds.id, r.id), eq(refunds.state, 'processing')));
        continue;
      }
      if (answer.amount.refund !== Number(r.amount)) {
        paymentsLog(ctx).error({ refundId: r.id, answer }, 'REFUND AMOUNT MISMATCH: the provider answers another amount than requested');
        await ctx.db.update(refunds).set({ lastError: `provider answered amount ${answer.amount.refund}` }).where(eq(refunds.id, r.id));
        continue;
      }
      await inTransaction(ctx, (tx) => applyRefundStatus(tx, ctx.clock.now(), r.id, answer.status, answer.refund_id));
    } catch (err) {
      await refundTryFailed(ctx, r, err);
    }
  }
  return claimed.length;
}

async function refundTryFailed(ctx: Ctx, r: Claimed, err: unknown) {
  const message = String((err as Error)?.message ?? err).slice(0, 500);
  paymentsLog(ctx).warn({ err, refundId: r.id, attempts: r.attempts }, 'refund attempt failed');
  await inTransaction(ctx, async (tx) => {
    await tx.update(refunds).set({ lastError: message }).where(and(eq(refunds.id, r.id), ne(refunds.state, 'succeeded')));
    if (r.state === 'pending' && r.attempts >= ctx.config.refundMaxAttempts) {
      const [row] = await tx.update(refunds).set({ state: 'failed' }).where(and(eq(refunds.id, r.id), eq(refunds.state, 'pending'))).returning();
      if (row) {
        paymentsLog(ctx).error({ refundId: r.id, lastError: message }, 'refund failed for good after its last attempt');
        await refundFailed.run(tx, { refundId: row.id, paymentId: row.paymentId, storeId: row.storeId, orderId: row.orderId, amount: row.amount, source: row.source });
      }
    }
  });
}
