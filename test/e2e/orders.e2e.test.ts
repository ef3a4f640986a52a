// Buying, clicked as people would: a visitor on a phone adds a tea product, is sent to sign in and comes back, adds
// a second SKU and a toy from another store, checks out with a new address and pays in the sandbox cashier; the tea
// merchant (in Chinese) ships in two parcels, the toy merchant (in Vietnamese) ships everything; the buyer confirms
// receipt; after the after-sales window (0 days here) each merchant's settlement balance shows the amount less
// commission, and the operator's platform ledger shows the commission.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { en, type Messages } from '../../web/src/i18n/en.ts';
import { vi } from '../../web/src/i18n/vi.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { DEMO_PASSWORD, PHONE, addFirstAddress, journey, shot } from './harness.ts';
import { WAIT_MS } from '../timeouts.ts';

type Sku = { id: string; attrs: Record<string, string>; price: number; stock: number; available: boolean };
type Product = { id: string; storeId: string; categoryId: number; title: string; attributes: { name: string; values: string[] }[]; skus: Sku[] };
type CatNode = { id: number; commissionBp: number; children: CatNode[] };
type Order = { id: string; storeId: string; state: string; total: number; shippingFee: number; items: { id: string; title: string; attrs: Record<string, string>; amount: number; discount: number; productId: string }[] };

const e2e = journey('orders', {
  // Settle as soon as receipt is confirmed (after-sales window of 0 days), swept every half second.
  env: { TRIO_AFTER_SALES_DAYS: '0', TRIO_SCHEDULER_INTERVAL_MS: '500' },
});

const { apiAs, login } = e2e;

async function switchLanguage(page: Page, from: Messages, lang: 'en' | 'zh' | 'vi') {
  await page.getByRole('combobox', { name: from.common.language }).first().selectOption(lang);
}
async function fillSignIn(page: Page, t: Messages, email: string) {
  await page.getByLabel(t.auth.email).fill(email);
  await page.getByLabel(t.auth.password).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: t.auth.signIn, exact: true }).click();
}

const money = (tag: string, fen: number) => new Intl.NumberFormat(tag, { style: 'currency', currency: 'CNY', minimumFractionDigits: fen % 100 === 0 ? 0 : 2 }).format(fen / 100);
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();
const shortId = (id: string) => id.replace(/-/g, '').slice(0, 10).toUpperCase();
/** amount × bp / 10000, half away from zero (as the server's kernel/money). */
const bpOf = (amount: number, bp: number) => Math.round((amount * bp) / 10000);

/** A listed product of the store with one attribute and at least `skus` SKUs in stock (or no attributes when skus = 1). */
async function pickProduct(storeId: string, skus: number): Promise<{ product: Product; chosen: Sku[] }> {
  const list = await apiAs<{ id: string }[]>(null, `/api/storefront/products?storeId=${storeId}&limit=50`);
  for (const row of list) {
    const p = await apiAs<Product>(null, `/api/storefront/products/${row.id}`);
    if (p.attributes.length > 1) continue;
    const ok = p.skus.filter((s) => s.available && s.stock >= 5);
    if (ok.length >= skus) return { product: p, chosen: ok.slice(0, skus) };
  }
  throw new Error(`no product with ${skus} SKUs in stock in store ${storeId}`);
}

async function chooseSku(page: Page, p: Product, sku: Sku) {
  const a = p.attributes[0];
  if (a) await page.getByRole('radio', { name: sku.attrs[a.name], exact: true }).check({ force: true });
  await page.waitForFunction((want) => document.querySelector('[data-testid="sku-price"]')?.textContent?.replace(/[\u00a0\u202f]/g, ' ').trim() === want, plain(money('en-US', sku.price)));
}

