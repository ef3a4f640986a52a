// The scheduler: sweeps due timeouts (payment, receipt, settlement, refunds, outbox) every few seconds. Every sweep
// takes its rows with FOR UPDATE SKIP LOCKED, so any number of processes can run it over one database; the due
// times are columns, so nothing is lost across restarts.
import type { FastifyBaseLogger } from 'fastify';
import type { Ctx } from '../kernel/context.ts';
import { isDatabaseUnavailable } from '../db/client.ts';
import { forgetIdempotencyKeys } from '../kernel/idempotency.ts';
import { deliverOutbox } from '../kernel/outbox.ts';
import { forgetRateLimitCounters } from '../kernel/rate-limit-store.ts';
import { sweepAutoReceipt, sweepPaidByDiscounts, sweepPaymentTimeouts, sweepSettlements } from '../modules/orders/index.ts';
import { sweepPaymentAttempts, sweepPlatformCertificates, sweepRefunds, sweepSandbox, syncPayment } from '../modules/payments/index.ts';
import { sweepAfterSaleTimeouts } from '../modules/aftersales/sweeps.ts';
import { sweepApprovedWithdrawals, sweepReceivers, sweepReturns, sweepShares } from '../modules/withdrawals/index.ts';
import { forgetNonces, sweepLinkExpiry, sweepNotices } from '../modules/minisite/index.ts';
import { sweepWebhooks } from '../modules/webhooks/index.ts';
import { sweepRollups } from '../modules/analytics/index.ts';
import { sweepBroadcasts, sweepScheduledBroadcasts, sweepCouponSends, sweepExpiryNotices, sweepRepurchaseReminders } from '../modules/service-account/index.ts';
import { forgetGiftRequests, sweepGiftActivities } from '../modules/minisite/gift-activities.ts';
import { sweepExpiredPoints } from '../modules/membership/index.ts';
import { sweepCouponOffers, sweepHeldCouponExpiry } from '../modules/coupons/index.ts';
import { forgetTokenMisses, sweepGiftExpiry, sweepGiftPaymentTimeouts, sweepLotteryDraws } from '../modules/gifts/index.ts';

export type Sweep = { name: string; run: (limit: number) => Promise<number> };

/** Idempotency keys are answered for a day. */
const IDEMPOTENCY_KEY_HOURS = 24;

