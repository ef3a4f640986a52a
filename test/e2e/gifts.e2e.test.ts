// Gifting, clicked as people would, on one server (its payment window is one minute, so a lottery may close a
// minute after it is sent: it is sent first and drawn after the other journeys ran).
//  - A decorated gift: Lin (on a phone) opens a toy that may be sent as a gift, decorates the card (a design, a
//    sticker placed on it, a message to Emma), pays in the sandbox cashier and lands on the share page with the link
//    and its QR code. Emma (another phone, not signed in) opens the link, signs in and comes back, sees no price
//    anywhere, switches to the other colour of the same price, enters an address and accepts. The toy merchant opens
//    the order, sees the card (giver, receiver, message), prints it and ships the parcel. Lin's "my gifts" shows the
//    gift claimed by Emma; Emma's shows the parcel and confirms receipt.
//  - Scan to gift: the toy merchant adds a counter for one product and prints its QR code; Emma scans it (not signed
//    in), signs in and sends a first-come group gift of two units; Minh and Sun claim one each, Zhao finds none left;
//    the counter's figures count the gift, its two orders and its sales, and the orders carry the offline channel.
//  - A free gift: the merchant gives a product to Minh by e-mail; Minh finds it in "my gifts" and accepts it.
//  - After-sales of a gift: Emma asks for a refund of a gift Lin sent her from "my gifts", with no amount to fill
//    and no price anywhere (the refund goes back to Lin's payment).
//  - Gift decoration: the merchant adds a sticker and a card design to a product; the send page offers them.
//  - A lottery: Zhao joins in the browser (He through the API); after the deadline the first look draws, Zhao sees
//    that she won, with the winners, and claims with her own address.
//  - The operator excludes a toy category from gifting: its product no longer offers "Send as gift".
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { en } from '../../web/src/i18n/en.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { DEMO_PASSWORD, PHONE, addFirstAddress, journey, shot } from './harness.ts';

type GiftSku = { id: string; attrs: Record<string, string>; price: number; stock: number; giftable: boolean };
type GiftOptions = { giftable: boolean; title: string; skus: GiftSku[]; decoration: { stickers: { id: string; label: string; glyph: string }[]; cards: { id: string; name: string }[] } };
type Product = { id: string; title: string; categoryId: number; attributes: { name: string; values: string[] }[] };
type ReceivedGift = { giftId: string; orderId: string | null; attrs: Record<string, string>; orderState: string | null };

// A payment window of one minute: the earliest a lottery's entries may close is just after it.
const e2e = journey('gifts', { env: { TRIO_PAYMENT_TIMEOUT_MINUTES: '1' } });

const { apiAs, login } = e2e;
async function fillSignIn(page: Page, email: string) {
  await page.getByLabel(en.auth.email).fill(email);
  await page.getByLabel(en.auth.password).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: en.auth.signIn, exact: true }).click();
}
const money = (fen: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'CNY', minimumFractionDigits: fen % 100 === 0 ? 0 : 2 }).format(fen / 100);
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();
const shortId = (id: string) => id.replace(/-/g, '').slice(0, 10).toUpperCase();
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** POST to the API as the holder of `token`; a non-2xx answer throws. */
async function postAs<T>(token: string | null, path: string, body: unknown = {}): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': randomUUID() };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${e2e.server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Pays a payment through the sandbox, as the cashier page would. */
async function payByApi(token: string, paymentId: string) {
  const pre = await postAs<{ cashierUrl: string }>(token, `/api/payments/${paymentId}/prepay`, { method: 'native' });
  await postAs(null, `/api/sandbox/cashier/${pre.cashierUrl.split('/').pop()}/pay`);
}

/** A new page (phone unless told) signed in as `email` through the sign-in form, on `path`. */
async function signedIn(email: string, path: string, viewport = PHONE) {
  const page = await e2e.newPage(viewport);
  await page.goto(`${e2e.server.url}/signin?next=${encodeURIComponent(path)}`);
  await fillSignIn(page, email);
  await page.waitForURL((u) => u.pathname + u.search === path);
  return page;
}

const sessionToken = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('trio.session')!).token as string);

/** Accepts the gift on its page with the address the account already has (chosen for them). */
async function acceptWithSavedAddress(page: Page, name: string) {
  const saved = page.getByRole('radio', { name: new RegExp(escape(name)) });
  await expect.poll(() => saved.isChecked()).toBe(true);
  await page.getByRole('button', { name: en.gifts.claim.accept, exact: true }).click();
  await page.getByText(en.gifts.claim.accepted, { exact: true }).waitFor();
}

