// Merchant webhooks in Chromium: the tea merchant adds an endpoint in the console (its secret shown once), a buyer's
// order is paid, the merchant's server (a receiver run here, checking signatures with its own code) gets the signed
// order.paid, the merchant sees it delivered in the endpoint's delivery log and sends it again; the receiver gets the
// same delivery (same id) once more.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.ts';
import { verify } from '../webhooks/receiver.ts';
import { journey, pageAs, postAs, shot } from './harness.ts';
import { WAIT_MS } from '../timeouts.ts';

const e2e = journey('webhooks', { env: { TRIO_SCHEDULER_INTERVAL_MS: '300' } });

type Got = { headers: http.IncomingHttpHeaders; body: Buffer; json: { id: string; event: string; data: { orderId?: string; order?: { id: string; state: string } } } };
let server: http.Server;
let url = '';
const got: Got[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      got.push({ headers: req.headers, body, json: JSON.parse(body.toString('utf8')) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trio/hooks`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

describe('merchant webhooks in the console', () => {
  it('add an endpoint → an order is paid → the signed delivery arrives and is in the log → send it again', async () => {
    const teaToken = await e2e.login('tea@trio.demo');
    const [store] = await e2e.apiAs<{ id: string }[]>(teaToken, '/api/merchant/stores?limit=200');

    // The merchant adds an endpoint for every order event; the secret is shown once.
    const page = await pageAs(e2e, 'en', 'tea@trio.demo');
    await page.goto(`${e2e.server.url}/merchant/stores/${store.id}`);
    await page.getByRole('link', { name: en.webhooks.tab, exact: true }).click();
    await page.getByRole('heading', { name: en.webhooks.title, level: 2 }).waitFor();
    await page.getByText(en.webhooks.empty).waitFor();
    await page.getByLabel(en.webhooks.url).fill(url);
    await page.getByLabel(en.webhooks.description, { exact: false }).fill('Warehouse ERP');
    await page.getByRole('checkbox', { name: new RegExp(`^${en.webhooks.groups['order.*']}`) }).check();
    await page.getByRole('button', { name: en.webhooks.create }).click();
    const secretBox = page.getByTestId('webhook-secret');
    await secretBox.waitFor();
    const secret = await secretBox.getByTestId('share-link').inputValue();
    expect(secret.length).toBeGreaterThan(40);
    await page.getByRole('cell', { name: url }).waitFor();
    await shot(page, 'webhooks-01-endpoint-added');
    // Shown once: gone after Done and not in the list.
    await secretBox.getByRole('button', { name: en.webhooks.done }).click();
    await expect.poll(() => page.content()).not.toContain(secret);

    // A buyer's order of the store is paid in the sandbox.
    const buyer = await e2e.login('emma@trio.demo');
    let skuId = '';
    for (const row of await e2e.apiAs<{ id: string }[]>(null, `/api/storefront/products?storeId=${store.id}&limit=50`)) {
      const p = await e2e.apiAs<{ skus: { id: string; available: boolean; stock: number }[] }>(null, `/api/storefront/products/${row.id}`);
      skuId = p.skus.find((s) => s.available && s.stock >= 2)?.id ?? '';
      if (skuId) break;
    }
    const address = { name: 'Emma Laurent', phone: '+86 139 0000 1111', region: 'Shanghai, Jing’an', line: '1 Nanjing West Road' };
    const bought = await postAs<{ paymentId: string; orders: { id: string }[] }>(e2e.server, buyer, '/api/checkout', { lines: [{ skuId, quantity: 1 }], address });
    const pre = await postAs<{ cashierUrl: string }>(e2e.server, buyer, `/api/payments/${bought.paymentId}/prepay`, { method: 'native' });
    await postAs(e2e.server, null, `/api/sandbox/cashier/${pre.cashierUrl.split('/').pop()}/pay`);
    const orderId = bought.orders[0].id;

    // The merchant's server gets order.created and order.paid, each signed with the secret (checked with its own code).
    const paid = () => got.filter((g) => g.json.event === 'order.paid' && g.json.data.orderId === orderId);
    await expect.poll(() => paid().length, { timeout: WAIT_MS }).toBe(1);
    for (const g of got) expect(verify(secret, g.headers, g.body, new Date()), `${g.json.event} signed with the endpoint's secret`).toBe(true);
    expect(verify(randomUUID(), paid()[0].headers, paid()[0].body, new Date())).toBe(false);
    const deliveryId = paid()[0].json.id;

    // The delivery log shows it delivered; the merchant sends it again.
    await page.getByRole('link', { name: en.webhooks.deliveriesFor.replace('{{url}}', url) }).click();
    await page.getByRole('heading', { name: en.webhooks.log.title }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'order.paid' });
    await row.getByTestId('delivery-state').filter({ hasText: en.webhooks.log.states.delivered }).waitFor();
    await row.getByText(en.webhooks.log.showLog).click();
    await row.getByText(en.webhooks.log.status.replace('{{status}}', '204')).first().waitFor();
    await shot(page, 'webhooks-02-delivery-log');
    await row.getByRole('button', { name: new RegExp(`^Send the order.paid delivery`) }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(en.webhooks.log.sendAgainTitle).waitFor();
    await dialog.getByRole('button', { name: en.webhooks.log.sendAgain }).click();
    await page.getByText(en.webhooks.log.queued).waitFor();
    await expect.poll(() => paid().length, { timeout: WAIT_MS }).toBe(2);
    expect(paid().map((g) => g.json.id)).toEqual([deliveryId, deliveryId]);
    await page.reload();
    await page.getByRole('row').filter({ hasText: 'order.paid' }).getByRole('cell', { name: '2', exact: true }).waitFor();
    await shot(page, 'webhooks-03-sent-again');
    // The body carried the whole order.
    expect(paid()[0].json.data.order).toMatchObject({ id: orderId, state: 'awaiting_shipment' });

    // The merchant deletes the endpoint (after confirming): gone from the list.
    await page.getByRole('link', { name: en.webhooks.tab, exact: true }).click();
    await page.getByRole('button', { name: en.webhooks.deleteOne.replace('{{url}}', url) }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText(en.webhooks.deleteText.replace('{{url}}', url)).waitFor();
    await confirm.getByRole('button', { name: en.webhooks.delete }).click();
    await page.getByRole('status').getByText(en.webhooks.deleted).waitFor();
    await page.getByText(en.webhooks.empty).waitFor();
  });
});
