// After-sales, clicked as people would. Set up through the API: a buyer's order of two items, paid in the sandbox,
// shipped and received. The buyer (on a phone) asks to return the first item with a reason and a photo; the tea
// merchant accepts it from the after-sales queue, picking one of the store's return addresses; the buyer sees where
// and by when to send it, picks the carrier and enters the return's tracking number (linked to its page); the merchant
// confirms receipt; the refund goes through the sandbox and the buyer's order shows the item refunded. Then the
// merchant rejects a refund of the second item, the buyer disputes, and the operator decides a partial refund.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { en } from '../../web/src/i18n/en.ts';
import { DEMO_PASSWORD, PHONE, journey, shot } from './harness.ts';
import { WAIT_MS } from '../timeouts.ts';

type Sku = { id: string; price: number; stock: number; available: boolean };
type Order = { id: string; state: string; items: { id: string; title: string; attrs: Record<string, string>; amount: number; discount: number; refundedAmount: number }[] };
type Request = { id: string; state: string; amount: number; agreedAmount: number | null };

// Sweeps (refunds, the sandbox's notifications) every half second.
const e2e = journey('aftersales', { env: { TRIO_SCHEDULER_INTERVAL_MS: '500' } });
const { apiAs, login } = e2e;

/** POST as the holder of `token`; a non-2xx answer throws. */
async function post<T>(token: string | null, path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${e2e.server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function signIn(page: Page, email: string) {
  await page.goto(`${e2e.server.url}/signin`);
  await page.getByLabel(en.auth.email).fill(email);
  await page.getByLabel(en.auth.password).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: en.auth.signIn, exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
}

const money = (fen: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'CNY', minimumFractionDigits: fen % 100 === 0 ? 0 : 2 }).format(fen / 100);
const shortId = (id: string) => id.replace(/-/g, '').slice(0, 10).toUpperCase();
/** An item's title with its attributes, as the order page names it. */
const withAttrs = (i: { title: string; attrs: Record<string, string> }) => (Object.keys(i.attrs).length ? `${i.title} (${Object.entries(i.attrs).map(([k, v]) => `${k}: ${v}`).join(' · ')})` : i.title);
const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k]));

