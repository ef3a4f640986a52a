// Member price, a coupon and points at checkout, clicked as people would, in Chinese: the tea merchant sets a SKU's
// member price in the console; a member holding a coupon and points finds the best combination in the cart, checks
// out and pays; the order page shows what each discount took off; a partial refund gives the points spent on the
// refunded unit back, and the member card says so.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { zh as t } from '../../web/src/i18n/zh.ts';
import { addFirstAddress, journey, pageAs, settled, shot } from './harness.ts';

// Sweeps (refunds, the sandbox's notifications) every half second.
const e2e = journey('member-checkout', { env: { TRIO_SCHEDULER_INTERVAL_MS: '500' } });
const { apiAs, login } = e2e;
const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k]));
const WAIT_MS = 30_000;

/** Sends JSON as the holder of `token`; a non-2xx answer throws. */
async function send<T>(method: 'POST' | 'PUT', token: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${e2e.server.url}${path}`, {
    method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() }, body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
type Sku = { id: string; price: number; stock: number; available: boolean; attrs: Record<string, string> };
type Order = { id: string; state: string; total: number; items: { id: string; amount: number; discount: number }[] };

describe('member price, coupon and points at checkout in the browser (zh)', () => {
  it('the merchant sets a member price; a member pays with member price, coupon and points; a partial refund gives points back', async () => {
    const teaToken = await login('tea@trio.demo');
    const [store] = await apiAs<{ id: string }[]>(teaToken, '/api/merchant/stores?limit=200');
    let product: { id: string; title: string; sku: Sku } | undefined;
    for (const row of await apiAs<{ id: string }[]>(null, `/api/storefront/products?storeId=${store.id}&limit=50`)) {
      const p = await apiAs<{ title: string; skus: Sku[] }>(null, `/api/storefront/products/${row.id}`);
      const sku = p.skus.find((s) => s.available && s.stock >= 3 && s.price >= 5000 && Object.keys(s.attrs).length === 0) ?? p.skus.find((s) => s.available && s.stock >= 3 && s.price >= 5000);
      if (sku) { product = { id: row.id, title: p.title, sku }; break; }
    }
    if (!product) throw new Error('the demo tea store has no product to buy');
    const { sku } = product;
    const memberPrice = sku.price - 1000;

    // The merchant, in Chinese, sets the member price on the product's live SKUs.
    const merchant = await pageAs(e2e, 'zh', 'tea@trio.demo');
    await merchant.goto(`${e2e.server.url}/merchant/stores/${store.id}/products/${product.id}`);
    await settled(merchant);
    // The SKU's label as the console writes it ("颜色: 绿 · 规格: 250g", or "单规格" for a product of one SKU).
    const label = Object.entries(sku.attrs).map(([k, v]) => `${k}: ${v}`).join(' · ') || t.catalog.editor.single;
    await merchant.getByRole('button', { name: fill(t.catalog.skus.setMemberPriceOf, { sku: label }), exact: true }).click();
    const dialog = merchant.getByRole('dialog');
    // Above the list price: refused with the API's problem, in Chinese.
    await dialog.getByLabel(t.catalog.skus.newMemberPrice).fill(String(sku.price / 100 + 1));
    await dialog.getByRole('button', { name: t.catalog.skus.saveMemberPrice }).click();
    await dialog.getByText(t.problems.code.member_price_above_price).waitFor();
    await dialog.getByLabel(t.catalog.skus.newMemberPrice).fill(String(memberPrice / 100));
    await dialog.getByRole('button', { name: t.catalog.skus.saveMemberPrice }).click();
    await merchant.getByRole('status').getByText(t.catalog.skus.memberPriceSaved.split('{{')[0]).waitFor();
    await shot(merchant, 'member-checkout-01-member-price');
    const skuNow = (await apiAs<{ skus: { id: string; memberPrice: number | null }[] }>(teaToken, `/api/merchant/stores/${store.id}/products/${product.id}`)).skus;
    expect(skuNow.find((s) => s.id === sku.id)?.memberPrice).toBe(memberPrice);
    const chosen = sku.id;

    // The store's program, a member with 1,000 points and a "spend 50 get 10" coupon (set up through the API).
    await send('PUT', teaToken, `/api/merchant/stores/${store.id}/membership`, {
      enabled: true, growthPerUnit: 1, pointsPerUnit: 1, pointsPerMinor: 1, maxPointsShareBp: 5000, pointsValidDays: 30, signupCouponId: null,
      levels: [{ level: 1, name: '普通会员', growthRequired: 0, priceBp: 10000 }],
    });
    const buyerToken = await login('lin@trio.demo');
    const me = await apiAs<{ id: string }>(buyerToken, '/api/me');
    await send('POST', buyerToken, `/api/memberships/${store.id}/join`, { source: 'store' });
    await send('POST', teaToken, `/api/merchant/stores/${store.id}/members/${me.id}/adjustments`, { points: 1000, reason: '欢迎礼' });
    const now = Date.now();
    const coupon = await send<{ id: string }>('POST', teaToken, `/api/merchant/stores/${store.id}/coupons`, {
      title: '满50减10', scope: 'store', kind: 'spend_off', threshold: 5000, amount: 1000, audience: 'all', totalQuantity: 10,
      claimStartsAt: new Date(now - 60_000).toISOString(), claimEndsAt: new Date(now + 7 * 86_400_000).toISOString(), useWindow: 'days', useDays: 7,
    });
    await send('POST', buyerToken, `/api/coupons/${coupon.id}/claim`, {});
    await send('POST', buyerToken, '/api/cart/lines', { skuId: chosen, quantity: 2 });

    // The member's cart: the best combination, each step's amount.
    const buyer = await pageAs(e2e, 'zh', 'lin@trio.demo');
    await buyer.goto(`${e2e.server.url}/cart`);
    await buyer.getByText(t.pricing.best).waitFor();
    await buyer.getByText(t.pricing.lines.member_price, { exact: true }).first().waitFor();
    await buyer.getByText(t.pricing.lines.store_coupon, { exact: true }).first().waitFor();
    await buyer.getByText(fill(t.pricing.lines.points, { points: 1000 })).first().waitFor();
    // 2 at the member price, 10.00 off, 1,000 points pay 10.00.
    const total = 2 * memberPrice - 1000 - 1000;
    await shot(buyer, 'member-checkout-02-cart');
    await buyer.getByRole('button', { name: fill(t.orders.cart.checkout_other, { count: 2 }) }).click();
    await buyer.waitForURL(/\/checkout\?skus=/);
    if ((await apiAs<unknown[]>(buyerToken, '/api/addresses')).length === 0) {
      await addFirstAddress(buyer, { name: '林小梅', phone: '+86 138 0013 8000', region: '上海市浦东新区', line: '世纪大道 88 号 B 座 12 楼' });
    }
    await buyer.getByRole('button', { name: t.orders.checkout.place }).click();
    await buyer.waitForURL('**/sandbox/cashier/**');
    expect(await buyer.getByTestId('cashier-amount').textContent()).toContain((total / 100).toFixed(2));
    await buyer.getByRole('button', { name: fill(t.orders.cashier.pay, { amount: `¥${(total / 100).toFixed(2)}` }), exact: true }).click();
    // Paid: the buyer is back at the orders (or the order's page).
    await buyer.waitForURL((u) => u.pathname.startsWith('/orders'));

    const { orders } = await apiAs<{ orders: Order[] }>(buyerToken, '/api/orders?limit=5');
    const order = orders.find((o) => o.items.length === 1 && o.total === total)!;
    expect(order).toBeDefined();
    expect(order.state).toBe('awaiting_shipment');
    const points = async () => (await apiAs<{ points: number }>(buyerToken, `/api/memberships/${store.id}`)).points;
    // All 1,000 points spent; the payment earns a point per whole yuan paid (the outbox delivers it).
    const earned = Math.floor(total / 100);
    await expect.poll(points, { timeout: WAIT_MS, interval: 500 }).toBe(earned);

    // The order page: what each discount took off the item.
    await buyer.goto(`${e2e.server.url}/orders/${order.id}`);
    const item = buyer.getByLabel(fill(t.pricing.itemBreakdown, { title: product.title }));
    await item.getByText(t.pricing.lines.member_price, { exact: true }).waitFor();
    await item.getByText(t.pricing.lines.store_coupon, { exact: true }).waitFor();
    await item.getByText(fill(t.pricing.lines.points, { points: 1000 })).waitFor();
    await shot(buyer, 'member-checkout-03-order-breakdown');

    // A refund of one of the two units: half the points come back.
    await buyer.getByRole('button', { name: new RegExp(`${product.title}.*申请售后`) }).first().click();
    const ask = buyer.getByRole('dialog');
    await ask.getByRole('group', { name: t.aftersales.ask.quantity }).locator('input').fill('1');
    await ask.getByLabel(t.aftersales.ask.reason, { exact: true }).fill('买多了一件');
    await ask.getByRole('button', { name: t.aftersales.ask.submit }).click();
    await buyer.getByRole('status').getByText(t.aftersales.ask.done).waitFor();
    const [request] = (await apiAs<{ afterSales: { id: string; amount: number }[] }>(buyerToken, `/api/after-sales?limit=5`)).afterSales;
    expect(request.amount).toBe(order.total / 2);
    await send('POST', teaToken, `/api/merchant/stores/${store.id}/after-sales/${request.id}/accept`, {});
    // The 500 points spent on the refunded unit come back; half of what the payment earned is taken back.
    await expect.poll(points, { timeout: WAIT_MS, interval: 500 }).toBe(earned + 500 - Math.floor(earned / 2));

    await buyer.goto(`${e2e.server.url}/memberships/${store.id}`);
    await buyer.getByRole('cell', { name: t.membership.event.returned }).waitFor();
    await buyer.getByRole('cell', { name: '+500' }).waitFor();
    await shot(buyer, 'member-checkout-04-points-back');
  });
});
