// Carriers: a parcel goes with a carrier of the list (GET /api/carriers), its tracking number checked against the
// carrier's format where it is known; the order shows a tracking link; parcels typed before the list still read.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/kernel/context.ts';
import { expectProblem } from '../api/support.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, checkoutOk, listedProduct, openStore, pay, type Buyer, type Store } from './fixtures.ts';

let env: TestEnv;
let s: Store;
let b: Buyer;
beforeAll(async () => {
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: '100000' });
  s = await openStore(env);
  b = await buyer(env);
});
afterAll(async () => env?.close());

async function paidOrder() {
  const p = await listedProduct(env, s, [{ price: 4000, stock: 20 }]);
  const c = await checkoutOk(env, b, [{ skuId: p.skuIds[0], quantity: 1 }]);
  await pay(env, b, c.paymentId);
  return c.orders[0].id as string;
}
const ship = (orderId: string, body: Record<string, unknown>) => call(env, 'POST', `${s.url}/orders/${orderId}/shipments`, s.merchant.headers, body);
type Shipment = { carrier: string; carrierName: string | null; trackingNo: string; trackingUrl: string | null };

describe('carriers', () => {
  it('are listed for anyone, with names in three languages', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/carriers' });
    expect(res.statusCode).toBe(200);
    const { carriers } = res.json() as { carriers: { code: string; names: Record<string, string>; pattern: string | null; hasTracking: boolean }[] };
    expect(carriers.find((c) => c.code === 'sf')).toMatchObject({ names: { en: 'SF Express', zh: '顺丰速运', vi: 'SF Express' }, pattern: '^SF\\d{12,13}$', hasTracking: true });
    expect(carriers.find((c) => c.code === 'ghn')?.names.vi).toBe('Giao Hàng Nhanh (GHN)');
    expect(carriers.find((c) => c.code === 'other')).toMatchObject({ pattern: null, hasTracking: false });
  });

  it('check the tracking number against the carrier format; the order shows the tracking link to buyer and merchant', async () => {
    const id = await paidOrder();
    const bad = expectProblem(await ship(id, { carrier: 'sf', trackingNo: 'SF123' }), 422, 'tracking_number_invalid');
    expect(bad.detail).toContain('SF followed by 12 or 13 digits');
    expectProblem(await ship(id, { carrier: 'vnpost', trackingNo: 'EB12345678VN' }), 422, 'tracking_number_invalid');
    expectProblem(await ship(id, { carrier: 'zto', trackingNo: 'ab' }), 422, 'tracking_number_invalid');
    expectProblem(await ship(id, { carrier: 'dhl-ish', trackingNo: 'SF1234567890123' }), 400, 'validation_failed');
    expectProblem(await ship(id, { carrier: 'other', trackingNo: 'BX123456789' }), 422, 'carrier_name_required');
    const order = (await call(env, 'GET', `/api/orders/${id}`, b.headers)).json();
    expect(order).toMatchObject({ state: 'awaiting_shipment', shipments: [] });

    const shipped = await ship(id, { carrier: 'sf', trackingNo: ' sf1234567890123 ' });
    expect(shipped.statusCode, shipped.body).toBe(201);
    const expected = { carrier: 'sf', carrierName: null, trackingNo: 'SF1234567890123', trackingUrl: 'https://www.kuaidi100.com/chaxun?com=shunfeng&nu=SF1234567890123' };
    expect(shipped.json().shipments).toMatchObject([expected]);
    expect((await call(env, 'GET', `/api/orders/${id}`, b.headers)).json().shipments).toMatchObject([expected]);
  });

  it('"other" keeps the typed name and gets no link; a carrier without a known format takes letters and digits', async () => {
    const id = await paidOrder();
    const res = await ship(id, { carrier: 'other', carrierName: 'Best Express 百世', trackingNo: 'BX-2026-0001' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().shipments as Shipment[]).toMatchObject([{ carrier: 'other', carrierName: 'Best Express 百世', trackingNo: 'BX-2026-0001', trackingUrl: null }]);
    const vn = await paidOrder();
    const ghn = await ship(vn, { carrier: 'ghn', carrierName: 'ignored', trackingNo: 'lk3q9xcv' });
    expect(ghn.json().shipments).toMatchObject([{ carrier: 'ghn', carrierName: null, trackingNo: 'LK3Q9XCV', trackingUrl: 'https://donhang.ghn.vn/?order_code=LK3Q9XCV' }]);
  });

  it('shipments typed as free text before the list still read, and the migration names their carriers', async () => {
    const [known, unknown] = [await paidOrder(), await paidOrder()];
    const now = env.clock.now();
    await env.ctx.db.execute(sql`insert into shipments (order_id, store_id, carrier, tracking_no, created_at) values
      (${known}, ${s.storeId}, 'SF Express 顺丰', 'SF1000007', ${now}), (${unknown}, ${s.storeId}, 'Best Express 百世', 'BX77', ${now})`);
    const read = async (id: string) => (await call(env, 'GET', `${s.url}/orders/${id}`, s.merchant.headers)).json().shipments as Shipment[];
    expect(await read(unknown)).toMatchObject([{ carrier: 'other', carrierName: 'Best Express 百世', trackingNo: 'BX77', trackingUrl: null }]);

    const dir = path.join(import.meta.dirname, '../../src/db/migrations');
    const file = path.join(dir, readdirSync(dir).find((f) => f.endsWith('_carriers_sql.sql'))!);
    const statements = readFileSync(file, 'utf8').split('--> statement-breakpoint');
    await inTransaction(env.ctx, async (tx) => { for (const st of statements) await tx.execute(sql.raw(st)); });
    expect(await read(known)).toMatchObject([{ carrier: 'sf', carrierName: null, trackingNo: 'SF1000007', trackingUrl: expect.stringContaining('nu=SF1000007') }]);
    expect(await read(unknown)).toMatchObject([{ carrier: 'other', carrierName: 'Best Express 百世', trackingNo: 'BX77', trackingUrl: null }]);
    const rows = await env.ctx.db.execute(sql`select carrier, carrier_name from shipments where order_id = ${unknown}`);
    expect((rows as unknown as { rows: unknown[] }).rows).toEqual([{ carrier: 'other', carrier_name: 'Best Express 百世' }]);
  });
});
