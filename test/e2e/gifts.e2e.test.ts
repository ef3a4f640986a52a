// Sending a gift, clicked as people would, in two browser contexts: Lin (on a phone) opens a toy that may be sent as
// a gift, decorates the card (a design, a sticker placed on it, a message to Emma), pays in the sandbox cashier and
// lands on the share page with the link and its QR code. Emma (another phone, not signed in) opens the link, signs
// in and comes back, sees no price anywhere, switches to the other colour of the same price, enters an address and
// accepts. The toy merchant opens the order, sees the card (giver, receiver, message), prints it and ships the
// parcel. Lin's "my gifts" shows the gift claimed by Emma; Emma's shows the parcel and confirms receipt.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { en } from '../../web/src/i18n/en.ts';
import { DEMO_PASSWORD, PHONE, addFirstAddress, journey, shot } from './harness.ts';

type GiftSku = { id: string; attrs: Record<string, string>; price: number; stock: number; giftable: boolean };
type GiftOptions = { giftable: boolean; title: string; skus: GiftSku[]; decoration: { stickers: { id: string; label: string; glyph: string }[]; cards: { id: string; name: string }[] } };
type Product = { id: string; title: string; attributes: { name: string; values: string[] }[] };
type ReceivedGift = { giftId: string; orderId: string | null; attrs: Record<string, string>; orderState: string | null };

const e2e = journey('gifts');

const { apiAs, login } = e2e;
async function fillSignIn(page: Page, email: string) {
  await page.getByLabel(en.auth.email).fill(email);
  await page.getByLabel(en.auth.password).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: en.auth.signIn, exact: true }).click();
}
const money = (fen: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'CNY', minimumFractionDigits: fen % 100 === 0 ? 0 : 2 }).format(fen / 100);
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();
const shortId = (id: string) => id.replace(/-/g, '').slice(0, 10).toUpperCase();

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
  it('a decorated gift is paid, opened by another buyer who switches the SKU and accepts, and shipped with its printed card', async () => {
    const toyToken = await login('toys@trio.demo');
    const [toyStore] = await apiAs<{ id: string; name: string }[]>(toyToken, '/api/merchant/stores?limit=200');
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
    const merchant = await e2e.newPage();
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
    await merchant.getByRole('link', { name: en.orders.list.number.replace('{{no}}', shortId(orderId)) }).click();
    await merchant.getByRole('main').getByRole('button', { name: en.orders.merchant.shipAction, exact: true }).click();
    const ship = merchant.getByRole('dialog');
    await ship.getByLabel(en.orders.merchant.ship.carrier).fill('SF Express');
    await ship.getByLabel(en.orders.merchant.ship.trackingNo).fill('SF2026GIFT01');
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
    await mine.getByText('SF2026GIFT01').waitFor();
    await shot(recipient, 'gifts-09-my-gifts-received-phone');
    await mine.getByRole('button', { name: en.orders.detail.confirmReceipt }).click();
    await recipient.getByRole('dialog').getByRole('button', { name: en.orders.detail.confirmReceipt }).click();
    await mine.getByText(en.orders.state.completed, { exact: true }).waitFor();
    expect(plain(await recipient.locator('body').innerText())).not.toContain(plain(money(first.price)));
  });
});
