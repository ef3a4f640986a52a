// Notifications from WeChat Pay (or the sandbox, through the same path): verified against the platform key,
// decrypted with the API v3 key, applied once; every one is recorded with what came of it.
import { eq } from 'drizzle-orm';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { paymentsLog, providerFor } from './provider.ts';
import { applyRefundStatus } from './refunds.ts';
import { paymentNotifications, refunds } from './schema.ts';
import { applyTransaction } from './settle.ts';
import { notification, refundResource, transaction, type Notification } from './wechatpay/protocol.ts';

/** The HTTP answer to WeChat Pay: 204 when taken (WeChat Pay stops sending), else a 4xx/5xx {code:'FAIL'} (it retries). */
export type NotifyAnswer = { status: number; body?: { code: 'FAIL'; message: string } };

type Facts = { notificationId?: string; eventType?: string; outTradeNo?: string };

export async function receiveNotification(ctx: Ctx, headers: Record<string, string | string[] | undefined>, rawBody: string): Promise<NotifyAnswer> {
  const provider = await providerFor(ctx);
  const log = paymentsLog(ctx);
  const record = (facts: Facts, outcome: string, detail?: string) =>
    ctx.db.insert(paymentNotifications).values({
      provider: provider.name, notificationId: facts.notificationId?.slice(0, 64) ?? null, eventType: facts.eventType?.slice(0, 64) ?? null,
      outTradeNo: facts.outTradeNo?.slice(0, 64) ?? null, outcome, detail: detail?.slice(0, 500) ?? null, receivedAt: ctx.clock.now(),
    });
  const refuse = async (status: number, facts: Facts, outcome: string, detail: string): Promise<NotifyAnswer> => {
    await record(facts, outcome, detail);
    return { status, body: { code: 'FAIL', message: detail } };
  };

  const verified = await provider.client.verify(headers, rawBody);
  if (!verified.ok) {
    log.warn({ reason: verified.reason }, 'payment notification refused: signature');
    return refuse(401, {}, 'refused_signature', `signature refused: ${verified.reason}`);
  }
  let envelope: Notification;
  try {
    envelope = notification.parse(JSON.parse(rawBody));
  } catch {
    return refuse(400, {}, 'refused_malformed', 'the body is not a WeChat Pay notification');
  }
  const facts: Facts = { notificationId: envelope.id, eventType: envelope.event_type };
  if (envelope.resource_type !== 'encrypt-resource') return refuse(400, facts, 'refused_malformed', `resource_type ${envelope.resource_type}`);
  let resource: unknown;
  try {
    resource = JSON.parse(provider.client.decrypt(envelope.resource));
  } catch {
    log.warn({ notificationId: envelope.id }, 'payment notification refused: resource does not decrypt');
    return refuse(400, facts, 'refused_decrypt', 'the resource does not decrypt with the API v3 key');
  }

  if (envelope.event_type.startsWith('TRANSACTION.')) {
    const t = transaction.safeParse(resource);
    if (!t.success) return refuse(400, facts, 'refused_malformed', 'the resource is not a transaction');
    facts.outTradeNo = t.data.out_trade_no;
    if (envelope.event_type !== 'TRANSACTION.SUCCESS') {
      await record(facts, 'ignored', `${envelope.event_type} ${t.data.trade_state}`);
      return { status: 204 };
    }
    const { outcome, detail } = await applyTransaction(ctx, provider, t.data);
    if (outcome.startsWith('refused')) return refuse(outcome === 'refused_unknown_trade' ? 404 : 400, facts, outcome, detail ?? outcome);
    await record(facts, outcome, detail);
    return { status: 204 };
  }

  if (envelope.event_type.startsWith('REFUND.')) {
    const r = refundResource.safeParse(resource);
    if (!r.success) return refuse(400, facts, 'refused_malformed', 'the resource is not a refund');
    facts.outTradeNo = r.data.out_trade_no;
    if (r.data.mchid !== provider.client.keys.mchid) return refuse(400, facts, 'refused_merchant', `mchid ${r.data.mchid} is not ours`);
    const [row] = await ctx.db.select().from(refunds).where(eq(refunds.outRefundNo, r.data.out_refund_no));
    if (!row) return refuse(404, facts, 'refused_unknown_refund', `no refund ${r.data.out_refund_no}`);
    if (r.data.amount.refund !== row.amount || (row.outTradeNo && r.data.out_trade_no && r.data.out_trade_no !== row.outTradeNo)) {
      log.error({ refundId: row.id, resource: r.data }, 'REFUND NOTIFICATION MISMATCH: amount or transaction differs, refused');
      return refuse(400, facts, 'refused_amount', `refund amount ${r.data.amount.refund} differs from ${row.amount}`);
    }
    const changed = await inTransaction(ctx, (tx) => applyRefundStatus(tx, ctx.clock.now(), row.id, r.data.refund_status, r.data.refund_id));
    await record(facts, changed ? 'applied' : 'duplicate', r.data.refund_status);
    return { status: 204 };
  }

  await record(facts, 'ignored', envelope.event_type);
  return { status: 204 };
}
