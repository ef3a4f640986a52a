// What the sandbox does on its own, as WeChat Pay would: take a buyer's payment (or refuse it when a close won the
// trade first) and notify; finish refunds when they are due and notify. All of it is rows: trades changed by guarded
// updates, refunds with a due time, notifications queued and retried (notify.ts), swept by any process.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { and, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { queryRows } from '../../../db/client.ts';
import { inTransaction, type Ctx } from '../../../kernel/context.ts';
import { Conflict } from '../../../kernel/errors.ts';
import { sandboxRefunds, sandboxTransactions } from '../schema.ts';
import { newNonce } from '../wechatpay/sign.ts';
import { sandboxKeysOf } from './keys.ts';
import { queueNotification, sendNotifications } from './notify.ts';
import { finishDueReturns, finishDueShares } from './profit-sharing.ts';
import { expireIfDue, newTransactionId, refundResourceJson, transactionJson, type SandboxRefund, type SandboxTrade } from './trades.ts';

const works = new WeakMap<FastifyInstance, SandboxWork>();
const byCtx = new Map<Ctx, SandboxWork>();

/** The sandbox's due work of this process's app (finish refunds, send notifications); 0 when it runs no sandbox. */
export async function sweepSandbox(ctx: Ctx, limit: number): Promise<number> {
  return (await byCtx.get(ctx)?.sweep(limit)) ?? 0;
}

/** Resolves when nothing of the sandbox's is due any more (refunds finished, notifications answered or waiting for their next try). */
export async function sandboxSettled(app: FastifyInstance) {
  const work = works.get(app);
  for (let round = 0; work && round < 100; round++) if (!(await work.sweep(200))) return;
}

export class SandboxWork {
  constructor(private app: FastifyInstance, private ctx: Ctx) {
    works.set(app, this);
    byCtx.set(ctx, this);
    app.addHook('onClose', async () => {
      if (byCtx.get(ctx) === this) byCtx.delete(ctx);
    });
  }

  /** A Request-ID as WeChat Pay sends one: 32 upper-case hex characters, like a nonce. */
  requestId() {
    return newNonce();
  }

  async trade(where: { prepayId: string }): Promise<SandboxTrade | undefined> {
    const [t] = await this.ctx.db.select().from(sandboxTransactions).where(eq(sandboxTransactions.prepayId, where.prepayId));
    return t ? expireIfDue(this.ctx.db, t, this.ctx.clock.now()) : undefined;
  }

  /**
   * The buyer pays: NOTPAY or PAYERROR become SUCCESS, unless a close or the trade's time_expire got there first
   * (then the payment fails, as it does in WeChat). Paying a paid trade again sends its notification again. The
   * TRANSACTION.SUCCESS notification is queued with the trade's change and sent at once; its first status is returned.
   */
  async pay(t: SandboxTrade): Promise<number> {
    const now = this.ctx.clock.now();
    const id = await inTransaction(this.ctx, async (tx) => {
      const [paid] = await tx
        .update(sandboxTransactions)
        .set({ tradeState: 'SUCCESS', transactionId: newTransactionId(), successTime: now, payerOpenid: t.payerOpenid ?? `sandbox-payer-${randomBytes(6).toString('hex')}` })
        .where(and(
          eq(sandboxTransactions.outTradeNo, t.outTradeNo), inArray(sandboxTransactions.tradeState, ['NOTPAY', 'PAYERROR']),
          or(isNull(sandboxTransactions.timeExpire), gt(sandboxTransactions.timeExpire, now)),
        ))
        .returning();
      const [current] = paid ? [paid] : await tx.select().from(sandboxTransactions).where(eq(sandboxTransactions.outTradeNo, t.outTradeNo));
      if (current.tradeState !== 'SUCCESS') {
        throw new Conflict('sandbox_trade_not_open', `This payment is ${current.tradeState}: it can no longer be paid.`, { tradeState: current.tradeState });
      }
      return queueNotification(tx, now, { url: current.notifyUrl, outTradeNo: current.outTradeNo }, {
        type: 'TRANSACTION.SUCCESS', summary: '支付成功', originalType: 'transaction', resource: transactionJson(current),
      });
    });
    const [sent] = await sendNotifications(this.app, this.ctx, sql`id = ${id}`, 1);
    return sent?.status ?? 0;
  }

  /** PROCESSING refunds whose time has come succeed; their REFUND.SUCCESS notification is queued. */
  async finishDueRefunds(limit: number): Promise<number> {
    return inTransaction(this.ctx, async (tx) => {
      const now = this.ctx.clock.now();
      const due = await queryRows<{ outRefundNo: string }>(tx, sql`
        select out_refund_no as "outRefundNo" from sandbox_refunds where status = 'PROCESSING' and due_at <= ${now}
        order by due_at limit ${limit} for update skip locked`);
      for (const { outRefundNo } of due) {
        const [r] = await tx.update(sandboxRefunds).set({ status: 'SUCCESS', successTime: now }).where(eq(sandboxRefunds.outRefundNo, outRefundNo)).returning();
        if (r.notifyUrl) await this.queueRefundNotification(tx, now, r);
      }
      return due.length;
    });
  }

  private async queueRefundNotification(tx: Parameters<typeof queueNotification>[0], now: Date, r: SandboxRefund) {
    const [t] = await tx.select().from(sandboxTransactions).where(eq(sandboxTransactions.outTradeNo, r.outTradeNo));
    const keys = await sandboxKeysOf(tx);
    await queueNotification(tx, now, { url: r.notifyUrl!, outTradeNo: r.outTradeNo }, {
      type: 'REFUND.SUCCESS', summary: '退款成功', originalType: 'refund', resource: refundResourceJson(r, t, keys),
    });
  }

  async sweep(limit: number): Promise<number> {
    const finished = await this.finishDueRefunds(limit);
    const shared = await finishDueShares(this.ctx, limit);
    const returned = await finishDueReturns(this.ctx, limit);
    const sent = await sendNotifications(this.app, this.ctx, sql`true`, limit);
    return finished + shared + returned + sent.length;
  }
}