export function sweeps(ctx: Ctx): Sweep[] {
  return [
    // Orders coupons and points paid whole, when the checkout that made them stopped before marking them paid.
    { name: 'paid_by_discounts', run: (n) => sweepPaidByDiscounts(ctx, n) },
    { name: 'payment_timeouts', run: (n) => sweepPaymentTimeouts(ctx, n, (paymentId) => syncPayment(ctx, paymentId)) },
    { name: 'gift_payment_timeouts', run: (n) => sweepGiftPaymentTimeouts(ctx, n, (paymentId) => syncPayment(ctx, paymentId)) },
    // Lotteries are drawn before gifts expire (a draw's deadline is never after its gift's expiry).
    { name: 'gift_lottery_draws', run: (n) => sweepLotteryDraws(ctx, n) },
    { name: 'gift_expiry', run: (n) => sweepGiftExpiry(ctx, n) },
    // Cooperation gift activities start and end (their pools go back to the SKUs at the end).
    { name: 'gift_activities', run: (n) => sweepGiftActivities(ctx, n) },
    // Mini-sites' gift request ids past their window (TRIO_MINISITE_GIFT_REQUEST_HOURS).
    { name: 'mini_site_gift_requests', run: (n) => forgetGiftRequests(ctx, n) },
    { name: 'gift_token_misses', run: () => forgetTokenMisses(ctx) },
    { name: 'rate_limit_counters', run: () => forgetRateLimitCounters(ctx.db, ctx.clock.now()) },
    { name: 'auto_receipt', run: (n) => sweepAutoReceipt(ctx, n) },
    { name: 'settlement', run: (n) => sweepSettlements(ctx, n) },
    { name: 'aftersale_timeouts', run: (n) => sweepAfterSaleTimeouts(ctx, n) },
    // The sandbox's side of WeChat Pay (sandbox provider only): refunds finished when due, notifications retried.
    // Before the refunds sweep, so a refund it sends is finished at a later tick, as WeChat Pay's would be.
    { name: 'sandbox', run: (n) => sweepSandbox(ctx, n) },
    // Every payment attempt is asked about until the provider's answer is final (closed there, or a success applied).
    { name: 'payment_attempts', run: (n) => sweepPaymentAttempts(ctx, n) },
    { name: 'refunds', run: (n) => sweepRefunds(ctx, n) },
    // Withdrawals: receiver accounts added at the provider, approved withdrawals split into profit-sharing orders,
    // those sent and asked about until final (after the sandbox's sweep, so what it takes now it finishes at a later tick).
    { name: 'withdrawal_receivers', run: (n) => sweepReceivers(ctx, n) },
    { name: 'withdrawals', run: (n) => sweepApprovedWithdrawals(ctx, n) },
    { name: 'withdrawal_shares', run: (n) => sweepShares(ctx, n) },
    // Profit-sharing returns before refunds of shared orders (the refunds sweep sends those refunds once released).
    { name: 'profit_sharing_returns', run: (n) => sweepReturns(ctx, n) },
    // Store invitations to mini-sites that nobody answered in time.
    { name: 'minisite_link_expiry', run: (n) => sweepLinkExpiry(ctx, n) },
    // Member points past their validity leave the balances (oldest expiry first).
    { name: 'member_points_expiry', run: (n) => sweepExpiredPoints(ctx, n) },
    // Coupon offers open and close by their claim windows (before the outbox, so a sign-up gift finds its offer active);
    // held coupons expire after their use windows.
    { name: 'coupon_offers', run: (n) => sweepCouponOffers(ctx, n) },
    { name: 'held_coupon_expiry', run: (n) => sweepHeldCouponExpiry(ctx, n) },
    { name: 'outbox', run: (n) => deliverOutbox(ctx, n) },
    // After the outbox, which marks the days of newly paid orders: their rollups are recomputed this tick.
    { name: 'analytics_rollups', run: (n) => sweepRollups(ctx, n) },
    // After the outbox, which writes the notices of orders placed through mini-sites: a new notice goes out this tick.
    { name: 'mini_site_notices', run: (n) => sweepNotices(ctx, n) },
    // The same loop for merchant webhooks (after the outbox, which writes their deliveries).
    { name: 'webhooks', run: (n) => sweepWebhooks(ctx, n) },
    // Broadcasts written into their followers' inboxes, a batch per transaction.
    { name: 'scheduled_broadcasts', run: (n) => sweepScheduledBroadcasts(ctx, n) },
    { name: 'broadcasts', run: (n) => sweepBroadcasts(ctx, n) },
    // Repurchase reminders when due (written by the outbox from deliveries), and coupons sent to lapsed buyers.
    { name: 'repurchase_reminders', run: (n) => sweepRepurchaseReminders(ctx, n) },
    { name: 'lapsed_coupon_sends', run: (n) => sweepCouponSends(ctx, n) },
    // Buyers told of coupons and points about to expire, once each.
    { name: 'expiry_notices', run: (n) => sweepExpiryNotices(ctx, n) },
    { name: 'wechatpay_certificates', run: () => sweepPlatformCertificates(ctx) },
    { name: 'mini_site_nonces', run: () => forgetNonces(ctx) },
    { name: 'idempotency_keys', run: () => forgetIdempotencyKeys(ctx.db, new Date(ctx.clock.now().getTime() - IDEMPOTENCY_KEY_HOURS * 3600_000)) },
  ];
}

/** Runs every sweep until it has nothing left (a full batch means there may be more), or until `stopping` says so. */
export async function runSweeps(list: Sweep[], batch: number, log?: FastifyBaseLogger, stopping: () => boolean = () => false) {
  const done: Record<string, number> = {};
  for (const s of list) {
    if (stopping()) break;
    done[s.name] = 0;
    try {
      for (let round = 0; round < 50; round++) {
        const n = await s.run(batch);
        done[s.name] += n;
        if (n < batch || stopping()) break;
      }
    } catch (err) {
      // A database that is away (restart, failover) is expected now and then: the next tick tries again.
      if (isDatabaseUnavailable(err)) log?.warn({ err, sweep: s.name }, 'database unavailable; the sweep is tried again at the next tick');
      else log?.error({ err, sweep: s.name }, 'sweep failed; it is tried again at the next tick');
    }
  }
  return done;
}

/**
 * Runs every sweep every schedulerIntervalMs, one after another. Several processes each run this loop over one
 * database: their sweeps take rows with SKIP LOCKED or guarded updates. (Two outbox sweeps at once used to deadlock on
 * the rollups' dirty-day marks, upserted by each message in its own order inside the batch's transaction; marks are
 * now appended to analytics_marks, which locks nothing: test/analytics/marks.pg.test.ts.)
 */
export function startScheduler(ctx: Ctx, log: FastifyBaseLogger) {
  const list = sweeps(ctx);
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = runSweeps(list, ctx.config.schedulerBatch, log, () => stopped)
      .then((done) => {
        const moved = Object.entries(done).filter(([, n]) => n > 0);
        if (moved.length) log.info({ swept: Object.fromEntries(moved) }, 'scheduler swept due work');
      })
      .finally(() => (running = undefined));
  };
  // The first sweep one interval after the start: a just-started server answers its first requests (GET /ready)
  // without waiting behind a sweep of cold tables (on PGlite, behind its one connection).
  const timer = setInterval(tick, ctx.config.schedulerIntervalMs);
  timer.unref();
  return {
    /** No new sweep starts; the one running finishes its current batch (its transaction), then this resolves. */
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
