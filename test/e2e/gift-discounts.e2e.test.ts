// A gift paid partly with a coupon and points, clicked as people would, in Chinese: Lin, a member of the tea store
// holding a "spend 50 get 10" coupon and 1,000 points, opens the gift-send screen of a tea whose SKU has a member
// price. The screen prices the gift as the cart prices a store order (the best combination first); Lin takes the
// coupon and the points off, puts them back one by one and sees the total fall each time, then pays the rest in the
// sandbox cashier. Emma opens the gift's link: its claim page shows no price.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { zh as t } from '../../web/src/i18n/zh.ts';
import { journey, pageAs, shot } from './harness.ts';

const e2e = journey('gift-discounts');
const { apiAs, login } = e2e;
const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k]));
const yuan = (fen: number) => (fen / 100).toFixed(2);

/** Sends JSON as the holder of `token`; a non-2xx answer throws. */
async function send<T>(method: 'POST' | 'PUT', token: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${e2e.server.url}${path}`, {
    method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() }, body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
type GiftSku = { id: string; price: number; stock: number; giftable: boolean };

describe('a gift paid partly with a coupon and points in the browser (zh)', () => {
  it('the giver picks the coupon and points on the send screen and sees the total fall; the claim page shows no price', async () => {
    const teaToken = await login('tea@trio.demo');
    const [store] = await apiAs<{ id: string }[]>(teaToken, '/api/merchant/stores?limit=200');
    // A tea that may be a gift, with a SKU of at least 30.00 and two in stock (a group gift of two units).
    let found: { productId: string; sku: GiftSku } | undefined;
    for (const row of await apiAs<{ id: string }[]>(null, `/api/storefront/products?storeId=${store.id}&limit=50`)) {
      const o = await apiAs<{ giftable: boolean; skus: GiftSku[] }>(null, `/api/products/${row.id}/gift-options`);
      const sku = o.giftable ? o.skus.find((s) => s.giftable && s.stock >= 2 && s.price >= 3000) : undefined;
      if (sku) { found = { productId: row.id, sku }; break; }
    }
    if (!found) throw new Error('the demo tea store has no product to send as a gift');
    const { productId, sku } = found;
    const memberPrice = sku.price - 500;

    // The store's program, its member price, and Lin a member with 1,000 points and a "spend 50 get 10" coupon.
    await send('PUT', teaToken, `/api/merchant/stores/${store.id}/membership`, {
      enabled: true, growthPerUnit: 1, pointsPerUnit: 1, pointsPerMinor: 1, maxPointsShareBp: 5000, pointsValidDays: 30, signupCouponId: null,
      levels: [{ level: 1, name: '普通会员', growthRequired: 0, priceBp: 10000 }],
    });
    await send('PUT', teaToken, `/api/merchant/stores/${store.id}/skus/${sku.id}/member-price`, { memberPrice });
    const linToken = await login('lin@trio.demo');
    const lin = await apiAs<{ id: string }>(linToken, '/api/me');
    await send('POST', linToken, `/api/memberships/${store.id}/join`, { source: 'store' });
    await send('POST', teaToken, `/api/merchant/stores/${store.id}/members/${lin.id}/adjustments`, { points: 1000, reason: '欢迎礼' });
    const now = Date.now();
    const coupon = await send<{ id: string }>('POST', teaToken, `/api/merchant/stores/${store.id}/coupons`, {
      title: '满50减10', scope: 'store', kind: 'spend_off', threshold: 5000, amount: 1000, audience: 'all', totalQuantity: 10,
      claimStartsAt: new Date(now - 60_000).toISOString(), claimEndsAt: new Date(now + 7 * 86_400_000).toISOString(), useWindow: 'days', useDays: 7,
    });
    const held = await send<{ id: string }>('POST', linToken, `/api/coupons/${coupon.id}/claim`, {});

    // The send screen: a group gift of two, the member price, the best combination (coupon and points).
    const giver = await pageAs(e2e, 'zh', 'lin@trio.demo');
    await giver.goto(`${e2e.server.url}/gift/new?product=${productId}&sku=${sku.id}`);
    await giver.getByRole('heading', { name: t.gifts.send.title, level: 1 }).waitFor();
    await giver.getByRole('radio', { name: t.gifts.kind.first_come }).check({ force: true });
    const section = giver.getByRole('region', { name: t.gifts.send.discountTitle });
    await section.getByText(t.pricing.best).waitFor();
    expect(await giver.getByTestId('gift-member-price').textContent()).toContain(yuan(memberPrice));
    const total = giver.getByTestId('gift-total');
    const shows = async (fen: number) => expect.poll(async () => total.textContent()).toContain(yuan(fen));
    const best = 2 * memberPrice - 1000 - 1000;
    await shows(best);
    await shot(giver, 'gift-discounts-01-best');

    // No coupon, no points: the member price only.
    const storeCoupon = section.getByLabel(t.pricing.storeCoupon);
    const points = section.getByLabel(fill(t.pricing.pointsToSpend, { points: 1000 }));
    await storeCoupon.selectOption({ label: t.pricing.noCoupon });
    await section.getByText(t.pricing.yours).waitFor();
    await points.fill('0');
    await points.press('Enter');
    await shows(2 * memberPrice);
    // The coupon: 10.00 less; then the points: 10.00 less again, the best combination once more.
    await storeCoupon.selectOption({ label: '满50减10' });
    await shows(2 * memberPrice - 1000);
    await points.fill('1000');
    await points.press('Enter');
    await shows(best);
    await section.getByText(t.pricing.best).waitFor();
    const breakdown = section.getByLabel(t.pricing.breakdown);
    await breakdown.getByText(t.pricing.lines.member_price, { exact: true }).waitFor();
    await breakdown.getByText(t.pricing.lines.store_coupon, { exact: true }).waitFor();
    await breakdown.getByText(fill(t.pricing.lines.points, { points: 1000 })).waitFor();
    await shot(giver, 'gift-discounts-02-chosen');

    await giver.getByLabel(t.gifts.send.message, { exact: true }).fill('一起喝茶！');
    await giver.getByRole('button', { name: t.gifts.send.pay }).click();
    await giver.waitForURL('**/sandbox/cashier/**');
    expect(await giver.getByTestId('cashier-amount').textContent()).toContain(yuan(best));
    await giver.getByRole('button', { name: fill(t.orders.cashier.pay, { amount: `¥${yuan(best)}` }), exact: true }).click();
    await giver.waitForURL(/\/gifts\/[0-9a-f-]{36}$/);
    const giftId = giver.url().split('/').pop()!;
    const gift = await apiAs<{ amount: number; discount: number; pointsSpent: number; state: string }>(linToken, `/api/gifts/${giftId}`);
    expect(gift).toMatchObject({ amount: best, discount: 2 * sku.price - best, pointsSpent: 1000, state: 'waiting' });
    expect((await apiAs<{ state: string }>(linToken, `/api/held-coupons/${held.id}`)).state).toBe('used');
    const link = await giver.getByTestId('share-link').inputValue();

    // Emma opens the link: the gift to accept, and no price anywhere.
    const recipient = await pageAs(e2e, 'zh', 'emma@trio.demo');
    await recipient.goto(link);
    await recipient.getByRole('heading', { name: t.gifts.claim.acceptTitle }).waitFor();
    const body = (await recipient.locator('body').innerText()).replace(/[\u00a0\u202f,]/g, '');
    for (const fen of [sku.price, memberPrice, best, best / 2]) expect(body).not.toContain(yuan(fen));
    expect(body).not.toMatch(/[¥￥]|CN¥/);
    await shot(recipient, 'gift-discounts-03-claim-no-price');
  });
});