describe('after-sales in the browser', () => {
  it('a return refunded through the sandbox; a rejected refund disputed and decided in part', async () => {
    // The order: two SKUs of the tea store, bought by Emma, paid in the sandbox, shipped and received.
    const teaToken = await login('tea@trio.demo');
    const [store] = await apiAs<{ id: string }[]>(teaToken, '/api/merchant/stores?limit=200');
    const skus: Sku[] = [];
    for (const row of await apiAs<{ id: string }[]>(null, `/api/storefront/products?storeId=${store.id}&limit=50`)) {
      const p = await apiAs<{ skus: Sku[] }>(null, `/api/storefront/products/${row.id}`);
      skus.push(...p.skus.filter((s) => s.available && s.stock >= 3));
      if (skus.length >= 2) break;
    }
    // The tea store keeps a second return address besides the demo's default.
    await post(teaToken, `/api/merchant/stores/${store.id}/return-addresses`, { name: 'Tea returns desk', phone: '+86 571 5555 0100', region: 'Hangzhou, Xihu', line: '18 Longjing Road, back door' });
    const buyerToken = await login('emma@trio.demo');
    const address = { name: 'Emma Laurent', phone: '+86 139 0000 1111', region: 'Shanghai, Jing’an', line: '1 Nanjing West Road' };
    const bought = await post<{ paymentId: string; orders: Order[] }>(buyerToken, '/api/checkout', { lines: skus.slice(0, 2).map((s) => ({ skuId: s.id, quantity: 1 })), address }, { 'idempotency-key': crypto.randomUUID() });
    const pre = await post<{ cashierUrl: string }>(buyerToken, `/api/payments/${bought.paymentId}/prepay`, { method: 'native' });
    await post(null, `/api/sandbox/cashier/${pre.cashierUrl.split('/').pop()}/pay`, {});
    const orderId = bought.orders[0].id;
    await post(teaToken, `/api/merchant/stores/${store.id}/orders/${orderId}/shipments`, { carrier: 'sf', trackingNo: 'SF020261125001' }, { 'idempotency-key': crypto.randomUUID() });
    await post(buyerToken, `/api/orders/${orderId}/confirm-receipt`, {});
    const order = await apiAs<Order>(buyerToken, `/api/orders/${orderId}`);
    expect(order.state).toBe('completed');
    const [first, second] = order.items;
    const paid = (i: Order['items'][number]) => i.amount - i.discount;

    // The buyer asks to return the first item, with a reason and a photo.
    const buyer = await e2e.newPage(PHONE);
    await signIn(buyer, 'emma@trio.demo');
    await buyer.goto(`${e2e.server.url}/orders/${orderId}`);
    await buyer.getByRole('button', { name: fill(en.aftersales.order.askOne, { title: withAttrs(first) }) }).click();
    const ask = buyer.getByRole('dialog');
    await ask.getByRole('radio', { name: new RegExp(en.aftersales.type.return) }).check();
    await ask.getByLabel(en.aftersales.ask.reason, { exact: true }).fill('The tin arrived dented');
    await ask.getByLabel(en.aftersales.ask.detail).fill('The lid does not close any more.');
    const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#b84a3a' } }).png().toBuffer();
    await ask.getByLabel(en.aftersales.ask.photos).setInputFiles({ name: 'dent.png', mimeType: 'image/png', buffer: photo });
    await ask.getByRole('img', { name: fill(en.aftersales.photos.alt, { n: 1 }) }).waitFor();
    expect(await ask.getByLabel(en.aftersales.ask.amount).inputValue()).toBe((paid(first) / 100).toFixed(2));
    await shot(buyer, 'aftersales-01-ask-phone');
    await ask.getByRole('button', { name: en.aftersales.ask.submit }).click();
    await buyer.waitForURL(/\/after-sales\/[0-9a-f-]{36}$/);
    const returnId = buyer.url().split('/').pop()!;
    await buyer.getByText(en.aftersales.state.merchant_processing, { exact: true }).first().waitFor();
    await buyer.getByText(en.aftersales.event.created, { exact: true }).waitFor();
    await shot(buyer, 'aftersales-02-request-phone');

    // The merchant finds it in the queue (the tab counts what waits for an answer) and accepts.
    const merchant = await e2e.newPage();
    await signIn(merchant, 'tea@trio.demo');
    await merchant.goto(`${e2e.server.url}/merchant/stores/${store.id}`);
    await merchant.getByRole('link', { name: en.aftersales.merchant.tabCount_one.replace('{{count}}', '1') }).click();
    await merchant.getByText(/^Answer within \d+ hr$/).first().waitFor();
    await shot(merchant, 'aftersales-03-queue');
    await merchant.getByRole('link', { name: fill(en.aftersales.merchant.openOne, { no: shortId(returnId) }) }).click();
    await merchant.getByRole('img', { name: fill(en.aftersales.photos.alt, { n: 1 }) }).waitFor();
    await merchant.getByText('The tin arrived dented').waitFor();
    await shot(merchant, 'aftersales-04-merchant-request');
    // Accepting preselects the store's default return address (the demo's warehouse); the merchant picks its second one.
    await merchant.getByRole('button', { name: en.aftersales.action.accept, exact: true }).click();
    const accept = merchant.getByRole('dialog');
    const pick = accept.getByLabel(en.returnAddresses.pick);
    expect(await pick.locator('option:checked').innerText()).toContain(`(${en.returnAddresses.default})`);
    await pick.selectOption({ label: 'Tea returns desk · Hangzhou, Xihu 18 Longjing Road, back door' });
    await accept.getByRole('button', { name: en.aftersales.action.accept, exact: true }).click();
    await merchant.getByRole('status').getByText(en.aftersales.done.accept).waitFor();
    await merchant.getByText(en.aftersales.state.waiting_buyer_return, { exact: true }).first().waitFor();

    // The buyer sees where to send it and by when (the server's one deadline), sends it back and enters the tracking number.
    await buyer.reload();
    await buyer.getByText(en.returnAddresses.sendTo, { exact: true }).waitFor();
    await buyer.getByText('18 Longjing Road, back door', { exact: false }).waitFor();
    await buyer.getByText(/^Send it by .+ \(7 days? left\)$/).waitFor();
    await shot(buyer, 'aftersales-04b-return-address-phone');
    await buyer.getByRole('button', { name: en.aftersales.action['return-shipment'] }).click();
    const parcel = buyer.getByRole('dialog');
    await parcel.getByLabel(en.carriers.carrier).selectOption('sf');
    await parcel.getByLabel(en.carriers.trackingNo).fill('SF998877665544');
    await parcel.getByRole('button', { name: en.aftersales.action['return-shipment'] }).click();
    await buyer.getByText(en.aftersales.state.waiting_merchant_receipt, { exact: true }).first().waitFor();
    const track = buyer.getByRole('link', { name: 'SF998877665544', exact: true });
    expect(await track.getAttribute('href')).toBe('https://www.kuaidi100.com/chaxun?com=shunfeng&nu=SF998877665544');
    expect(await track.getAttribute('rel')).toBe('noopener noreferrer');

    // The merchant confirms receipt: the refund goes out through the sandbox.
    await merchant.reload();
    await merchant.getByText('SF998877665544').first().waitFor();
    await merchant.getByRole('button', { name: en.aftersales.action['confirm-receipt'] }).click();
    await merchant.getByRole('dialog').getByRole('button', { name: en.aftersales.action['confirm-receipt'] }).click();
    await merchant.getByText(en.aftersales.state.refunded, { exact: true }).first().waitFor({ timeout: WAIT_MS });
    await shot(merchant, 'aftersales-05-merchant-refunded');

    // The buyer sees the money back, on the request and on the order.
    await expect.poll(async () => (await apiAs<Request>(buyerToken, `/api/after-sales/${returnId}`)).state, { timeout: WAIT_MS, interval: 500 }).toBe('refunded');
    await buyer.reload();
    await buyer.getByText(fill(en.aftersales.buyerNext.refunded, { amount: money(paid(first)) })).waitFor();
    await buyer.getByText(en.aftersales.event.refund_succeeded, { exact: true }).waitFor();
    await buyer.goto(`${e2e.server.url}/orders/${orderId}`);
    await buyer.getByText(fill(en.aftersales.order.refunded, { amount: money(paid(first)) })).waitFor();
    await buyer.locator('.order-item__tags').getByText(en.orders.refundState.full, { exact: true }).waitFor();
    expect((await apiAs<Order>(buyerToken, `/api/orders/${orderId}`)).items.find((i) => i.id === first.id)?.refundedAmount).toBe(paid(first));
    await shot(buyer, 'aftersales-06-order-refunded-phone');

    // A refund of the second item (asked through the API): the merchant rejects it with a reason.
    const refund = await post<Request>(buyerToken, `/api/orders/${orderId}/after-sales`, { orderItemId: second.id, type: 'refund', quantity: 1, reason: 'Tastes stale' }, { 'idempotency-key': crypto.randomUUID() });
    await merchant.goto(`${e2e.server.url}/merchant/stores/${store.id}/after-sales/${refund.id}`);
    await merchant.getByRole('button', { name: en.aftersales.action.reject, exact: true }).click();
    const reject = merchant.getByRole('dialog');
    await reject.getByLabel(en.aftersales.form.rejectReason).fill('Opened and half drunk; fresh when shipped');
    await reject.getByRole('button', { name: en.aftersales.action.reject, exact: true }).click();
    await merchant.getByText(en.aftersales.state.merchant_rejected, { exact: true }).first().waitFor();

    // The buyer asks the platform to decide.
    await buyer.goto(`${e2e.server.url}/after-sales/${refund.id}`);
    await buyer.getByText('Opened and half drunk; fresh when shipped').first().waitFor();
    await buyer.getByRole('button', { name: en.aftersales.action.dispute }).click();
    const dispute = buyer.getByRole('dialog');
    await dispute.getByLabel(en.aftersales.form.disputeReason).fill('It was stale on arrival, see the date on the pack');
    await dispute.getByRole('button', { name: en.aftersales.action.dispute }).click();
    await buyer.getByText(en.aftersales.state.in_dispute, { exact: true }).first().waitFor();

    // The operator decides a partial refund at the dispute desk.
    const partial = Math.floor(paid(second) / 2);
    const operator = await e2e.newPage();
    await signIn(operator, 'operator@trio.demo');
    await operator.getByRole('navigation', { name: en.common.sections }).getByRole('link', { name: new RegExp(en.aftersales.desk.nav) }).click();
    await operator.getByRole('heading', { name: en.aftersales.desk.title, level: 1 }).waitFor();
    await shot(operator, 'aftersales-07-desk');
    await operator.getByRole('link', { name: fill(en.aftersales.desk.decideOne, { no: shortId(refund.id) }) }).click();
    await operator.getByText('It was stale on arrival, see the date on the pack').first().waitFor();
    await operator.getByRole('radio', { name: new RegExp(en.aftersales.outcome.refund_partial) }).check();
    await operator.getByLabel(en.aftersales.desk.amount).fill((partial / 100).toFixed(2));
    await operator.getByLabel(en.aftersales.desk.note, { exact: true }).fill('Both plausible: half back');
    await shot(operator, 'aftersales-08-decide');
    await operator.getByRole('button', { name: en.aftersales.desk.submit }).click();
    await operator.getByRole('status').getByText(en.aftersales.desk.done).waitFor();

    await expect.poll(async () => (await apiAs<Request>(buyerToken, `/api/after-sales/${refund.id}`)).state, { timeout: WAIT_MS, interval: 500 }).toBe('refunded');
    await buyer.reload();
    await buyer.getByText(fill(en.aftersales.buyerNext.refunded, { amount: money(partial) })).waitFor();
    await buyer.getByText(en.aftersales.event.operator_refund, { exact: true }).waitFor();
    await shot(buyer, 'aftersales-09-decided-phone');

    // The store offers buyers a longer after-sales window than the platform's.
    await merchant.goto(`${e2e.server.url}/merchant/stores/${store.id}/after-sales`);
    await merchant.getByLabel(en.aftersales.window.days).fill('15');
    await merchant.getByRole('button', { name: en.aftersales.window.save, exact: true }).click();
    await merchant.getByRole('status').getByText(fill(en.aftersales.window.saved, { days: 15 })).waitFor();
    expect((await apiAs<{ days: number; storeDays: number | null }>(teaToken, `/api/merchant/stores/${store.id}/after-sales-window`)).storeDays).toBe(15);
    await shot(merchant, 'aftersales-10-window');
  });
});
