// Orders awaiting payment with a Native prepay, paid in the sandbox, and their signed TRANSACTION.SUCCESS
// notifications ready to POST (used by the pay benchmark, timed, and by after-sales, to have paid orders).
import { inArray, sql } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../src/db/client.ts';
import { sandboxKeysOf } from '../src/modules/payments/sandbox/keys.ts';
import { buildNotification } from '../src/modules/payments/sandbox/notify.ts';
import { newTransactionId, transactionJson, type SandboxTrade } from '../src/modules/payments/sandbox/trades.ts';
import { sandboxTransactions } from '../src/modules/payments/schema.ts';
import { inParallel, type Server } from './lib.ts';
import { checkoutRequest, ensureBuyers, ensureCheckoutData, newSessions } from './order-data.ts';

export type PreparedPayments = {
  tokens: string[];
  prepared: { paymentId: string; outTradeNo: string; orderId: string; storeId: string; itemId: string }[];
  notifications: { headers: Record<string, string>; body: string }[];
  prepSeconds: number;
};

/**
 * `count` checkouts of one unit by as many buyers (of the bench SKUs, or of `onlySkuIds`) and their Native prepay over HTTP; the sandbox's own "buyer paid"
 * step on its transactions; every TRANSACTION.SUCCESS notification built and signed by the sandbox's own code.
 */
export async function preparePayments(server: Server, db: Db, count: number, run: string, onlySkuIds?: string[]): Promise<PreparedPayments> {
  const data = await ensureCheckoutData(db);
  const skuIds = onlySkuIds ?? data.skuIds;
  const tokens = await newSessions(db, await ensureBuyers(db, count));
  const t0 = performance.now();
  const post = async (path: string, req: { headers: Record<string, string>; body: string }) => {
    const res = await fetch(server.url + path, { method: 'POST', ...req });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  };
  const prepared = await inParallel(tokens, 32, async (token, i) => {
    const c = (await post('/api/checkout', checkoutRequest(token, `${run}-${i}`, skuIds[(i * 7) % skuIds.length]))) as {
      paymentId: string; orders: { id: string; storeId: string; items: { id: string }[] }[];
    };
    const p = (await post(`/api/payments/${c.paymentId}/prepay`, { headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ method: 'native' }) })) as { outTradeNo: string };
    return { paymentId: c.paymentId, outTradeNo: p.outTradeNo, orderId: c.orders[0].id, storeId: c.orders[0].storeId, itemId: c.orders[0].items[0].id };
  });
  const prepSeconds = (performance.now() - t0) / 1000;
  // The buyer pays in the sandbox: what SandboxWork.pay does to each transaction, in one statement here.
  const outTradeNos = pgArray(prepared.map((p) => p.outTradeNo));
  const paid = await queryRows<{ no: string }>(db, sql`
    update sandbox_transactions t set trade_state = 'SUCCESS', transaction_id = v.tid, success_time = ${new Date()},
      payer_openid = coalesce(t.payer_openid, 'sandbox-payer-' || substr(md5(v.no), 1, 12))
    from unnest(${outTradeNos}::text[], ${pgArray(prepared.map(() => newTransactionId()))}::text[]) as v(no, tid)
    where t.out_trade_no = v.no and t.trade_state in ('NOTPAY', 'PAYERROR') returning t.out_trade_no as no`);
  if (paid.length !== count) throw new Error(`only ${paid.length} of ${count} sandbox transactions could be paid`);
  const trades: SandboxTrade[] = await db.select().from(sandboxTransactions).where(inArray(sandboxTransactions.outTradeNo, prepared.map((p) => p.outTradeNo)));
  const keys = await sandboxKeysOf(db);
  const notifications = trades.map((t) => buildNotification(keys, new Date(), { type: 'TRANSACTION.SUCCESS', summary: '支付成功', originalType: 'transaction', resource: transactionJson(t) }));
  return { tokens, prepared, notifications, prepSeconds };
}