describe('orders in the browser', () => {
  it('two stores in one checkout, sandbox payment, shipping in parts, receipt, settlement less commission (en, zh, vi)', async () => {
    // The stores and what to buy: two SKUs of a tea product, one toy.
    const teaToken = await login('tea@trio.demo');
    const toyToken = await login('toys@trio.demo');
    const [teaStore] = await apiAs<{ id: string; name: string }[]>(teaToken, '/api/merchant/stores?limit=200');
    const [toyStore] = await apiAs<{ id: string; name: string }[]>(toyToken, '/api/merchant/stores?limit=200');
    const tea = await pickProduct(teaStore.id, 2);
    const toy = await pickProduct(toyStore.id, 1);
    const tree = await apiAs<{ categories: CatNode[] }>(null, '/api/categories');
    const bp = new Map<number, number>();
    const walk = (n: CatNode) => (bp.set(n.id, n.commissionBp), n.children.forEach(walk));
    tree.categories.forEach(walk);

    // The toy merchant makes a freight template on the Shipping page: a flat ¥12.50 per order, the store's default.
    const shipping = await e2e.newPage();
    await shipping.goto(`${e2e.server.url}/signin`);
    await fillSignIn(shipping, en, 'toys@trio.demo');
    await shipping.waitForURL('**/merchant');
    await shipping.goto(`${e2e.server.url}/merchant/stores/${toyStore.id}/shipping`);
    await shipping.getByRole('button', { name: en.shipping.list.create }).click();
    const form = shipping.getByRole('dialog', { name: en.shipping.form.createTitle });
    await form.getByLabel(en.shipping.form.name).fill('Flat 12.50');
    await form.getByLabel(en.shipping.form.basis).selectOption('flat');
    await form.getByLabel(en.shipping.form.flatFee).fill('12.50');
    await form.getByLabel(en.shipping.form.isDefault).check();
    await form.getByRole('button', { name: en.shipping.form.save }).click();
    await shipping.getByText(en.shipping.summary.flat.replace('{{fee}}', money('en-US', 1250))).waitFor();
    await shot(shipping, 'orders-00-shipping-template');
    await shipping.close();

    // A visitor on a phone: "Add to cart" asks to sign in, then brings the buyer back to the product.
    const buyer = await e2e.newPage(PHONE);
    await buyer.goto(`${e2e.server.url}/p/${tea.product.id}`);
    await buyer.getByRole('heading', { name: tea.product.title, level: 1 }).waitFor();
    await chooseSku(buyer, tea.product, tea.chosen[0]);
    await buyer.getByRole('button', { name: en.orders.cart.add }).click();
    await buyer.waitForURL(/\/signin\?next=/);
    // Emma has no saved address (the demo's own orders belong to lin@ and minh@).
    await fillSignIn(buyer, en, 'emma@trio.demo');
    await buyer.waitForURL(`**/p/${tea.product.id}`);
    await chooseSku(buyer, tea.product, tea.chosen[0]);
    await buyer.getByRole('button', { name: en.orders.cart.more }).click();
    await buyer.getByRole('button', { name: en.orders.cart.add }).click();
    await buyer.getByRole('status').getByText(en.orders.cart.added_other.replace('{{count}}', '2')).waitFor();
    // The quantity stays as chosen when another SKU is picked: take it back to one.
    await chooseSku(buyer, tea.product, tea.chosen[1]);
    await buyer.getByRole('button', { name: en.orders.cart.less }).click();
    await buyer.getByRole('button', { name: en.orders.cart.add }).click();
    await buyer.getByRole('link', { name: en.orders.cart.linkCount_other.replace('{{count}}', '3') }).waitFor();
    await shot(buyer, 'orders-01-product-added-phone');
    await buyer.goto(`${e2e.server.url}/p/${toy.product.id}`);
    await chooseSku(buyer, toy.product, toy.chosen[0]);
    await buyer.getByRole('button', { name: en.orders.cart.add }).click();
    await buyer.getByRole('link', { name: en.orders.cart.linkCount_other.replace('{{count}}', '4') }).click();

    // The cart: two stores, each with its shipping fee (the toy store's the template just made), a total in integer minor units.
    const items = tea.chosen[0].price * 2 + tea.chosen[1].price + toy.chosen[0].price;
    await buyer.getByRole('heading', { name: teaStore.name }).waitFor();
    await buyer.getByRole('heading', { name: toyStore.name }).waitFor();
    const shopperToken = await buyer.evaluate(() => JSON.parse(localStorage.getItem('trio.session')!).token as string);
    const cartNow = await apiAs<{ itemsTotal: number; shippingFee: number; total: number; stores: { storeId: string; shippingFee: number }[] }>(shopperToken, '/api/cart');
    expect(cartNow.stores.find((s) => s.storeId === toyStore.id)?.shippingFee).toBe(1250);
    expect(cartNow.itemsTotal).toBe(items);
    const total = items + cartNow.shippingFee;
    await buyer.getByText(`${en.shipping.fee} ${plain(money('en-US', 1250))}`).waitFor();
    expect(plain(await buyer.locator('.pay-bar__total').textContent())).toBe(plain(money('en-US', total)));
    await shot(buyer, 'orders-02-cart-phone');
    await buyer.getByRole('button', { name: en.orders.cart.checkout_other.replace('{{count}}', '4') }).click();

    // Checkout with a new address from the empty address book.
    await buyer.waitForURL(/\/checkout\?skus=/);
    await addFirstAddress(buyer, { name: 'Lin Xiaomei', phone: '+86 138 0013 8000', region: 'Shanghai, Pudong New Area', line: '88 Century Avenue, Tower B, 12F' });
    expect(await buyer.getByRole('radio', { name: /Lin Xiaomei/ }).isChecked()).toBe(true);
    // A second address added at checkout becomes the chosen one (it once fell back to the default), and the order goes there.
    await buyer.getByRole('button', { name: en.orders.address.add }).click();
    const second = buyer.getByRole('form', { name: en.orders.address.newTitle });
    await second.getByLabel(en.orders.address.name).fill('Chen Wei');
    await second.getByLabel(en.orders.address.phone).fill('+86 139 0000 1111');
    await second.getByLabel(en.orders.address.region).fill('Shanghai, Xuhui District');
    await second.getByLabel(en.orders.address.line).fill('1 Tianyaoqiao Road, Room 5');
    await second.getByRole('button', { name: en.orders.address.saveNew }).click();
    await buyer.getByRole('radio', { name: /Chen Wei/ }).waitFor();
    await buyer.waitForFunction(() => document.querySelectorAll('input[name="address"]').length === 2 && !document.querySelector('form.address-form'));
    expect(await buyer.getByRole('radio', { name: /Chen Wei/ }).isChecked()).toBe(true);
    expect(await buyer.getByRole('radio', { name: /Lin Xiaomei/ }).isChecked()).toBe(false);
    await expect.poll(async () => plain(await buyer.getByTestId('checkout-total').textContent()), { timeout: WAIT_MS }).toBe(plain(money('en-US', total)));
    await buyer.getByText(en.orders.checkout.splitNote_other.replace('{{count}}', '2')).waitFor();
    await shot(buyer, 'orders-03-checkout-phone');
    await buyer.getByRole('button', { name: en.orders.checkout.place }).click();

    // The payment page opens the sandbox cashier; paying brings the buyer back to the orders.
    await buyer.waitForURL('**/sandbox/cashier/**');
    expect(plain(await buyer.getByTestId('cashier-amount').textContent())).toBe(plain(money('en-US', total)));
    await shot(buyer, 'orders-04-cashier-phone');
    await buyer.getByRole('button', { name: en.orders.cashier.pay.replace('{{amount}}', money('en-US', total)) }).click();
    await buyer.waitForURL(/\/orders$/);
    await buyer.getByText(en.orders.state.awaiting_shipment).first().waitFor();
    await shot(buyer, 'orders-05-orders-paid-phone');
    const buyerToken = await buyer.evaluate(() => JSON.parse(localStorage.getItem('trio.session')!).token as string);
    const { orders } = await apiAs<{ orders: Order[] }>(buyerToken, '/api/orders?limit=10');
    const teaOrder = orders.find((o) => o.storeId === teaStore.id)!;
    const toyOrder = orders.find((o) => o.storeId === toyStore.id)!;
    expect(teaOrder.state).toBe('awaiting_shipment');
    expect(teaOrder.items).toHaveLength(2);
    expect(teaOrder.total + toyOrder.total).toBe(total);
    expect(toyOrder.shippingFee).toBe(1250);
    const teaDetail = await apiAs<{ address: { name: string } }>(buyerToken, `/api/orders/${teaOrder.id}`);
    expect(teaDetail.address.name).toBe('Chen Wei');

    // The tea merchant, in Chinese, ships one item, then the rest.
    const teaMerchant = await e2e.newPage();
    await teaMerchant.goto(`${e2e.server.url}/signin`);
    await switchLanguage(teaMerchant, en, 'zh');
    await fillSignIn(teaMerchant, zh, 'tea@trio.demo');
    await teaMerchant.waitForURL('**/merchant');
    await teaMerchant.goto(`${e2e.server.url}/merchant/stores/${teaStore.id}`);
    await teaMerchant.getByRole('navigation', { name: zh.merchant.store.sections }).getByRole('link', { name: zh.orders.merchant.tab }).click();
    await teaMerchant.getByLabel(zh.orders.merchant.state).selectOption('awaiting_shipment');
    const teaNo = shortId(teaOrder.id);
    await shot(teaMerchant, 'orders-06-merchant-orders-zh');
    await teaMerchant.getByRole('button', { name: zh.orders.merchant.shipOne.replace('{{no}}', teaNo) }).click();
    const ship1 = teaMerchant.getByRole('dialog');
    await ship1.getByRole('checkbox').nth(1).uncheck();
    await ship1.getByLabel(zh.carriers.carrier).selectOption({ label: '顺丰速运' });
    await ship1.getByLabel(zh.carriers.trackingNo).fill('SF1234567890');
    await ship1.getByRole('button', { name: zh.orders.merchant.ship.shipSome_other.replace('{{count}}', '1') }).click();
    await ship1.getByText('SF 加 12 或 13 位数字').first().waitFor();
    await ship1.getByLabel(zh.carriers.trackingNo).fill('SF123456789012');
    await shot(teaMerchant, 'orders-07-ship-part-zh');
    await ship1.getByRole('button', { name: zh.orders.merchant.ship.shipSome_other.replace('{{count}}', '1') }).click();
    await teaMerchant.getByRole('status').getByText(zh.orders.merchant.ship.donePart_other.replace('{{count}}', '1').replace('{{no}}', teaNo)).waitFor();
    await teaMerchant.getByLabel(zh.orders.merchant.state).selectOption('partly_shipped');
    await teaMerchant.getByRole('link', { name: zh.orders.merchant.viewOne.replace('{{no}}', teaNo) }).click();
    await teaMerchant.getByText(zh.orders.detail.parcel.replace('{{n}}', '1')).waitFor();
    await teaMerchant.getByRole('main').getByRole('button', { name: zh.orders.merchant.shipAction, exact: true }).click();
    const ship2 = teaMerchant.getByRole('dialog');
    await ship2.getByLabel(zh.carriers.carrier).selectOption({ label: '中通快递' });
    await ship2.getByLabel(zh.carriers.trackingNo).fill('ZT-778899001');
    await ship2.getByRole('button', { name: zh.orders.merchant.ship.shipAll }).click();
    await teaMerchant.getByText(zh.orders.detail.parcel.replace('{{n}}', '2')).waitFor();
    await teaMerchant.getByText(zh.orders.state.awaiting_receipt, { exact: true }).first().waitFor();
    await shot(teaMerchant, 'orders-08-merchant-order-zh');

    // The toy merchant, in Vietnamese, ships everything at once from the order list.
    const toyMerchant = await e2e.newPage();
    await toyMerchant.goto(`${e2e.server.url}/signin`);
    await switchLanguage(toyMerchant, en, 'vi');
    await fillSignIn(toyMerchant, vi, 'toys@trio.demo');
    await toyMerchant.waitForURL('**/merchant');
    await toyMerchant.goto(`${e2e.server.url}/merchant/stores/${toyStore.id}/orders`);
    const toyNo = shortId(toyOrder.id);
    await toyMerchant.getByRole('button', { name: vi.orders.merchant.shipOne.replace('{{no}}', toyNo) }).click();
    const ship3 = toyMerchant.getByRole('dialog');
    await ship3.getByLabel(vi.carriers.carrier).selectOption({ label: 'Viettel Post' });
    await ship3.getByLabel(vi.carriers.trackingNo).fill('VTP0099887766');
    await ship3.getByRole('button', { name: vi.orders.merchant.ship.shipAll }).click();
    await toyMerchant.getByRole('status').getByText(vi.orders.merchant.ship.doneAll.replace('{{no}}', toyNo)).waitFor();
    await shot(toyMerchant, 'orders-09-merchant-orders-vi');

    // The buyer sees both parcels of the tea order and confirms receipt of both orders.
    for (const o of [teaOrder, toyOrder]) {
      await buyer.goto(`${e2e.server.url}/orders/${o.id}`);
      await buyer.getByText(en.orders.state.awaiting_receipt, { exact: true }).first().waitFor();
      if (o === teaOrder) {
        // The SF parcel links to its tracking page (a new tab, no opener); the carrier is named in the buyer's language.
        const track = buyer.getByRole('link', { name: 'SF123456789012', exact: true });
        expect(await track.getAttribute('href')).toBe('https://www.kuaidi100.com/chaxun?com=shunfeng&nu=SF123456789012');
        expect([await track.getAttribute('target'), await track.getAttribute('rel')]).toEqual(['_blank', 'noopener noreferrer']);
        await buyer.getByText('SF Express ·', { exact: false }).first().waitFor();
        await buyer.getByText('ZT-778899001', { exact: true }).waitFor();
        await shot(buyer, 'orders-10-order-shipped-phone');
      }
      await buyer.getByRole('button', { name: en.orders.detail.confirmReceipt }).click();
      await buyer.getByRole('dialog').getByRole('button', { name: en.orders.detail.confirmReceipt }).click();
      await buyer.getByRole('status').getByText(en.orders.detail.done.receive).waitFor();
      await buyer.getByText(en.orders.state.completed, { exact: true }).first().waitFor();
    }
    await buyer.getByText(en.orders.event.received, { exact: true }).waitFor();
    await shot(buyer, 'orders-11-order-completed-phone');

    // After the after-sales window: each store's balance is its order's amount less the category commission.
    const net = (o: Order, bpOfProduct: (productId: string) => number) => {
      // The shipping fee is the store's, without commission.
      const gross = o.items.reduce((s, i) => s + i.amount - i.discount, 0) + o.shippingFee;
      const commission = o.items.reduce((s, i) => s + bpOf(i.amount - i.discount, bpOfProduct(i.productId)), 0);
      return { gross, commission, net: gross - commission };
    };
    const teaSettle = net(teaOrder, () => bp.get(tea.product.categoryId)!);
    const toySettle = net(toyOrder, () => bp.get(toy.product.categoryId)!);
    expect(teaSettle.commission).toBeGreaterThan(0);

    // The demo's own received orders settle too: the page must show the store's whole balance, with this order's
    // entry at exactly its amount less commission.
    type Balance = { balance: number; entries: { orderId: string; gross: number; commission: number; net: number }[] };
    const settled = async (token: string, storeId: string, orderId: string, want: { net: number }) => {
      await expect.poll(async () => (await apiAs<Balance>(token, `/api/merchant/stores/${storeId}/balance?limit=200`)).entries.find((e) => e.orderId === orderId)?.net, { timeout: WAIT_MS, interval: 500 }).toBe(want.net);
      return (await apiAs<Balance>(token, `/api/merchant/stores/${storeId}/balance?limit=200`)).balance;
    };
    const teaBalanceNow = await settled(teaToken, teaStore.id, teaOrder.id, teaSettle);
    await teaMerchant.goto(`${e2e.server.url}/merchant/stores/${teaStore.id}/balance`);
    await expect.poll(async () => {
      await teaMerchant.reload();
      return plain(await teaMerchant.getByTestId('store-balance').textContent());
    }, { timeout: WAIT_MS, interval: 1000 }).toBe(plain(money('zh-CN', teaBalanceNow)));
    await teaMerchant.getByText(money('zh-CN', teaSettle.net), { exact: true }).first().waitFor();
    await shot(teaMerchant, 'orders-12-balance-zh');
    await teaMerchant.setViewportSize(PHONE);
    await shot(teaMerchant, 'orders-12m-balance-zh-phone');

    const toyBalanceNow = await settled(toyToken, toyStore.id, toyOrder.id, toySettle);
    await toyMerchant.goto(`${e2e.server.url}/merchant/stores/${toyStore.id}/balance`);
    await expect.poll(async () => {
      await toyMerchant.reload();
      return plain(await toyMerchant.getByTestId('store-balance').textContent());
    }, { timeout: WAIT_MS, interval: 1000 }).toBe(plain(money('vi-VN', toyBalanceNow)));
    await toyMerchant.getByText(money('vi-VN', toySettle.net), { exact: true }).first().waitFor();
    await shot(toyMerchant, 'orders-13-balance-vi');

    // The operator's platform ledger: the commission of both orders.
    const operator = await e2e.newPage();
    await operator.goto(`${e2e.server.url}/signin`);
    await fillSignIn(operator, en, 'operator@trio.demo');
    await operator.waitForURL('**/operator/**');
    await operator.getByRole('navigation', { name: en.common.sections }).getByRole('link', { name: en.orders.ledger.nav }).click();
    await operator.getByRole('heading', { name: en.orders.ledger.title, level: 1 }).waitFor();
    const platform = await apiAs<{ commissionTotal: number; entries: { orderId: string; commission: number }[] }>(await login('operator@trio.demo'), '/api/operator/ledger?limit=200');
    expect(platform.entries.find((e) => e.orderId === teaOrder.id)?.commission).toBe(teaSettle.commission);
    expect(platform.entries.find((e) => e.orderId === toyOrder.id)?.commission).toBe(toySettle.commission);
    expect(plain(await operator.getByTestId('commission-total').textContent())).toBe(plain(money('en-US', platform.commissionTotal)));
    await operator.getByRole('link', { name: teaStore.name }).first().waitFor();
    await shot(operator, 'orders-14-platform-ledger');
  });
  it('the merchant\'s orders filtered by channel keep it in the address: a reload or a shared link shows the same, back goes to the filter before', async () => {
    const token = await login('tea@trio.demo');
    const [store] = await apiAs<{ id: string }[]>(token, '/api/merchant/stores?limit=200');
    const session = await (await fetch(`${e2e.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'tea@trio.demo', password: DEMO_PASSWORD }) })).json();
    const page = await e2e.newPage();
    await page.addInitScript((s) => { localStorage.setItem('trio.lang', 'en'); localStorage.setItem('trio.session', s); }, JSON.stringify(session));
    const list = `${e2e.server.url}/merchant/stores/${store.id}/orders`;
    await page.goto(list);
    const channel = page.getByRole('combobox', { name: en.buy.channel });
    await channel.selectOption('mini_site');
    await page.waitForURL(/[?&]channel=mini_site\b/);
    await channel.selectOption('store');
    await page.waitForURL(/[?&]channel=store\b/);
    // Back: the filter before (mini-site buy-through), in the address and in the select.
    await page.goBack();
    await page.waitForURL(/[?&]channel=mini_site\b/);
    await expect.poll(() => channel.inputValue(), { timeout: WAIT_MS }).toBe('mini_site');
    // The address opened afresh (a shared link, a reload) shows the same filter, with the state filter beside it.
    await page.goto(`${list}?channel=mini_site&state=completed`);
    await expect.poll(() => channel.inputValue(), { timeout: WAIT_MS }).toBe('mini_site');
    const shown = await apiAs<{ orders: { channel: string }[] }>(token, `/api/merchant/stores/${store.id}/orders?channel=mini_site&state=completed&limit=30`);
    const rows = page.locator('.orders-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: WAIT_MS }).toBe(shown.orders.length);
    await shot(page, 'orders-15-channel-in-address');
  });
});
