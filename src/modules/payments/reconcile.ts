// Reconciliation: every payment attempt is asked about at the provider until the provider's answer is final.
// An attempt Trio closed (or whose payment's time ran out) is closed there; one the provider says is paid is applied
// (settle.ts refunds a success nobody wants any more). Driven by the attempts' rows: a sweep in any process takes
// the due ones with FOR UPDATE SKIP LOCKED and leases them until their next check, so nothing is lost when a
// process dies, and nothing is asked twice at once.
import { and, eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { paymentsLog, providerFor, type PaymentProvider } from './provider.ts';
import { attemptVerdict } from './rules.ts';
import { paymentAttempts } from './schema.ts';
import { applyTransaction } from './settle.ts';
import type { Transaction } from './wechatpay/protocol.ts';

export type AttemptToCheck = { outTradeNo: string; state: string; expiresAt: Date };

const errorCode = (err: unknown) => (err as { code?: unknown } | null)?.code;

/**
 * Asks the provider where one attempt stands and acts on it: applies a success, closes at the provider an attempt
 * nobody may pay any more (a close answered ORDERPAID is a success to apply), and records whether the answer is
 * final. Returns the provider's last trade state (null: unknown to it).
 */
export async function checkAttempt(ctx: Ctx, provider: PaymentProvider, a: AttemptToCheck): Promise<string | null> {
  const unwanted = a.state === 'closed' || (a.state === 'open' && a.expiresAt.getTime() <= ctx.clock.now().getTime());
  let t: Transaction | null = await provider.client.queryByOutTradeNo(a.outTradeNo);
  let verdict = attemptVerdict(t?.trade_state ?? null, unwanted);
  if (verdict === 'close') {
    try {
      await provider.client.close(a.outTradeNo);
    } catch (err) {
      // ORDERPAID: the buyer paid before the close; asked again below, the success is applied.
      if (errorCode(err) !== 'ORDERPAID') throw err;
    }
    t = await provider.client.queryByOutTradeNo(a.outTradeNo);
    verdict = attemptVerdict(t?.trade_state ?? null, unwanted);
  }
  let error: string | null = null;
  if (verdict === 'apply' && t) {
    const { outcome, detail } = await applyTransaction(ctx, provider, t);
    if (outcome.startsWith('refused')) {
      // A success Trio cannot take as it is (another merchant's, another amount than asked): someone must look.
      paymentsLog(ctx).error({ outTradeNo: a.outTradeNo, outcome, detail }, 'a success found at the provider was refused');
      error = `${outcome}: ${detail ?? ''}`.slice(0, 500);
    }
  }
  const final = verdict === 'final' || verdict === 'apply';
  await ctx.db.update(paymentAttempts)
    .set({ providerState: t?.trade_state ?? 'UNKNOWN', lastCheckError: error, ...(final ? { providerFinal: true } : {}) })
    .where(and(eq(paymentAttempts.outTradeNo, a.outTradeNo), eq(paymentAttempts.providerFinal, false)));
  return t?.trade_state ?? null;
}

/** The due attempts not final at the provider, each checked once; a check that fails waits for its lease to end. */
export async function sweepPaymentAttempts(ctx: Ctx, limit: number): Promise<number> {
  const now = ctx.clock.now();
  const { paymentCheckSeconds: base, paymentCheckMaxSeconds: max } = ctx.config;
  // Taken and leased in one statement: after the n-th check the next is due 2^n base seconds later (at most max).
  const due = await queryRows<{ outTradeNo: string; state: string; expiresAt: Date | string }>(ctx.db, sql`
    update payment_attempts a
    set checks = a.checks + 1,
        next_check_at = ${now}::timestamptz + make_interval(secs => least(${max}::int, ${base}::int * power(2, least(a.checks + 1, 16))::bigint))
    from payments p
    where p.id = a.payment_id and a.out_trade_no in (
      select out_trade_no from payment_attempts where not provider_final and next_check_at <= ${now}
      order by next_check_at limit ${limit} for update skip locked)
    returning a.out_trade_no as "outTradeNo", a.state, p.expires_at as "expiresAt"`);
  if (!due.length) return 0;
  const provider = await providerFor(ctx);
  for (const a of due) {
    try {
      await checkAttempt(ctx, provider, { ...a, expiresAt: new Date(a.expiresAt) });
    } catch (err) {
      paymentsLog(ctx).warn({ err, outTradeNo: a.outTradeNo }, 'asking the provider about a payment attempt failed; asked again later');
      await ctx.db.update(paymentAttempts).set({ lastCheckError: String((err as Error)?.message ?? err).slice(0, 500) })
        .where(eq(paymentAttempts.outTradeNo, a.outTradeNo));
    }
  }
  return due.length;
}
