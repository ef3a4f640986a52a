// A shipping fee refund WeChat Pay refuses for good, and the operator sending it again, clicked in Chinese. Set up
// through the API: Lin buys one toy (a flat ¥10 shipping fee), pays in the sandbox and asks for a refund before it
// ships; the store accepts. While the item's refund is on its way the sandbox forgets that the trade was paid (the
// provider's state a real refusal comes from), so the fee's refund, asked once the whole order is refunded, is
// refused at every try until it fails. The operator finds it under "Refunds waiting", the trade is put right, and
// "Send again" makes a new refund of the fee that goes through; the list is empty again and the buyer's order says so.
// Needs the server's own database to play the provider's refusal: it runs on PostgreSQL (as CI runs the journeys).
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { zh } from '../../web/src/i18n/zh.ts';
import { journey, pageAs, postAs, shot } from './harness.ts';
import { WAIT_MS } from '../timeouts.ts';

const e2e = journey('refunds-waiting', {
  env: { TRIO_SCHEDULER_INTERVAL_MS: '500', TRIO_SANDBOX_REFUND_SECONDS: '3', TRIO_REFUND_RETRY_SECONDS: '1', TRIO_REFUND_MAX_ATTEMPTS: '2' },
});
const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k]));
const shortId = (id: string) => id.replace(/-/g, '').slice(0, 10).toUpperCase();
type Order = { id: string; shippingFee: number; items: { id: string; quantity: number }[]; shippingFeeRefundState?: string | null };

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: e2e.server.databaseUrl });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

describe.skipIf(!process.env.DATABASE_URL)('refunds waiting for the operator', () => {
  it('a refused shipping fee refund is listed, sent again by the operator and goes through', async () => {
    const toys = await e2e.login('toys@trio.demo');
    const [store] = await e2e.apiAs<{ id: string }[]>(toys, '/api/merchant/stores?limit=200');
    let sku: { id: string; price: number } | undefined;
    for (const row of await e2e.apiAs<{ id: string }[]>(null, `/api/storefront/products?storeId=${store.id}&limit=50`)) {
      const p = await e2e.apiAs<{ skus: { id: string; price: number; stock: number; available: boolean }[] }>(null, `/api/storefront/products/${row.id}`);
      sku = p.skus.find((s) => s.available && s.stock >= 1 && s.price < 19_900);
      if (sku) break;
    }
    expect(sku, 'a toy under the free-shipping amount').toBeDefined();
    const lin = await e2e.login('lin@trio.demo');
    const address = { name: 'Lin Wei', phone: '+86 138 0000 0000', region: 'Shanghai, Xuhui', line: '88 Caoxi Road, flat 1201' };
    const bought = await postAs<{ paymentId: string; orders: Order[] }>(e2e.server, lin, '/api/checkout', { lines: [{ skuId: sku!.id, quantity: 1 }], address });
    const [order] = bought.orders;
    expect(order.shippingFee).toBe(1000);
    const pre = await postAs<{ cashierUrl: string }>(e2e.server, lin, `/api/payments/${bought.paymentId}/prepay`, { method: 'native' });
    await postAs(e2e.server, null, `/api/sandbox/cashier/${pre.cashierUrl.split('/').pop()}/pay`);
    await expect.poll(async () => (await e2e.apiAs<{ state: string }>(lin, `/api/orders/${order.id}`)).state, { timeout: WAIT_MS }).toBe('awaiting_shipment');
    const asked = await postAs<{ id: string }>(e2e.server, lin, `/api/orders/${order.id}/after-sales`, { orderItemId: order.items[0].id, type: 'refund', quantity: 1, reason: 'Ordered twice' });
    await postAs(e2e.server, toys, `/api/merchant/stores/${store.id}/after-sales/${asked.id}/accept`);

    // The item's refund reached the provider: from now on the provider refuses refunds of this trade.
    const trade = async () => (await query<{ out_trade_no: string }>(
      `select r.out_trade_no from refunds r join sandbox_refunds s on s.out_refund_no = r.out_refund_no where r.order_id = $1`, [order.id]))[0]?.out_trade_no;
    await expect.poll(trade, { timeout: WAIT_MS }).toBeTruthy();
    const outTradeNo = (await trade())!;
    await query(`update sandbox_transactions set trade_state = 'CLOSED' where out_trade_no = $1`, [outTradeNo]);
    await expect.poll(async () => (await e2e.apiAs<Order>(lin, `/api/orders/${order.id}`)).shippingFeeRefundState, { timeout: WAIT_MS }).toBe('failed');

    // The operator, in Chinese, finds it waiting, with the store and the amount.
    const operator = await pageAs(e2e, 'zh', 'operator@trio.demo');
    await operator.goto(`${e2e.server.url}/operator`);
    await operator.getByRole('link', { name: zh.profitSharing.desk.nav }).click();
    await operator.getByRole('heading', { name: zh.profitSharing.desk.fees }).waitFor();
    const row = operator.getByTestId('fee-refund-row').filter({ hasText: shortId(order.id) });
    await row.waitFor();
    expect(await row.textContent()).toContain('10');
    await shot(operator, 'refunds-waiting-01-refused-zh');

    // Once the trade is right again at the provider, "Send again" goes through.
    await query(`update sandbox_transactions set trade_state = 'REFUND' where out_trade_no = $1`, [outTradeNo]);
    await operator.getByRole('button', { name: fill(zh.profitSharing.desk.retryFee, { no: shortId(order.id) }) }).click();
    await operator.getByRole('status').getByText(fill(zh.profitSharing.desk.feeRetried, { no: shortId(order.id) })).waitFor();
    await operator.getByText(zh.profitSharing.desk.feesEmpty).waitFor();
    await expect.poll(async () => (await e2e.apiAs<Order>(lin, `/api/orders/${order.id}`)).shippingFeeRefundState, { timeout: WAIT_MS }).toBe('succeeded');
    const refunded = await query<{ sum: string }>(`select coalesce(sum(amount), 0)::text as sum from refunds where order_id = $1 and state = 'succeeded'`, [order.id]);
    expect(Number(refunded[0].sum)).toBe(sku!.price + 1000);
    await shot(operator, 'refunds-waiting-02-sent-again-zh');
  });
});
