// What the sandbox does on its own, as WeChat Pay would: pay a transaction and notify, finish a refund and
// notify. Work started after an answer is tracked, so that closing the app (or a test) can wait for it.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { and, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/context.ts';
import { sandboxRefunds, sandboxTransactions } from '../schema.ts';
import { newNonce } from '../wechatpay/sign.ts';
import { sandboxKeysOf } from './keys.ts';
import { buildNotification, deliverNotification } from './notify.ts';
import { expireIfDue, newTransactionId, refundResourceJson, transactionJson, type SandboxTrade } from './trades.ts';

const works = new WeakMap<FastifyInstance, SandboxWork>();

/** Resolves when the sandbox of this app has nothing left to do (refunds finished, notifications sent). */
export async function sandboxSettled(app: FastifyInstance) {
  await works.get(app)?.idle();
}

export class SandboxWork {
  private pending = new Set<Promise<unknown>>();

  constructor(private app: FastifyInstance, private ctx: Ctx) {
    works.set(app, this);
    app.addHook('onClose', async () => this.idle());
  }

  /** A Request-ID as WeChat Pay sends one: 32 upper-case hex characters, like a nonce. */
  requestId() {
    return newNonce();
  }

  /** Runs fn just after the current answer is sent. */
  later(fn: () => Promise<unknown>) {
    const p: Promise<unknown> = new Promise((resolve) => setImmediate(resolve))
      .then(fn)
      .catch((err) => this.app.log.warn({ err }, 'sandbox background work failed'))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  async idle() {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  async trade(where: { prepayId: string }): Promise<SandboxTrade | undefined> {
    const [t] = await this.ctx.db.select().from(sandboxTransactions).where(eq(sandboxTransactions.prepayId, where.prepayId));
    return t ? expireIfDue(this.ctx.db, t, this.ctx.clock.now()) : undefined;
  }

  /** The buyer pays: NOTPAY or PAYERROR become SUCCESS (once); the TRANSACTION.SUCCESS notification goes out. */
  async pay(t: SandboxTrade): Promise<number> {
    const now = this.ctx.clock.now();
    const [paid] = await this.ctx.db
      .update(sandboxTransactions)
      .set({ tradeState: 'SUCCESS', transactionId: newTransactionId(), successTime: now, payerOpenid: t.payerOpenid ?? `sandbox-payer-${randomBytes(6).toString('hex')}` })
      .where(and(eq(sandboxTransactions.outTradeNo, t.outTradeNo), inArray(sandboxTransactions.tradeState, ['NOTPAY', 'PAYERROR'])))
      .returning();
    const [current] = paid ? [paid] : await this.ctx.db.select().from(sandboxTransactions).where(eq(sandboxTransactions.outTradeNo, t.outTradeNo));
    return this.notify(current.notifyUrl, { type: 'TRANSACTION.SUCCESS', summary: '支付成功', originalType: 'transaction', resource: transactionJson(current) });
  }

  /** A PROCESSING refund arrives: SUCCESS, and the REFUND.SUCCESS notification goes out. */
  async completeRefund(outRefundNo: string): Promise<number | undefined> {
    const [r] = await this.ctx.db
      .update(sandboxRefunds)
      .set({ status: 'SUCCESS', successTime: this.ctx.clock.now() })
      .where(and(eq(sandboxRefunds.outRefundNo, outRefundNo), eq(sandboxRefunds.status, 'PROCESSING')))
      .returning();
    if (!r?.notifyUrl) return undefined;
    const [t] = await this.ctx.db.select().from(sandboxTransactions).where(eq(sandboxTransactions.outTradeNo, r.outTradeNo));
    const keys = await sandboxKeysOf(this.ctx.db);
    return this.notify(r.notifyUrl, { type: 'REFUND.SUCCESS', summary: '退款成功', originalType: 'refund', resource: refundResourceJson(r, t, keys) });
  }

  private async notify(url: string, event: Parameters<typeof buildNotification>[2]): Promise<number> {
    const keys = await sandboxKeysOf(this.ctx.db);
    return deliverNotification(this.app, this.ctx.config, url, buildNotification(keys, this.ctx.clock.now(), event));
  }
}