/** The store's giftable products with a giftable SKU of at least `stock` in stock. */
async function giftables(storeId: string, stock: number) {
  const list = await apiAs<{ id: string }[]>(null, `/api/storefront/products?storeId=${storeId}&limit=50`);
  const out: { product: Product; options: GiftOptions; sku: GiftSku }[] = [];
  for (const row of list) {
    const options = await apiAs<GiftOptions>(null, `/api/products/${row.id}/gift-options`);
    const sku = options.giftable ? options.skus.find((s) => s.giftable && s.stock >= stock) : undefined;
    if (sku) out.push({ product: await apiAs<Product>(null, `/api/storefront/products/${row.id}`), options, sku });
  }
  return out;
}

/** Chooses a SKU's attribute values on a SKU picker. */
async function chooseSku(page: Page, sku: GiftSku) {
  for (const value of Object.values(sku.attrs)) await page.getByRole('radio', { name: value, exact: true }).check({ force: true });
}

/** The figure under a label of a definition list (a shop card's gifts, orders, sales). */
const figure = async (scope: ReturnType<Page['locator']>, label: string) => plain(await scope.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd').textContent());

/**
 * A giftable product of the store with one attribute and two SKUs of the same price in stock, preferring one the
 * merchant decorated (stickers and cards of its own). The demo toy shop has several (colours of one size).
 */
async function pickGiftProduct(storeId: string) {
  const list = await apiAs<{ id: string }[]>(null, `/api/storefront/products?storeId=${storeId}&limit=50`);
  let fallback: { product: Product; options: GiftOptions; pair: GiftSku[] } | undefined;
  for (const row of list) {
    const options = await apiAs<GiftOptions>(null, `/api/products/${row.id}/gift-options`);
    if (!options.giftable) continue;
    const product = await apiAs<Product>(null, `/api/storefront/products/${row.id}`);
    if (product.attributes.length !== 1) continue;
    const byPrice = new Map<number, GiftSku[]>();
    for (const s of options.skus) if (s.giftable && s.stock >= 3) byPrice.set(s.price, [...(byPrice.get(s.price) ?? []), s]);
    const pair = [...byPrice.values()].find((a) => a.length >= 2)?.slice(0, 2);
    if (!pair) continue;
    const found = { product, options, pair };
    if (!options.decoration.stickers.some((s) => s.id === 'heart')) return found; // decorated by the merchant
    fallback ??= found;
  }
  if (!fallback) throw new Error(`no giftable product with two same-price SKUs in store ${storeId}: the demo data needs one`);
  return fallback;
}

describe('gifts in the browser', () => {
  // What the journeys share: the toy store, and the pages of people who come back in a later journey.
  let toyToken: string;
  let toyStore: { id: string; name: string };
  let zhao: Page;
  let minh: Page;
  let merchant: Page;
  let lottery: { giftId: string; path: string; closesAt: number; categoryId: number };

  beforeAll(async () => {
    toyToken = await login('toys@trio.demo');
    [toyStore] = await apiAs<{ id: string; name: string }[]>(toyToken, '/api/merchant/stores?limit=200');
  });

  it('a lottery gift is open to join: Zhao joins it in the browser (it closes while the other journeys run)', async () => {
    const [{ product, sku }] = await giftables(toyStore.id, 10);
    const lin = await login('lin@trio.demo');
    // The earliest deadline there is: just after the gift's payment window (one minute on this server).
    const closesAt = Date.now() + 60_000 + 2_000;
    const sent = await postAs<{ gift: { id: string }; paymentId: string }>(lin, '/api/gifts', {
      skuId: sku.id, kind: 'lottery', units: 2, joinDeadline: new Date(closesAt).toISOString(), message: 'Two pandas for the team: good luck!',
    });
    await payByApi(lin, sent.paymentId);
    const { sharePath } = await apiAs<{ sharePath: string }>(lin, `/api/gifts/${sent.gift.id}`);
    lottery = { giftId: sent.gift.id, path: sharePath, closesAt, categoryId: product.categoryId };
    await postAs(await login('he@trio.demo'), `/api/gift-links/${sharePath.split('/').pop()}/join`);

    zhao = await signedIn('zhao@trio.demo', sharePath);
    await zhao.getByRole('heading', { name: en.gifts.claim.title.replace('{{name}}', 'Lin Xiaoyu') }).waitFor();
    await zhao.getByText(en.gifts.lottery.entries_one.replace('{{count}}', '1')).waitFor();
    await zhao.getByText(en.gifts.lottery.units_other.replace('{{count}}', '2')).waitFor();
    await zhao.getByRole('button', { name: en.gifts.lottery.join }).click();
    await zhao.getByText(en.gifts.lottery.joined, { exact: true }).waitFor();
    await zhao.getByText(en.gifts.lottery.entries_other.replace('{{count}}', '2')).waitFor();
    await shot(zhao, 'gifts-10-lottery-joined-phone');
  });

  it('a decorated gift is paid, opened by another buyer who switches the SKU and accepts, and shipped with its printed card', async () => {
    const { product, options, pair } = await pickGiftProduct(toyStore.id);
    const attr = product.attributes[0].name;
    const [first, second] = pair;
    const card = options.decoration.cards[options.decoration.cards.length - 1];
    const sticker = options.decoration.stickers[0];
    const message = 'Happy birthday, Emma! A little friend for your desk. 🎂';

    // Lin, on a phone, signs in and opens the product: "Send as gift" is there.
    const giver = await e2e.newPage(PHONE);
    await giver.goto(`${e2e.server.url}/signin?next=${encodeURIComponent(`/p/${product.id}`)}`);
    await fillSignIn(giver, 'lin@trio.demo');
    await giver.waitForURL(`**/p/${product.id}`);
    await giver.getByRole('radio', { name: first.attrs[attr], exact: true }).check({ force: true });
    await giver.getByTestId('send-as-gift').click();

    // The send page: the SKU chosen on the product page, a card design, a sticker placed by a click, a message.
    await giver.waitForURL(/\/gift\/new\?/);
    await giver.getByRole('heading', { name: en.gifts.send.title, level: 1 }).waitFor();
    expect(await giver.getByRole('radio', { name: first.attrs[attr], exact: true }).isChecked()).toBe(true);
    expect(plain(await giver.getByTestId('gift-total').textContent())).toBe(plain(money(first.price)));
    await giver.getByText(card.name, { exact: true }).click();
    await giver.getByLabel(en.gifts.send.receiverName).fill('Emma');
    await giver.getByLabel(en.gifts.send.message, { exact: true }).fill(message);
    await giver.getByTestId('message-counter').getByText(`${[...message].length} / 100`).waitFor();
    // The first sticker is the brush at first; clicking it again would put it down.
    expect(await giver.getByRole('button', { name: sticker.label, exact: true }).getAttribute('aria-pressed')).toBe('true');
    const surface = giver.getByRole('group', { name: /Card preview/ });
    const box = (await surface.boundingBox())!;
    await surface.click({ position: { x: box.width * 0.8, y: box.height * 0.25 } });
    const placed = giver.getByRole('button', { name: new RegExp(`^${sticker.label} sticker at`) });
    await placed.waitFor();
    // The keyboard moves it too.
    await placed.focus();
    await giver.keyboard.press('ArrowDown');
    await giver.getByRole('button', { name: new RegExp(`^${sticker.label} sticker at 80 % across, 30 % down`) }).waitFor();
    await giver.getByTestId('gift-card').getByText('Dear Emma,').waitFor();
    await shot(giver, 'gifts-01-send-phone');
    await giver.getByRole('button', { name: en.gifts.send.pay }).click();

    // The usual payment: the sandbox cashier, then back to the gift's share page.
    await giver.waitForURL('**/sandbox/cashier/**');
    expect(plain(await giver.getByTestId('cashier-amount').textContent())).toBe(plain(money(first.price)));
    await giver.getByRole('button', { name: en.orders.cashier.pay.replace('{{amount}}', money(first.price)) }).click();
    await giver.waitForURL(/\/gifts\/[0-9a-f-]{36}$/);
    const giftId = giver.url().split('/').pop()!;
    await giver.getByText(en.gifts.state.waiting, { exact: true }).first().waitFor();
    const link = await giver.getByTestId('share-link').inputValue();
    expect(link).toMatch(/\/g\/[A-Za-z0-9_-]{40,}$/);
    await giver.getByRole('img', { name: en.gifts.share.qr }).waitFor();
    await giver.getByText(en.gifts.share.noClaimsYet).waitFor();
    await shot(giver, 'gifts-02-share-phone');

    // Emma, on another phone and not signed in, opens the link: the decorated page, no price; sign in and come back.
    const recipient = await e2e.newPage(PHONE);
    await recipient.goto(link);
    await recipient.getByRole('heading', { name: en.gifts.claim.title.replace('{{name}}', 'Lin Xiaoyu') }).waitFor();
    await recipient.getByText(message).waitFor();
    await recipient.getByRole('img', { name: sticker.label }).waitFor();
    await recipient.getByText(en.gifts.claim.signInToAccept).waitFor();
    await shot(recipient, 'gifts-03-link-signed-out-phone');
    await recipient.getByRole('main').getByRole('link', { name: en.auth.signIn, exact: true }).click();
    await fillSignIn(recipient, 'emma@trio.demo');
    await recipient.waitForURL(link);
    await recipient.getByRole('heading', { name: en.gifts.claim.acceptTitle }).waitFor();
    const body = plain(await recipient.locator('body').innerText());
    expect(body).not.toContain(plain(money(first.price)));
    expect(body).not.toMatch(/[¥￥]|CN¥/);
    expect(plain(await recipient.getByTestId('gift-attrs').textContent())).toContain(first.attrs[attr]);

    // Another colour of the same price, a new address (Emma has none yet), accept.
    await recipient.getByRole('radio', { name: second.attrs[attr], exact: true }).check({ force: true });
    expect(plain(await recipient.getByTestId('gift-attrs').textContent())).toContain(second.attrs[attr]);
    await addFirstAddress(recipient, { name: 'Emma Clarke', phone: '+86 139 1234 5678', region: 'Shanghai, Xuhui District', line: '1 Hengshan Road, Apt 5B' });
    await shot(recipient, 'gifts-04-accept-phone');
    await recipient.getByRole('button', { name: en.gifts.claim.accept, exact: true }).click();
    await recipient.getByText(en.gifts.claim.accepted, { exact: true }).waitFor();
    await shot(recipient, 'gifts-05-accepted-phone');

    const emmaToken = await recipient.evaluate(() => JSON.parse(localStorage.getItem('trio.session')!).token as string);
    const received = (await apiAs<{ items: ReceivedGift[] }>(emmaToken, '/api/gifts/received')).items.find((g) => g.giftId === giftId)!;
    expect(received.orderId).toBeTruthy();
    expect(received.attrs[attr]).toBe(second.attrs[attr]);
    const orderId = received.orderId!;

    // The merchant opens the order: the gift card with giver, receiver and message; prints it; ships the parcel.
    merchant = await e2e.newPage();
    await merchant.goto(`${e2e.server.url}/signin`);
    await fillSignIn(merchant, 'toys@trio.demo');
    await merchant.waitForURL('**/merchant');
    await merchant.goto(`${e2e.server.url}/merchant/stores/${toyStore.id}/orders/${orderId}`);
    const cardSection = merchant.getByRole('region', { name: en.gifts.order.title });
    await cardSection.getByText('Lin Xiaoyu', { exact: true }).waitFor();
    await cardSection.getByText('Emma', { exact: true }).first().waitFor();
    await cardSection.getByText(message).waitFor();
    await cardSection.getByText(card.name, { exact: true }).waitFor();
    await shot(merchant, 'gifts-06-merchant-order');
    expect(await cardSection.getByRole('link', { name: en.gifts.order.print }).getAttribute('href')).toBe(`/merchant/stores/${toyStore.id}/orders/${orderId}/card`);
    await merchant.goto(`${e2e.server.url}/merchant/stores/${toyStore.id}/orders/${orderId}/card`);
    const printed = merchant.getByTestId('printed-card');
    await printed.getByText(message).waitFor();
    await printed.getByText(en.gifts.card.to.replace('{{name}}', 'Emma')).waitFor();
    await printed.getByText(en.gifts.card.from.replace('{{name}}', 'Lin Xiaoyu')).waitFor();
    await shot(merchant, 'gifts-07-printed-card');
    // A merchant working in Chinese still prints the card in the giver's language (English here); only the page around it follows the merchant.
    await merchant.evaluate(() => localStorage.setItem('trio.lang', 'zh'));
    await merchant.reload();
    await merchant.getByRole('button', { name: zh.gifts.print.print }).waitFor();
    await printed.getByText(en.gifts.card.to.replace('{{name}}', 'Emma')).waitFor();
    await printed.getByText(en.gifts.card.from.replace('{{name}}', 'Lin Xiaoyu')).waitFor();
    await merchant.evaluate(() => localStorage.setItem('trio.lang', 'en'));
    await merchant.reload();
    await printed.getByText(message).waitFor();
    await merchant.getByRole('link', { name: en.orders.list.number.replace('{{no}}', shortId(orderId)) }).click();
    await merchant.getByRole('main').getByRole('button', { name: en.orders.merchant.shipAction, exact: true }).click();
    const ship = merchant.getByRole('dialog');
    await ship.getByLabel(en.carriers.carrier).selectOption('sf');
    await ship.getByLabel(en.carriers.trackingNo).fill('SF202600000001');
    await ship.getByRole('button', { name: en.orders.merchant.ship.shipAll }).click();
    await merchant.getByText(en.orders.state.awaiting_receipt, { exact: true }).first().waitFor();

    // Lin's gifts: claimed, by Emma, never her address.
    await giver.goto(`${e2e.server.url}/gifts`);
    const sent = giver.getByTestId('sent-gifts');
    await sent.getByText(en.gifts.state.claimed, { exact: true }).first().waitFor();
    await sent.getByText(en.gifts.mine.claimedBy.replace('{{names}}', 'Emma Clarke')).waitFor();
    await shot(giver, 'gifts-08-my-gifts-sent-phone');
    await giver.goto(`${e2e.server.url}/gifts/${giftId}`);
    await giver.getByTestId('gift-claims').getByText('Emma Clarke', { exact: true }).waitFor();
    expect(await giver.locator('body').innerText()).not.toContain('Hengshan');

    // Emma's gifts: the parcel with its tracking number; she confirms receipt.
    await recipient.goto(`${e2e.server.url}/gifts?tab=received`);
    const mine = recipient.getByTestId('received-gifts');
    await mine.getByRole('link', { name: 'SF202600000001', exact: true }).waitFor();
    await shot(recipient, 'gifts-09-my-gifts-received-phone');
    await mine.getByRole('button', { name: en.orders.detail.confirmReceipt }).click();
    await recipient.getByRole('dialog').getByRole('button', { name: en.orders.detail.confirmReceipt }).click();
    await mine.getByText(en.orders.state.completed, { exact: true }).waitFor();
    expect(plain(await recipient.locator('body').innerText())).not.toContain(plain(money(first.price)));
  });

  it('scan to gift: a counter with its printed QR code, a first-come group gift sent from it, claimed by two people, counted at the counter', async () => {
    const { product, sku } = (await giftables(toyStore.id, 5)).at(-1)!;
    const counter = 'People’s Square counter';

    // The merchant adds a counter offering one product; it is listed with its QR code and no figures yet.
    await merchant.goto(`${e2e.server.url}/merchant/stores/${toyStore.id}/gift-shops`);
    await merchant.getByRole('button', { name: en.gifts.shops.add }).click();
    const form = merchant.getByRole('dialog');
    await form.getByLabel(en.gifts.shops.name).fill(counter);
    await form.getByLabel(en.gifts.shops.address).fill('People’s Square metro, exit 9, Shanghai');
    await form.getByRole('radio', { name: en.gifts.shops.onlySome }).check();
    await form.getByRole('checkbox', { name: product.title, exact: true }).check();
    await form.getByRole('button', { name: en.gifts.shops.add, exact: true }).click();
    const card = merchant.getByRole('listitem').filter({ has: merchant.getByRole('heading', { name: counter }) });
    await card.getByRole('img', { name: en.gifts.shops.qrOf.replace('{{name}}', counter) }).waitFor();
    await card.getByText(en.gifts.shops.someProducts_one.replace('{{count}}', '1')).waitFor();
    expect(await figure(card, en.gifts.shops.stats.gifts)).toBe('0');

    // Its printable code opens in a new tab: the counter's name, address, the code and the address it encodes.
    const [print] = await Promise.all([merchant.context().waitForEvent('page'), card.getByRole('link', { name: en.gifts.shops.print }).click()]);
    await print.getByRole('heading', { name: counter, level: 1 }).waitFor();
    await print.getByRole('img', { name: en.gifts.shops.qrOf.replace('{{name}}', counter) }).waitFor();
    await print.getByText(en.gifts.print.scanToGift).waitFor();
    const scanUrl = plain(await print.locator('.print-qr__url').textContent());
    expect(scanUrl).toMatch(new RegExp(`^${escape(e2e.server.url)}/shop/[0-9a-f-]{36}$`));
    await shot(print, 'gifts-11-counter-qr-print');
    await print.close();

    // Emma scans it (not signed in): the counter's page with its one product; "Send as gift" asks her to sign in first.
    const emma = await e2e.newPage(PHONE);
    await emma.goto(scanUrl);
    await emma.getByRole('heading', { name: counter, level: 1 }).waitFor();
    await emma.getByText(toyStore.name).waitFor();
    const [before, after] = en.gifts.scan.sendOne.split('{{title}}');
    expect(await emma.getByRole('link', { name: new RegExp(`^${escape(before)}.+${escape(after)}$`) }).count()).toBe(1);
    await shot(emma, 'gifts-12-scan-page-phone');
    await emma.getByRole('link', { name: en.gifts.scan.sendOne.replace('{{title}}', product.title) }).click();
    await fillSignIn(emma, 'emma@trio.demo');
    await emma.waitForURL(/\/gift\/new\?product=.*&shop=/);
    await emma.getByText(en.gifts.send.atShop.replace('{{shop}}', counter)).waitFor();

    // A first-come group gift of two units, paid in the cashier.
    await chooseSku(emma, sku);
    await emma.getByRole('radio', { name: new RegExp(`^${escape(en.gifts.kind.first_come)}`) }).check({ force: true });
    await emma.getByText(en.gifts.send.unitsHint.first_come_other.replace('{{count}}', '2')).waitFor();
    expect(plain(await emma.getByTestId('gift-total').textContent())).toBe(plain(money(sku.price * 2)));
    await emma.getByLabel(en.gifts.send.message, { exact: true }).fill('Coffee-break pandas: first two to claim!');
    await emma.getByRole('button', { name: en.gifts.send.pay }).click();
    await emma.waitForURL('**/sandbox/cashier/**');
    await emma.getByRole('button', { name: en.orders.cashier.pay.replace('{{amount}}', money(sku.price * 2)) }).click();
    await emma.waitForURL(/\/gifts\/[0-9a-f-]{36}$/);
    const giftId = emma.url().split('/').pop()!;
    const link = new URL(await emma.getByTestId('share-link').inputValue()).pathname;

    // Minh (a saved address) and Sun (new to Trio: she registers from the link and lands back on it) claim a unit
    // each; Zhao comes too late.
    minh = await signedIn('minh@trio.demo', link);
    await acceptWithSavedAddress(minh, 'Trần Minh');
    const sun = await e2e.newPage(PHONE);
    await sun.goto(`${e2e.server.url}${link}`);
    await sun.getByRole('main').getByRole('link', { name: en.gifts.claim.register }).click();
    await sun.getByLabel(en.auth.displayName).fill('Sun Mei');
    await sun.getByLabel(en.auth.email).fill(`sun.${randomUUID().slice(0, 8)}@example.com`);
    await sun.getByLabel(en.auth.password).fill('sun-mei-2026');
    await sun.getByRole('button', { name: en.auth.createAccount, exact: true }).click();
    await sun.waitForURL((u) => u.pathname === link);
    await sun.getByRole('heading', { name: en.gifts.claim.acceptTitle }).waitFor();
    await addFirstAddress(sun, { name: 'Sun Mei', phone: '+86 137 0000 1111', region: 'Henan, Luoyang', line: '8 Zhongzhou Road' });
    await sun.getByRole('button', { name: en.gifts.claim.accept, exact: true }).click();
    await sun.getByText(en.gifts.claim.accepted, { exact: true }).waitFor();
    await zhao.goto(`${e2e.server.url}${link}`);
    await zhao.getByText(en.gifts.claim.allGone).waitFor();

    // Emma's gift: claimed by both.
    await emma.goto(`${e2e.server.url}/gifts/${giftId}`);
    const claims = emma.getByTestId('gift-claims');
    await claims.getByText('Trần Minh', { exact: true }).waitFor();
    await claims.getByText('Sun Mei', { exact: true }).waitFor();

    // The counter counts one gift, two orders and what Emma paid; Minh's order says where it came from.
    await merchant.reload();
    await card.getByRole('img', { name: en.gifts.shops.qrOf.replace('{{name}}', counter) }).waitFor();
    expect(await figure(card, en.gifts.shops.stats.gifts)).toBe('1');
    expect(await figure(card, en.gifts.shops.stats.orders)).toBe('2');
    expect(await figure(card, en.gifts.shops.stats.sales)).toBe(plain(money(sku.price * 2)));
    await shot(merchant, 'gifts-13-counter-figures');
    const minhGift = (await apiAs<{ items: ReceivedGift[] }>(await sessionToken(minh), '/api/gifts/received')).items.find((g) => g.giftId === giftId)!;
    await merchant.goto(`${e2e.server.url}/merchant/stores/${toyStore.id}/orders/${minhGift.orderId}`);
    await merchant.getByText(`${en.orders.merchant.channel.replace('{{channel}}', en.catalog.channel.offline)} · ${en.gifts.order.shop.replace('{{name}}', counter)}`).waitFor();
  });

  it('the merchant gives a product for free to a buyer named by e-mail, who accepts it from "my gifts"', async () => {
    const { product, sku } = (await giftables(toyStore.id, 2))[0];
    const message = 'Thank you for shopping with us, Minh!';

    await merchant.goto(`${e2e.server.url}/merchant/stores/${toyStore.id}/gifts`);
    // The group gift of the counter is listed as offline.
    await merchant.getByRole('row').filter({ hasText: en.gifts.kind.first_come }).getByText(en.catalog.channel.offline, { exact: true }).waitFor();
    await merchant.getByRole('button', { name: en.gifts.free.title }).click();
    const form = merchant.getByRole('dialog');
    await form.getByLabel(en.gifts.store.col.product).selectOption({ label: product.title });
    await form.getByLabel(en.catalog.editor.sku).selectOption(sku.id);
    await form.getByLabel(en.gifts.free.email).fill('minh@trio.demo');
    await form.getByLabel(en.gifts.send.message, { exact: true }).fill(message);
    await form.getByRole('button', { name: en.gifts.free.send }).click();
    await merchant.getByText(en.gifts.free.sent.replace('{{email}}', 'minh@trio.demo')).waitFor();
    const row = merchant.getByRole('row').filter({ has: merchant.getByText(en.gifts.store.free, { exact: true }) });
    await row.getByText(en.gifts.state.waiting, { exact: true }).waitFor();
    await row.getByText(en.gifts.share.claimedOf.replace('{{claimed}}', '0').replace('{{units}}', '1')).waitFor();
    await shot(merchant, 'gifts-14-free-gift-sent');

    // Minh finds it in his gifts, from the store, and accepts it with his address.
    await minh.goto(`${e2e.server.url}/gifts?tab=received`);
    const gift = minh.getByTestId('received-gifts').getByRole('listitem').filter({ hasText: message });
    await gift.getByText(en.gifts.mine.from.replace('{{name}}', toyStore.name)).waitFor();
    await gift.getByText(en.gifts.mine.freeText).waitFor();
    await shot(minh, 'gifts-15-free-gift-received-phone');
    await gift.getByRole('link', { name: en.gifts.claim.accept }).click();
    await minh.getByRole('heading', { name: en.gifts.claim.title.replace('{{name}}', toyStore.name) }).waitFor();
    await acceptWithSavedAddress(minh, 'Trần Minh');

    await merchant.reload();
    await row.getByText(en.gifts.state.claimed, { exact: true }).waitFor();
    await row.getByText('Trần Minh').waitFor();
  });

  it('a recipient asks for a refund of a claimed gift from "my gifts" and sees no price', async () => {
    const [{ product, sku }] = await giftables(toyStore.id, 2);
    const lin = await login('lin@trio.demo');
    const message = `A spare one, Emma ${randomUUID().slice(0, 4)}`;
    const sent = await postAs<{ gift: { id: string }; paymentId: string }>(lin, '/api/gifts', { skuId: sku.id, kind: 'single', message });
    await payByApi(lin, sent.paymentId);
    const { sharePath } = await apiAs<{ sharePath: string }>(lin, `/api/gifts/${sent.gift.id}`);
    const address = { name: 'Emma Clarke', phone: '+44 20 7946 0000', region: 'London', line: '1 Gift Lane', postalCode: 'N1 9GU' };
    await postAs(await login('emma@trio.demo'), `/api/gift-links/${sharePath.split('/').pop()}/claim`, { skuId: sku.id, address });

    const emma = await signedIn('emma@trio.demo', '/gifts?tab=received');
    const card = emma.getByTestId('received-gifts').getByRole('listitem').filter({ hasText: message });
    await card.getByRole('button', { name: en.aftersales.order.askOne.replace('{{title}}', product.title) }).click();
    const ask = emma.getByRole('dialog');
    await ask.getByTestId('gift-refund-note').waitFor();
    expect(await ask.getByLabel(en.aftersales.ask.amount).count()).toBe(0);
    expect(await ask.textContent()).not.toContain('¥');
    await ask.getByLabel(en.aftersales.ask.reason, { exact: true }).fill('Already have one');
    await shot(emma, 'gifts-16-gift-after-sales-ask-phone');
    await ask.getByRole('button', { name: en.aftersales.ask.submit }).click();
    await emma.waitForURL(/\/after-sales\/[0-9a-f-]{36}$/);
    await emma.getByText(en.aftersales.state.merchant_processing, { exact: true }).first().waitFor();
    await emma.getByText(en.aftersales.gift.paidByGiver, { exact: true }).first().waitFor();
    expect(await emma.locator('main').textContent()).not.toContain('¥');
    // Back in "my gifts", the card links to the request.
    await emma.getByRole('link', { name: en.aftersales.gift.fromGifts }).click();
    await card.getByRole('link', { name: `${en.aftersales.type.refund}: ${en.aftersales.state.merchant_processing}` }).waitFor();
  });

  it('the merchant adds a sticker and a card design to a product\'s gift decoration, and givers find them on the send page', async () => {
    const { product, options } = (await giftables(toyStore.id, 1)).find((g) => g.options.decoration.stickers.some((s) => s.id === 'heart'))!;
    const nSticker = options.decoration.stickers.length + 1;
    const nCard = options.decoration.cards.length + 1;

    await merchant.goto(`${e2e.server.url}/merchant/stores/${toyStore.id}/products/${product.id}`);
    await merchant.getByRole('link', { name: en.gifts.gifting.decorate }).click();
    await merchant.getByRole('heading', { name: en.gifts.decoration.title, level: 1 }).waitFor();
    await merchant.getByRole('button', { name: en.gifts.decoration.addSticker }).click();
    await merchant.getByLabel(en.gifts.decoration.glyph.replace('{{n}}', String(nSticker)), { exact: true }).fill('🦄');
    await merchant.getByLabel(en.gifts.decoration.stickerLabel.replace('{{n}}', String(nSticker)), { exact: true }).fill('Unicorn');
    await merchant.getByRole('button', { name: en.gifts.decoration.addCard }).click();
    await merchant.getByLabel(en.gifts.decoration.cardName.replace('{{n}}', String(nCard)), { exact: true }).fill('Thank you, teacher');
    const newCard = merchant.locator('.deco__row--card').nth(nCard - 1);
    await newCard.getByLabel(en.gifts.decoration.pattern).selectOption('stripes');
    await newCard.getByRole('button', { name: en.gifts.decoration.preview }).click();
    await shot(merchant, 'gifts-16-decoration-editor');
    await merchant.getByRole('button', { name: en.common.save, exact: true }).click();
    await merchant.getByText(en.gifts.decoration.saved).waitFor();
    await merchant.reload();
    await expect.poll(() => merchant.getByLabel(en.gifts.decoration.stickerLabel.replace('{{n}}', String(nSticker)), { exact: true }).inputValue()).toBe('Unicorn');

    // A giver's send page offers the new design and sticker.
    await zhao.goto(`${e2e.server.url}/gift/new?product=${product.id}`);
    await zhao.getByText('Thank you, teacher', { exact: true }).click();
    await zhao.getByRole('button', { name: 'Unicorn', exact: true }).click();
    const surface = zhao.getByRole('group', { name: /Card preview/ });
    await surface.click({ position: { x: 20, y: 20 } });
    await zhao.getByRole('button', { name: /^Unicorn sticker at/ }).waitFor();
  });

  // Another category than the lottery's, which is claimed after this.
  it('the operator excludes a toy category from gifting, and its products no longer offer "Send as gift"', async () => {
    const { product } = (await giftables(toyStore.id, 1)).find((g) => g.product.categoryId !== lottery.categoryId)!;
    type Category = { id: number; code: string; names: { en: string }; children: Category[] };
    const flat = (cs: Category[]): Category[] => cs.flatMap((c) => [c, ...flat(c.children)]);
    const category = flat((await apiAs<{ categories: Category[] }>(null, '/api/categories')).categories).find((c) => c.id === product.categoryId)!;

    const operator = await signedIn('operator@trio.demo', '/operator/categories', { width: 1280, height: 860 });
    await operator.getByLabel(en.operator.categories.search).fill(category.code);
    await operator.getByRole('button', { name: en.operator.categories.editOne.replace('{{name}}', category.names.en) }).click();
    const dialog = operator.getByRole('dialog');
    await dialog.getByRole('switch', { name: en.gifts.operator.exclude }).check();
    await dialog.getByRole('button', { name: en.common.save, exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await operator.getByRole('row').filter({ hasText: category.code }).getByText(en.gifts.operator.noGifts).waitFor();
    await shot(operator, 'gifts-18-category-excluded');

    await zhao.goto(`${e2e.server.url}/p/${product.id}`);
    await zhao.getByText(en.gifts.notGiftable.category_excluded).waitFor();
    expect(await zhao.getByTestId('send-as-gift').count()).toBe(0);
  });
  it('the lottery closes, the first look draws it, and a winner sees the result and claims with her address', async () => {
    await new Promise((r) => setTimeout(r, Math.max(0, lottery.closesAt - Date.now() + 500)));
    await zhao.goto(`${e2e.server.url}${lottery.path}`);
    await zhao.getByText(en.gifts.lottery.youWon).waitFor();
    const winners = zhao.locator('.gift-winners');
    await winners.getByText('Zhao Lei', { exact: true }).waitFor();
    await winners.getByText('He Jun', { exact: true }).waitFor();
    await shot(zhao, 'gifts-17-lottery-won-phone');
    await addFirstAddress(zhao, { name: 'Zhao Lei', phone: '+86 136 2222 3333', region: 'Sichuan, Chengdu', line: '66 Tianfu Avenue' });
    await zhao.getByRole('button', { name: en.gifts.claim.accept, exact: true }).click();
    await zhao.getByText(en.gifts.claim.accepted, { exact: true }).waitFor();

    const lin = await login('lin@trio.demo');
    const sent = await apiAs<{ draw: { winnerNames: string[] } | null; claims: { claimantName: string; state: string }[] }>(lin, `/api/gifts/${lottery.giftId}`);
    expect(sent.draw?.winnerNames.sort()).toEqual(['He Jun', 'Zhao Lei']);
    expect(sent.claims.find((c) => c.claimantName === 'Zhao Lei')?.state).toBe('claimed');
  });

});
