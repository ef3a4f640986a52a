// Shipping fees: a store's freight templates (free, flat, by piece, by weight, regional rules, regions not delivered
// to, free above an amount) priced into the cart, the checkout statement, the payment, settlement and refunds; and
// the product data they read (SKU codes unique per store, barcodes checked, weights).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scalar } from '../api/support.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import { tee } from '../catalog/fixtures.ts';
import { askOk } from '../aftersales/support.ts';
import { accept, orderRow, refundRow, sendRefunds } from '../aftersales/money-support.ts';
import { address, buyer, call, openStore, pay, type Buyer, type Store } from './fixtures.ts';

let env: TestEnv;
let s: Store;
let t: Store;
beforeAll(async () => {
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: '100000' });
  [s, t] = [await openStore(env), await openStore(env)];
});
afterAll(async () => env?.close());

type Template = { name?: string; basis: 'free' | 'flat' | 'piece' | 'weight'; firstUnits?: number; firstFee?: number; extraUnits?: number; extraFee?: number; freeAbove?: number | null; isDefault?: boolean; regions?: { region: string; delivers: boolean; firstFee: number; extraFee: number }[] };

async function template(st: Store, body: Template) {
  const res = await call(env, 'POST', `${st.url}/freight-templates`, st.merchant.headers, {
    name: body.basis, firstUnits: 1, firstFee: 0, extraUnits: 1, extraFee: 0, freeAbove: null, isDefault: false, regions: [], ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

/** A listed product with these SKUs (price, weight, code...), shipping under the template (null: the default). */
async function product(st: Store, freightTemplateId: string | null, skus: { price: number; weight?: number; code?: string; barcode?: string }[]) {
  const body = tee(st.categoryIds[0], {
    title: 'Tea 茶', attributes: [{ name: 'size', values: skus.map((_, i) => `S${i}`) }], freightTemplateId,
    skus: skus.map((k, i) => ({ attrs: { size: `S${i}` }, stock: 100, ...k })),
  });
  const p = await call(env, 'POST', `${st.url}/products`, st.merchant.headers, body);
  expect(p.statusCode, p.body).toBe(201);
  await call(env, 'POST', `${st.url}/products/${p.json().id}/submit`, st.merchant.headers);
  expect((await call(env, 'POST', `/api/operator/products/${p.json().id}/pass`, st.op.headers)).statusCode).toBe(200);
  const live = (await call(env, 'GET', `${st.url}/products/${p.json().id}`, st.merchant.headers)).json();
  const byAttr = new Map((live.skus as { id: string; attrs: { size: string } }[]).map((k) => [k.attrs.size, k.id]));
  return { id: p.json().id as string, skuIds: skus.map((_, i) => byAttr.get(`S${i}`)!), live };
}

const checkout = (b: Buyer, lines: { skuId: string; quantity: number }[], region = address.region, extra: Record<string, unknown> = {}) =>
  call(env, 'POST', '/api/checkout', b.headers, { lines, address: { ...address, region }, ...extra });

async function feeOf(lines: { skuId: string; quantity: number }[], region = address.region) {
  const res = await checkout(await buyer(env), lines, region);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { amount: number; paymentId: string; orders: { id: string; storeId: string; itemsTotal: number; shippingFee: number; total: number }[] };
}

describe('freight templates', () => {
  it('charge by their basis: free, flat, by piece (first N, each further M), by weight (first X g, each further Y g)', async () => {
    const free = await template(s, { basis: 'free' });
    const flat = await template(s, { basis: 'flat', firstFee: 800 });
    const piece = await template(s, { basis: 'piece', firstUnits: 2, firstFee: 1000, extraUnits: 3, extraFee: 500 });
    const weight = await template(s, { basis: 'weight', firstUnits: 1000, firstFee: 1200, extraUnits: 500, extraFee: 300 });
    const pFree = await product(s, free.id, [{ price: 5000 }]);
    const pFlat = await product(s, flat.id, [{ price: 5000 }]);
    const pPiece = await product(s, piece.id, [{ price: 1000 }, { price: 2000 }]);
    const pWeight = await product(s, weight.id, [{ price: 3000, weight: 400 }, { price: 3000, weight: 900 }]);

    expect((await feeOf([{ skuId: pFree.skuIds[0], quantity: 3 }])).orders[0].shippingFee).toBe(0);
    expect((await feeOf([{ skuId: pFlat.skuIds[0], quantity: 3 }])).orders[0].shippingFee).toBe(800);
    // By piece, over the template's lines of the store order together: 2 pieces = first fee; 6 pieces = 2 + 3 + 1 → two extra steps.
    expect((await feeOf([{ skuId: pPiece.skuIds[0], quantity: 2 }])).orders[0].shippingFee).toBe(1000);
    expect((await feeOf([{ skuId: pPiece.skuIds[0], quantity: 5 }])).orders[0].shippingFee).toBe(1500);
    expect((await feeOf([{ skuId: pPiece.skuIds[0], quantity: 4 }, { skuId: pPiece.skuIds[1], quantity: 2 }])).orders[0].shippingFee).toBe(2000);
    // By weight: 2 × 400 g = 800 g (first 1,000 g); 400 + 2 × 900 = 2,200 g → 1,200 g over = 3 steps of 500 g.
    expect((await feeOf([{ skuId: pWeight.skuIds[0], quantity: 2 }])).orders[0].shippingFee).toBe(1200);
    expect((await feeOf([{ skuId: pWeight.skuIds[0], quantity: 1 }, { skuId: pWeight.skuIds[1], quantity: 2 }])).orders[0].shippingFee).toBe(1200 + 3 * 300);
    // Two templates in one store order: each charges its own lines, the store order's fee is their sum.
    const both = await feeOf([{ skuId: pFlat.skuIds[0], quantity: 1 }, { skuId: pPiece.skuIds[0], quantity: 1 }, { skuId: pFree.skuIds[0], quantity: 1 }]);
    expect(both.orders).toHaveLength(1);
    expect(both.orders[0]).toMatchObject({ itemsTotal: 11000, shippingFee: 1800, total: 12800 });
    expect(both.amount).toBe(12800);
  });

  it("apply to products without a template of their own through the store's default; no template at all ships free", async () => {
    const bare = await openStore(env);
    const p = await product(bare, null, [{ price: 4000 }]);
    expect((await feeOf([{ skuId: p.skuIds[0], quantity: 1 }])).orders[0].shippingFee).toBe(0);
    const d = await template(bare, { basis: 'flat', firstFee: 600, isDefault: true });
    expect((await feeOf([{ skuId: p.skuIds[0], quantity: 1 }])).orders[0].shippingFee).toBe(600);
    // Another default takes the mark; removing a template sends its products to the default.
    const own = await template(bare, { basis: 'flat', firstFee: 900 });
    const q = await product(bare, own.id, [{ price: 4000 }]);
    expect((await feeOf([{ skuId: q.skuIds[0], quantity: 1 }])).orders[0].shippingFee).toBe(900);
    expect((await call(env, 'DELETE', `${bare.url}/freight-templates/${own.id}`, bare.merchant.headers)).statusCode).toBe(204);
    expect((await feeOf([{ skuId: q.skuIds[0], quantity: 1 }])).orders[0].shippingFee).toBe(600);
    await template(bare, { basis: 'flat', firstFee: 700, isDefault: true });
    const list = (await call(env, 'GET', `${bare.url}/freight-templates`, bare.merchant.headers)).json() as { id: string; isDefault: boolean }[];
    expect(list.filter((x) => x.isDefault)).toHaveLength(1);
    expect(list.find((x) => x.id === d.id)!.isDefault).toBe(false);
    // Another store's merchant sees none of them, and a product cannot pick another store's template.
    expect((await call(env, 'GET', `${bare.url}/freight-templates`, s.merchant.headers)).statusCode).toBe(404);
    const foreign = await call(env, 'POST', `${s.url}/products`, s.merchant.headers, tee(s.categoryIds[0], { freightTemplateId: d.id }));
    expect(foreign.json().code).toBe('freight_template_not_found');
  });

  it('use the regional rule of the address (the longest match) and are free above the amount', async () => {
    const tpl = await template(t, {
      basis: 'piece', firstUnits: 1, firstFee: 1000, extraUnits: 1, extraFee: 200, freeAbove: 20000,
      regions: [{ region: 'Shanghai', delivers: true, firstFee: 500, extraFee: 100 }, { region: 'Shanghai, Pudong', delivers: true, firstFee: 0, extraFee: 50 }, { region: 'Hà Nội', delivers: true, firstFee: 3000, extraFee: 1000 }],
    });
    const p = await product(t, tpl.id, [{ price: 3000 }]);
    const two = [{ skuId: p.skuIds[0], quantity: 2 }];
    expect((await feeOf(two, 'Guangdong, Shenzhen')).orders[0].shippingFee).toBe(1200);
    expect((await feeOf(two, 'shanghai, Xuhui')).orders[0].shippingFee).toBe(600);
    expect((await feeOf(two, 'Shanghai, Pudong New Area')).orders[0].shippingFee).toBe(50);
    expect((await feeOf(two, 'ha noi, Ba Dinh')).orders[0].shippingFee).toBe(4000); // accents and case ignored
    // 7 × 3,000 = 21,000 ≥ 20,000: free.
    expect((await feeOf([{ skuId: p.skuIds[0], quantity: 7 }], 'Guangdong')).orders[0]).toMatchObject({ itemsTotal: 21000, shippingFee: 0, total: 21000 });
  });

  it('refuse a checkout to a region the store does not deliver to, naming the store and products, and write nothing', async () => {
    const tpl = await template(t, { basis: 'flat', firstFee: 500, regions: [{ region: '新疆', delivers: false, firstFee: 0, extraFee: 0 }] });
    const p = await product(t, tpl.id, [{ price: 2000 }]);
    const other = await product(s, null, [{ price: 2000 }]);
    const me = await buyer(env);
    await call(env, 'POST', '/api/cart/lines', me.headers, { skuId: p.skuIds[0], quantity: 1 });
    await call(env, 'POST', '/api/cart/lines', me.headers, { skuId: other.skuIds[0], quantity: 1 });
    const orders = () => scalar<number>(env.ctx.db, sql`select count(*)::int from orders where buyer_id = ${me.userId}`);
    const stock = () => scalar<number>(env.ctx.db, sql`select stock from skus where id = ${p.skuIds[0]}`);
    const res = await call(env, 'POST', '/api/checkout', me.headers, { address: { ...address, region: '新疆维吾尔自治区 乌鲁木齐' } });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'region_not_delivered', stores: [{ storeId: t.storeId, storeName: t.storeName, productIds: [p.id] }] });
    expect(await orders()).toBe(0);
    expect(await stock()).toBe(100);
    expect((await call(env, 'GET', '/api/cart', me.headers)).json().lines).toHaveLength(2);
    // The cart says which store cannot deliver to the address.
    const xinjiang = await call(env, 'POST', '/api/addresses', me.headers, { ...address, region: '新疆 喀什' });
    const cart = (await call(env, 'GET', `/api/cart?addressId=${xinjiang.json().id}`, me.headers)).json();
    expect(cart.stores.find((x: { storeId: string }) => x.storeId === t.storeId)).toMatchObject({ undeliveredProductIds: [p.id] });
    expect(cart.stores.find((x: { storeId: string }) => x.storeId === s.storeId).undeliveredProductIds).toEqual([]);
    // Elsewhere it goes through.
    expect((await call(env, 'POST', '/api/checkout', me.headers, { address })).statusCode).toBe(201);
  });
});

describe('the fee in the money', () => {
  it('the cart quotes each store order and the total; checkout with that total is paid, the store is settled the fee without commission', async () => {
    const tpl = await template(s, { basis: 'flat', firstFee: 1000 });
    const p = await product(s, tpl.id, [{ price: 10000 }]);
    const me = await buyer(env);
    await call(env, 'POST', '/api/addresses', me.headers, address);
    await call(env, 'POST', '/api/cart/lines', me.headers, { skuId: p.skuIds[0], quantity: 2 });
    const cart = (await call(env, 'GET', '/api/cart', me.headers)).json();
    expect(cart).toMatchObject({ itemsTotal: 20000, shippingFee: 1000, total: 21000 });
    expect(cart.stores[0]).toMatchObject({ storeId: s.storeId, subtotal: 20000, shippingFee: 1000 });
    // Checkout's own quote of the lines it will order (a "Buy now" is not in the cart) agrees.
    const quote = await call(env, 'POST', '/api/checkout/quote', me.headers, { lines: [{ skuId: p.skuIds[0], quantity: 2 }], addressId: cart.addressId });
    expect(quote.statusCode, quote.body).toBe(200);
    expect(quote.json()).toMatchObject({ itemsTotal: 20000, shippingFee: 1000, total: 21000, stores: [{ storeId: s.storeId, shippingFee: 1000, undeliveredProductIds: [] }] });
    const out = await call(env, 'POST', '/api/checkout', me.headers, { addressId: cart.addressId, expectedTotal: cart.total });
    expect(out.statusCode, out.body).toBe(201);
    const o = out.json().orders[0];
    expect(out.json().amount).toBe(21000);
    expect(await scalar<number>(env.ctx.db, sql`select amount from payments where id = ${out.json().paymentId}`)).toBe(21000);
    await pay(env, me, out.json().paymentId);
    const seen = (await call(env, 'GET', `/api/orders/${o.id}`, me.headers)).json();
    expect(seen).toMatchObject({ state: 'awaiting_shipment', itemsTotal: 20000, shippingFee: 1000, total: 21000 });
    expect((await call(env, 'GET', `${s.url}/orders/${o.id}`, s.merchant.headers)).json().shippingFee).toBe(1000);
    await call(env, 'POST', `${s.url}/orders/${o.id}/shipments`, s.merchant.headers, { carrier: 'sf', trackingNo: 'SF700100000001' });
    await call(env, 'POST', `/api/orders/${o.id}/confirm-receipt`, me.headers);
    env.clock.advance(30 * 24 * 3600_000);
    await runSweeps(sweeps(env.ctx), 200);
    const bp = await scalar<number>(env.ctx.db, sql`select commission_bp from order_items where order_id = ${o.id}`);
    const commission = Math.round((20000 * bp) / 10000);
    const [entry] = await env.ctx.db.execute(sql`select gross, commission, net from store_balance_ledger where order_id = ${o.id} and kind = 'settlement'`).then((r) => (r as unknown as { rows: { gross: string; commission: string; net: string }[] }).rows);
    expect({ gross: Number(entry.gross), commission: Number(entry.commission), net: Number(entry.net) }).toEqual({ gross: 21000, commission, net: 21000 - commission });
  });

  it('a price or template changed after the quote: 409 price_changed with the new total, nothing ordered', async () => {
    const tpl = await template(s, { basis: 'flat', firstFee: 500 });
    const p = await product(s, tpl.id, [{ price: 3000 }]);
    const me = await buyer(env);
    const lines = [{ skuId: p.skuIds[0], quantity: 1 }];
    const quoted = 3500;
    const changed = await call(env, 'PUT', `${s.url}/freight-templates/${tpl.id}`, s.merchant.headers, { name: 'flat', basis: 'flat', firstUnits: 1, firstFee: 900, extraUnits: 1, extraFee: 0, freeAbove: null, isDefault: false, regions: [] });
    expect(changed.statusCode, changed.body).toBe(200);
    const res = await checkout(me, lines, address.region, { expectedTotal: quoted });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ code: 'price_changed', total: 3900 });
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from orders where buyer_id = ${me.userId}`)).toBe(0);
    await call(env, 'POST', `${s.url}/prices/apply`, s.merchant.headers, { selection: { skuIds: [p.skuIds[0]] }, change: { type: 'set', price: 3100 } });
    expect((await checkout(me, lines, address.region, { expectedTotal: 3900 })).json()).toMatchObject({ code: 'price_changed', total: 4000 });
    expect((await checkout(me, lines, address.region, { expectedTotal: 4000 })).statusCode).toBe(201);
  });

  it('a whole order refunded before it shipped gives the fee back too; a partial refund, or one after shipping, does not', async () => {
    const tpl = await template(s, { basis: 'flat', firstFee: 800 });
    const p = await product(s, tpl.id, [{ price: 5000 }]);
    const me = await buyer(env);
    const paid = async () => {
      const c = await feeOfFor(me, [{ skuId: p.skuIds[0], quantity: 2 }]);
      await pay(env, me, c.paymentId);
      return (await call(env, 'GET', `${s.url}/orders/${c.orders[0].id}`, s.merchant.headers)).json();
    };
    const refundOne = async (o: { id: string; items: { id: string }[] }, quantity: number) => {
      const req = await askOk(env, me, o as never, { orderItemId: o.items[0].id, quantity });
      await accept(env, s, req.id);
      await sendRefunds(env);
    };
    // Whole, unshipped: 10,000 for the items, then the 800 fee as its own refund.
    const whole = await paid();
    await refundOne(whole, 2);
    const row = await orderRow(env, whole.id);
    expect(row.state).toBe('closed_refunded');
    expect(row.shippingFeeRefundId).toBeTruthy();
    expect(await refundRow(env, row.shippingFeeRefundId!)).toMatchObject({ amount: 800, orderId: whole.id, state: 'pending' });
    await sendRefunds(env);
    expect((await refundRow(env, row.shippingFeeRefundId!)).state).toBe('succeeded');
    const seen = (await call(env, 'GET', `/api/orders/${whole.id}`, me.headers)).json();
    expect(seen.shippingFeeRefunded).toBe(true);
    expect(seen.events.filter((e: { event: string }) => e.event === 'shipping_fee_refunded')).toHaveLength(1);
    expect(await scalar<number>(env.ctx.db, sql`select coalesce(sum(amount), 0)::int from refunds where order_id = ${whole.id} and state = 'succeeded'`)).toBe(10800);

    // Partial: one unit of two; the order stays, the fee stays.
    const part = await paid();
    await refundOne(part, 1);
    expect(await orderRow(env, part.id)).toMatchObject({ state: 'awaiting_shipment', shippingFeeRefundId: null });

    // After shipping: everything refunded, the fee stays the store's.
    const shippedOrder = await paid();
    await call(env, 'POST', `${s.url}/orders/${shippedOrder.id}/shipments`, s.merchant.headers, { carrier: 'sf', trackingNo: 'SF700200000002' });
    await refundOne(shippedOrder, 2);
    expect(await orderRow(env, shippedOrder.id)).toMatchObject({ state: 'closed_refunded', shippingFeeRefundId: null });
  });
});

async function feeOfFor(b: Buyer, lines: { skuId: string; quantity: number }[]) {
  const res = await checkout(b, lines);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { paymentId: string; orders: { id: string }[] };
}

describe('product data', () => {
  it('SKU codes are unique within a store (409 sku_code_taken), the same code in another store is fine; barcodes are checked', async () => {
    const a1 = await product(s, null, [{ price: 1000, code: 'TEA-001', barcode: '4006381333931', weight: 250 }]);
    expect(a1.live.skus[0]).toMatchObject({ code: 'TEA-001', barcode: '4006381333931', weight: 250 });
    const clash = await call(env, 'POST', `${s.url}/products`, s.merchant.headers, tee(s.categoryIds[0], { attributes: [], skus: [{ attrs: {}, price: 1000, stock: 1, code: 'TEA-001' }] }));
    expect(clash.statusCode, clash.body).toBe(409);
    expect(clash.json()).toMatchObject({ code: 'sku_code_taken', skuCode: 'TEA-001', productId: a1.id });
    await product(t, null, [{ price: 1000, code: 'TEA-001' }]);
    const twice = await call(env, 'POST', `${s.url}/products`, s.merchant.headers, tee(s.categoryIds[0], { skus: [{ attrs: { colour: 'red' }, price: 1, stock: 1, code: 'X1' }, { attrs: { colour: 'blue' }, price: 1, stock: 1, code: 'X1' }] }));
    expect(twice.json().code).toBe('sku_code_duplicate');
    // UPC-A (12 digits) and EAN-13 with the right check digit pass; a wrong digit or letters do not.
    expect((await call(env, 'POST', `${s.url}/products`, s.merchant.headers, tee(s.categoryIds[0], { attributes: [], skus: [{ attrs: {}, price: 1, stock: 1, barcode: '036000291452' }] }))).statusCode).toBe(201);
    for (const barcode of ['4006381333932', '03600029145X', '12345']) {
      const bad = await call(env, 'POST', `${s.url}/products`, s.merchant.headers, tee(s.categoryIds[0], { attributes: [], skus: [{ attrs: {}, price: 1, stock: 1, barcode }] }));
      expect(bad.statusCode, barcode).toBe(422);
      expect(bad.json().code).toBe('barcode_invalid');
    }
    // The database holds the rule too, whatever the path.
    await expect(env.ctx.db.execute(sql`update skus set code = 'TEA-001' where id = ${(await product(s, null, [{ price: 1000 }])).skuIds[0]}`)).rejects.toThrow();
  });
});

describe('freight template changes are audited', () => {
  it('creating, changing, making default and removing a template are in the store\'s audit log with before and after', async () => {
    const st = await openStore(env);
    const a = await template(st, { name: 'Flat 8', basis: 'flat', firstFee: 800 });
    const b = await template(st, { name: 'Free', basis: 'free', isDefault: true });
    const put = await call(env, 'PUT', `${st.url}/freight-templates/${a.id}`, st.merchant.headers, {
      name: 'Flat 9', basis: 'flat', firstUnits: 1, firstFee: 900, extraUnits: 1, extraFee: 0, freeAbove: null, isDefault: true, regions: [],
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((await call(env, 'DELETE', `${st.url}/freight-templates/${b.id}`, st.merchant.headers)).statusCode).toBe(204);
    // A refused change (a region twice) writes nothing, not even an audit entry.
    const bad = await call(env, 'PUT', `${st.url}/freight-templates/${a.id}`, st.merchant.headers, {
      name: 'x', basis: 'flat', firstUnits: 1, firstFee: 1, extraUnits: 1, extraFee: 0, freeAbove: null, isDefault: true,
      regions: [{ region: 'Hanoi', delivers: true, firstFee: 1, extraFee: 0 }, { region: 'hanoi', delivers: true, firstFee: 1, extraFee: 0 }],
    });
    expect(bad.statusCode).toBe(422);

    const items = (await call(env, 'GET', `${st.url}/audit?entityType=freight_template`, st.merchant.headers)).json().items as
      { action: string; entityId: string; actorName: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[];
    // Newest first.
    expect(items.map((i) => `${i.action} ${i.entityId === a.id ? 'a' : 'b'}`)).toEqual([
      'freight_template.removed b', 'freight_template.default_set a', 'freight_template.updated a',
      'freight_template.default_set b', 'freight_template.created b', 'freight_template.created a',
    ]);
    const updated = items.find((i) => i.action === 'freight_template.updated')!;
    expect(updated.before).toMatchObject({ name: 'Flat 8', firstFee: 800, isDefault: false });
    expect(updated.after).toMatchObject({ name: 'Flat 9', firstFee: 900, isDefault: true });
    expect(items[0]).toMatchObject({ before: { name: 'Free', basis: 'free' }, after: null });
    expect(items[0].actorName).toBeTruthy();
  });
});

describe('a shipping fee refund the provider refuses', () => {
  /** An order whose shipping fee refund WeChat Pay refused at every try (the sandbox forgets the trade was paid) until it failed. */
  async function refusedFeeRefund() {
    const { sandboxTransactions } = await import('../../src/modules/payments/schema.ts');
    const tpl = await template(s, { basis: 'flat', firstFee: 800 });
    const p = await product(s, tpl.id, [{ price: 5000 }]);
    const me = await buyer(env);
    const c = await feeOfFor(me, [{ skuId: p.skuIds[0], quantity: 1 }]);
    await pay(env, me, c.paymentId);
    const o = (await call(env, 'GET', `${s.url}/orders/${c.orders[0].id}`, s.merchant.headers)).json();
    const req = await askOk(env, me, o, { orderItemId: o.items[0].id, quantity: 1 });
    await accept(env, s, req.id);
    await sendRefunds(env);
    const first = (await orderRow(env, o.id)).shippingFeeRefundId!;
    expect(await refundRow(env, first)).toMatchObject({ amount: 800, state: 'pending' });

    // WeChat Pay refuses it (the sandbox forgets the trade was paid) at every try, until the last one fails it.
    const { outTradeNo } = await refundRow(env, first);
    await env.ctx.db.update(sandboxTransactions).set({ tradeState: 'CLOSED' }).where(sql`out_trade_no = ${outTradeNo}`);
    for (let i = 0; i < 20 && (await refundRow(env, first)).state !== 'failed'; i++) {
      await sendRefunds(env);
      env.clock.advance(24 * 3600_000);
    }
    expect((await refundRow(env, first)).state).toBe('failed');
    const paidAgain = () => env.ctx.db.update(sandboxTransactions).set({ tradeState: 'SUCCESS' }).where(sql`out_trade_no = ${outTradeNo}`);
    return { o, me, first, paidAgain };
  }

  it('is on the order timeline and the merchant order detail, and the merchant sends it again', async () => {
    const { o, me, first, paidAgain } = await refusedFeeRefund();
    const merchantView = async () => (await call(env, 'GET', `${s.url}/orders/${o.id}`, s.merchant.headers)).json();
    const seen = await merchantView();
    expect(seen).toMatchObject({ shippingFeeRefunded: true, shippingFeeRefundState: 'failed' });
    expect(seen.events.filter((e: { event: string }) => e.event === 'shipping_fee_refund_failed')).toEqual([
      expect.objectContaining({ actorRole: 'system', detail: expect.objectContaining({ amount: 800, refundId: first }) }),
    ]);
    // The buyer's timeline says it too.
    const buyerSeen = (await call(env, 'GET', `/api/orders/${o.id}`, me.headers)).json();
    expect(buyerSeen.shippingFeeRefundState).toBe('failed');
    expect(buyerSeen.events.map((e: { event: string }) => e.event)).toContain('shipping_fee_refund_failed');

    // Only the store sends it again: not another store, not the buyer.
    const retryUrl = `${s.url}/orders/${o.id}/retry-shipping-fee-refund`;
    expect((await call(env, 'POST', `${t.url}/orders/${o.id}/retry-shipping-fee-refund`, t.merchant.headers)).statusCode).toBe(404);
    expect((await call(env, 'POST', retryUrl, me.headers)).statusCode).toBe(403);

    await paidAgain();
    const retried = await call(env, 'POST', retryUrl, s.merchant.headers);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ shippingFeeRefundState: 'pending' });
    const second = (await orderRow(env, o.id)).shippingFeeRefundId!;
    expect(second).not.toBe(first);
    // Twice: the first retry is on its way, nothing to send again (and no second refund).
    const twice = await call(env, 'POST', retryUrl, s.merchant.headers);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('shipping_fee_refund_not_failed');

    await sendRefunds(env);
    const after = await merchantView();
    expect(after.shippingFeeRefundState).toBe('succeeded');
    expect(after.events.map((e: { event: string }) => e.event)).toEqual(expect.arrayContaining(['shipping_fee_refund_failed', 'shipping_fee_refund_retried']));
    expect(await scalar<number>(env.ctx.db, sql`select coalesce(sum(amount), 0)::int from refunds where order_id = ${o.id} and state = 'succeeded'`)).toBe(5800);
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from refunds where order_id = ${o.id} and source like 'orders:shipping_fee:%'`)).toBe(2);
  });

  it('the operator sees it in the list of refused shipping fee refunds and sends it again, audited', async () => {
    const { o, first, paidAgain } = await refusedFeeRefund();
    const listed = (await call(env, 'GET', '/api/operator/shipping-fee-refunds?limit=100', s.op.headers)).json();
    expect(listed.items.find((x: { orderId: string }) => x.orderId === o.id)).toMatchObject({ storeId: s.storeId, storeName: s.storeName, amount: 800 });
    // Only the platform: not the store's merchant, not through another path.
    expect((await call(env, 'GET', '/api/operator/shipping-fee-refunds', s.merchant.headers)).statusCode).toBe(403);
    const retryUrl = `/api/operator/orders/${o.id}/retry-shipping-fee-refund`;
    expect((await call(env, 'POST', retryUrl, s.merchant.headers)).statusCode).toBe(403);
    expect((await call(env, 'POST', `/api/operator/orders/${crypto.randomUUID()}/retry-shipping-fee-refund`, s.op.headers)).statusCode).toBe(404);

    await paidAgain();
    const retried = await call(env, 'POST', retryUrl, s.op.headers);
    expect(retried.statusCode, retried.body).toBe(204);
    const second = (await orderRow(env, o.id)).shippingFeeRefundId!;
    expect(second).not.toBe(first);
    expect((await call(env, 'POST', retryUrl, s.op.headers)).json().code).toBe('shipping_fee_refund_not_failed');
    // Off the list once sent again; on the order's timeline and in the audit log as the operator's.
    const after = (await call(env, 'GET', '/api/operator/shipping-fee-refunds?limit=100', s.op.headers)).json();
    expect(after.items.some((x: { orderId: string }) => x.orderId === o.id)).toBe(false);
    const seen = (await call(env, 'GET', `${s.url}/orders/${o.id}`, s.merchant.headers)).json();
    expect(seen.events.filter((e: { event: string }) => e.event === 'shipping_fee_refund_retried')).toEqual([expect.objectContaining({ actorRole: 'operator' })]);
    const audit = (await call(env, 'GET', `/api/operator/audit?action=order.shipping_fee_refund_retried`, s.op.headers)).json();
    expect(audit.items.find((x: { entityId: string }) => x.entityId === o.id)).toMatchObject({ before: { refundId: first }, after: expect.objectContaining({ refundId: second, amount: 800, by: 'operator' }) });

    await sendRefunds(env);
    expect((await call(env, 'GET', `${s.url}/orders/${o.id}`, s.merchant.headers)).json().shippingFeeRefundState).toBe('succeeded');
  });
});
