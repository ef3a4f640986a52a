// The service account, clicked as people would, in Vietnamese: a buyer who just paid follows the store from the order
// page, keeps the inbox open and sees the "shipped" notice arrive live with the unread count in the header, asks the
// store a question; the merchant answers it from the console's conversation queue and the answer arrives live. Then
// the merchant (in Chinese) publishes an article with a product card to the followers, its audience shown first, and
// the buyer with the inbox open sees it arrive live with its title and the unread count, and opens the product.
// Last, repeat purchase: the store gives a tea a 30-day repurchase cycle; 30 days after a delivery (the reminder's due
// time moved in the database: the server's clock is real) the buyer reorders it from the reminder in the inbox at
// today's price; the merchant schedules a broadcast for tomorrow and cancels it before it starts.
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { vi as t } from '../../web/src/i18n/vi.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { PHONE, journey, pageAs, postAs, shot } from './harness.ts';
import { WAIT } from '../timeouts.ts';

// The outbox (which writes the notices) is swept every half second.
const e2e = journey('service-account', { env: { TRIO_SCHEDULER_INTERVAL_MS: '500' } });
const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k]));
type Sku = { id: string; stock: number; available: boolean };

describe('the service account in the browser', () => {
  it('a buyer follows after buying, gets the shipped notice live, asks a question; the merchant answers it', async () => {
    const teaToken = await e2e.login('tea@trio.demo');
    const [store] = await e2e.apiAs<{ id: string; name: string }[]>(teaToken, '/api/merchant/stores?limit=200');
    let sku: Sku | undefined;
    for (const row of await e2e.apiAs<{ id: string }[]>(null, `/api/storefront/products?storeId=${store.id}&limit=50`)) {
      sku = (await e2e.apiAs<{ skus: Sku[] }>(null, `/api/storefront/products/${row.id}`)).skus.find((s) => s.available && s.stock >= 1);
      if (sku) break;
    }
    const buyerToken = await e2e.login('lin@trio.demo');
    const address = { name: 'Lin Wei', phone: '+86 138 0000 0000', region: 'Shanghai, Xuhui', line: '88 Caoxi Road' };
    const bought = await postAs<{ paymentId: string; orders: { id: string }[] }>(e2e.server, buyerToken, '/api/checkout', { lines: [{ skuId: sku!.id, quantity: 1 }], address });
    const pre = await postAs<{ cashierUrl: string }>(e2e.server, buyerToken, `/api/payments/${bought.paymentId}/prepay`, { method: 'native' });
    await postAs(e2e.server, null, `/api/sandbox/cashier/${pre.cashierUrl.split('/').pop()}/pay`, {});
    const orderId = bought.orders[0].id;

    // After buying: the order page offers to follow the store.
    const buyer = await pageAs(e2e, 'vi', 'lin@trio.demo', PHONE);
    await buyer.goto(`${e2e.server.url}/orders/${orderId}`);
    await buyer.getByText(fill(t.service.follow.afterPurchase, { store: store.name })).waitFor();
    await buyer.getByRole('button', { name: t.service.follow.follow, exact: true }).click();
    await buyer.getByText(fill(t.service.follow.followed, { store: store.name })).waitFor();
    await shot(buyer, 'service-01-followed');

    // The inbox is open and live when the merchant ships.
    await buyer.getByRole('link', { name: t.service.inbox.title, exact: true }).click();
    await buyer.getByRole('heading', { name: t.service.inbox.title }).waitFor();
    await buyer.getByTestId('inbox-live').getByText(t.service.inbox.live).waitFor();
    await postAs(e2e.server, teaToken, `/api/merchant/stores/${store.id}/orders/${orderId}/shipments`, { carrier: 'sf', trackingNo: 'SF020261204001' });
    const shipped = buyer.getByTestId('inbox-message').filter({ hasText: 'SF020261204001' });
    await shipped.getByText(`Đơn hàng ${orderId.slice(0, 8).toUpperCase()} từ ${store.name} đang được giao: SF Express, mã vận đơn SF020261204001.`).waitFor();
    await expect.poll(() => buyer.getByTestId('inbox-unread').textContent(), WAIT).toBe('1');
    await buyer.getByRole('link', { name: fill(t.service.inbox.linkCount, { count: 1 }) }).waitFor();
    await shot(buyer, 'service-02-shipped-live');

    // The buyer opens the store's conversation (which reads it) and asks.
    await shipped.getByRole('link', { name: store.name }).click();
    await buyer.getByRole('heading', { name: store.name, exact: true }).waitFor();
    await expect.poll(() => buyer.getByTestId('inbox-unread').count(), WAIT).toBe(0);
    await buyer.getByLabel(fill(t.service.inbox.write, { store: store.name })).fill('Khi nào hàng đến Thượng Hải ạ?');
    await buyer.getByRole('button', { name: t.service.inbox.send, exact: true }).click();
    await buyer.getByTestId('inbox-message').filter({ hasText: 'Khi nào hàng đến Thượng Hải ạ?' }).waitFor();

    // The merchant answers from the queue.
    const merchant = await pageAs(e2e, 'vi', 'tea@trio.demo');
    await merchant.goto(`${e2e.server.url}/merchant/stores/${store.id}/service`);
    await merchant.getByRole('heading', { name: t.service.console.conversations }).waitFor();
    await merchant.getByTestId('conversation').filter({ hasText: 'Khi nào hàng đến Thượng Hải ạ?' }).click();
    await merchant.getByTestId('conversation-message').filter({ hasText: 'Khi nào hàng đến Thượng Hải ạ?' }).waitFor();
    await merchant.getByLabel(t.service.console.reply).fill('Khoảng 2 ngày nữa ạ. Cảm ơn bạn!');
    await merchant.getByRole('button', { name: t.service.console.sendReply }).click();
    await merchant.getByRole('status').getByText(t.service.console.replySent).waitFor();
    await merchant.getByTestId('conversation-message').filter({ hasText: 'Khoảng 2 ngày nữa ạ.' }).waitFor();
    await merchant.getByRole('heading', { name: t.service.console.followers }).waitFor();
    await merchant.getByTestId('follower').first().waitFor();
    await shot(merchant, 'service-03-merchant-answered');

    // The answer reaches the buyer's open conversation live.
    await buyer.getByTestId('inbox-message').filter({ hasText: 'Khoảng 2 ngày nữa ạ. Cảm ơn bạn!' }).waitFor();
    await shot(buyer, 'service-04-answer-live');
    // The open conversation reads whatever arrives from the store: closed, so the next journey counts unread ones.
    await buyer.close();
  });

  it('a merchant publishes an article with a product card to its followers (zh); a follower sees it arrive live and opens the product (vi)', async () => {
    const teaToken = await e2e.login('tea@trio.demo');
    const [store] = await e2e.apiAs<{ id: string; name: string }[]>(teaToken, '/api/merchant/stores?limit=200');
    const buyerToken = await e2e.login('lin@trio.demo');
    const follow = await fetch(`${e2e.server.url}/api/follows/${store.id}`, {
      method: 'PUT', headers: { authorization: `Bearer ${buyerToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ source: 'store_page' }),
    });
    expect(follow.status).toBe(200);
    await postAs(e2e.server, buyerToken, '/api/inbox/read', {}); // nothing unread before the broadcast
    const { audience } = await e2e.apiAs<{ audience: number }>(teaToken, `/api/merchant/stores/${store.id}/broadcasts/audience`);
    const [product] = await e2e.apiAs<{ id: string; title: string }[]>(teaToken, `/api/merchant/stores/${store.id}/products?liveState=listed&limit=200`);

    const buyer = await pageAs(e2e, 'vi', 'lin@trio.demo', PHONE);
    await buyer.goto(`${e2e.server.url}/inbox`);
    await buyer.getByTestId('inbox-live').getByText(t.service.inbox.live).waitFor();

    const merchant = await pageAs(e2e, 'zh', 'tea@trio.demo');
    await merchant.goto(`${e2e.server.url}/merchant/stores/${store.id}/service`);
    await merchant.getByRole('heading', { name: zh.service.console.broadcasts }).waitFor();
    await merchant.getByTestId('broadcast-audience').getByText(fill(zh.service.console.audience, { count: audience })).waitFor();
    await merchant.getByLabel(zh.service.console.kindArticle).check();
    await merchant.getByRole('group', { name: zh.service.console.articleProducts }).getByLabel(product.title, { exact: true }).check();
    await merchant.getByLabel(zh.service.console.broadcastTitle).fill('冬季新茶上市');
    await merchant.getByLabel(zh.service.console.broadcastBody).fill('本周末全场新茶八折，欢迎选购。');
    await merchant.getByRole('button', { name: zh.service.console.sendBroadcast }).click();
    await merchant.getByRole('status').getByText(zh.service.console.broadcastSent).waitFor();
    const row = merchant.getByTestId('broadcast').filter({ hasText: '冬季新茶上市' });
    await row.getByText(zh.service.console.statusSent).waitFor();
    await shot(merchant, 'service-05-broadcast-sent');

    const got = buyer.getByTestId('inbox-message').filter({ hasText: '冬季新茶上市' });
    await got.getByRole('heading', { name: '冬季新茶上市' }).waitFor();
    await got.getByText('本周末全场新茶八折，欢迎选购。').waitFor();
    await expect.poll(async () => (await buyer.getByTestId('inbox-unread').allTextContents()).join(), WAIT).toBe('1');
    await shot(buyer, 'service-06-article-live');
    // The card links to the product.
    await got.getByRole('link', { name: fill(t.service.inbox.viewProduct, { product: product.title }) }).click();
    await buyer.waitForURL(`**/p/${product.id}`);
    await buyer.getByRole('heading', { name: product.title }).first().waitFor();
  });

  it.skipIf(!process.env.DATABASE_URL)('a repurchase reminder reorders the same tea at today\'s price (vi); a scheduled broadcast is cancelled (zh)', async () => {
    const teaToken = await e2e.login('tea@trio.demo');
    const [store] = await e2e.apiAs<{ id: string; name: string }[]>(teaToken, '/api/merchant/stores?limit=200');
    let sku: (Sku & { price: number }) | undefined;
    let productId = '';
    for (const row of await e2e.apiAs<{ id: string }[]>(null, `/api/storefront/products?storeId=${store.id}&limit=50`)) {
      sku = (await e2e.apiAs<{ skus: (Sku & { price: number })[] }>(null, `/api/storefront/products/${row.id}`)).skus.find((s) => s.available && s.stock >= 2);
      productId = row.id;
      if (sku) break;
    }
    const cycle = await fetch(`${e2e.server.url}/api/merchant/stores/${store.id}/products/${productId}/repurchase-cycle`, {
      method: 'PUT', headers: { authorization: `Bearer ${teaToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ days: 30 }),
    });
    expect(cycle.status).toBe(200);
    const buyerToken = await e2e.login('lin@trio.demo');
    await fetch(`${e2e.server.url}/api/follows/${store.id}`, {
      method: 'PUT', headers: { authorization: `Bearer ${buyerToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ source: 'store_page' }),
    });
    const address = { name: 'Lin Wei', phone: '+86 138 0000 0000', region: 'Shanghai, Xuhui', line: '88 Caoxi Road' };
    const bought = await postAs<{ paymentId: string; orders: { id: string }[] }>(e2e.server, buyerToken, '/api/checkout', { lines: [{ skuId: sku!.id, quantity: 1 }], address });
    const pre = await postAs<{ cashierUrl: string }>(e2e.server, buyerToken, `/api/payments/${bought.paymentId}/prepay`, { method: 'native' });
    await postAs(e2e.server, null, `/api/sandbox/cashier/${pre.cashierUrl.split('/').pop()}/pay`, {});
    const orderId = bought.orders[0].id;
    await postAs(e2e.server, teaToken, `/api/merchant/stores/${store.id}/orders/${orderId}/shipments`, { carrier: 'sf', trackingNo: 'SF020261205001' });
    await postAs(e2e.server, buyerToken, `/api/orders/${orderId}/confirm-receipt`, {});

    // Thirty days later (moved in the database): the reminder is due.
    const db = new pg.Client({ connectionString: e2e.server.databaseUrl });
    await db.connect();
    try {
      const planned = async () => (await db.query('select due_at from repurchase_reminders where order_id = $1', [orderId])).rows.length;
      await expect.poll(planned, WAIT).toBe(1);
      await db.query('update repurchase_reminders set due_at = now() where order_id = $1', [orderId]);
    } finally {
      await db.end();
    }
    const buyer = await pageAs(e2e, 'vi', 'lin@trio.demo', PHONE);
    await buyer.goto(`${e2e.server.url}/inbox/${store.id}`);
    const reminder = buyer.getByTestId('inbox-message').filter({ has: buyer.getByRole('button', { name: t.service.inbox.reorder, exact: true }) });
    await reminder.waitFor({ timeout: WAIT.timeout });
    await shot(buyer, 'service-07-repurchase-reminder');
    await reminder.getByRole('button', { name: t.service.inbox.reorder, exact: true }).click();
    await buyer.waitForURL('**/cart');
    const cart = await e2e.apiAs<{ lines: { skuId: string; quantity: number; unitPrice: number }[] }>(buyerToken, '/api/cart');
    expect(cart.lines.find((l) => l.skuId === sku!.id)).toMatchObject({ quantity: 1, unitPrice: sku!.price });

    // The merchant (zh) schedules a broadcast for tomorrow, then cancels it before it starts.
    const merchant = await pageAs(e2e, 'zh', 'tea@trio.demo');
    await merchant.goto(`${e2e.server.url}/merchant/stores/${store.id}/service`);
    await merchant.getByRole('heading', { name: zh.service.console.broadcasts }).waitFor();
    await merchant.getByLabel(zh.service.console.broadcastTitle).fill('元旦新茶预告');
    await merchant.getByLabel(zh.service.console.broadcastBody).fill('元旦当天新茶上市，敬请期待。');
    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await merchant.getByLabel(zh.service.console.sendAt).fill(local);
    await merchant.getByRole('button', { name: zh.service.console.sendBroadcast }).click();
    await merchant.getByRole('status').getByText(zh.service.console.broadcastScheduled).waitFor();
    const row = merchant.getByTestId('broadcast').filter({ hasText: '元旦新茶预告' });
    await row.getByText(zh.service.console.statusScheduled).waitFor();
    await row.getByRole('button', { name: `${zh.service.console.cancelBroadcast}: 元旦新茶预告` }).click();
    await merchant.getByRole('status').getByText(zh.service.console.broadcastCancelled).waitFor();
    await row.getByText(zh.service.console.statusCancelled).waitFor();
    await shot(merchant, 'service-08-broadcast-cancelled');
  });
});
