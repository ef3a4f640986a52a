// Notifications: replayed or concurrent duplicates pay once; forged, altered, stale, wrong-serial or
// wrongly-encrypted ones are refused and change nothing; an amount other than the payment's is refused.
import { createCipheriv, generateKeyPairSync } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentNotifications } from '../../src/modules/payments/schema.ts';
import { rsaSign, signedHeaders } from '../../src/modules/payments/wechatpay/sign.ts';
import { signUp, onPostgres } from '../helpers.ts';
import { cluster, rows } from '../api/support.ts';
import { deliver, listen, newPayment, paidNotification, prepay, sandboxKeys } from './support.ts';

// Several apps over one database: on PostgreSQL each with its own pool (real concurrent connections).
let c: Awaited<ReturnType<typeof cluster>>;
let buyer: Awaited<ReturnType<typeof signUp>>;
const heard = listen();
const env = () => ({ ctx: c.ctx, clock: c.clock });
beforeAll(async () => {
  c = await cluster(4);
  buyer = await signUp(c.apps[0], 'buyer');
});
afterAll(async () => { await c?.close(); });

const paymentRows = async () => ({
  payments: await rows(c.ctx.db, 'payments', 'id'),
  attempts: await rows(c.ctx.db, 'payment_attempts', 'out_trade_no'),
  refunds: await rows(c.ctx.db, 'refunds', 'id'),
});
const outcomes = async (outTradeNo: string) =>
  (await c.ctx.db.select().from(paymentNotifications).where(eq(paymentNotifications.outTradeNo, outTradeNo)).orderBy(paymentNotifications.id)).map((n) => n.outcome);

async function awaitingWithNotification(amount = 9_900) {
  const paymentId = await newPayment(env(), buyer.userId, amount);
  const { outTradeNo } = await prepay(c.apps[0], buyer, paymentId);
  return { paymentId, outTradeNo, n: await paidNotification(env(), outTradeNo) };
}

describe('duplicates pay once', () => {
  it('the same notification replayed 100 times', async () => {
    const { paymentId, outTradeNo, n } = await awaitingWithNotification();
    for (let i = 0; i < 100; i++) {
      const res = await deliver(c.app(i), n);
      expect(res.statusCode).toBe(204);
    }
    expect(heard.succeeded.filter((e) => e.paymentId === paymentId)).toHaveLength(1);
    const list = await outcomes(outTradeNo);
    expect(list.filter((o) => o === 'applied')).toHaveLength(1);
    expect(list.filter((o) => o === 'duplicate')).toHaveLength(99);
  });

  it(`20 concurrent duplicates${onPostgres ? ' over 4 apps with their own connections' : ''}`, async () => {
    const { paymentId, outTradeNo, n } = await awaitingWithNotification(4_321);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => deliver(c.app(i), n)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(204));
    expect(heard.succeeded.filter((e) => e.paymentId === paymentId)).toHaveLength(1);
    const list = await outcomes(outTradeNo);
    expect(list.filter((o) => o === 'applied')).toHaveLength(1);
    expect(list.filter((o) => o === 'duplicate')).toHaveLength(19);
    const [p] = await rows(c.ctx.db, `payments where id = '${paymentId}'`);
    expect(p).toMatchObject({ state: 'paid', paid_out_trade_no: outTradeNo });
  });
});

describe('refused notifications change nothing', () => {
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });

  it('forged, altered, stale, wrong serial, signature probe, undecryptable, for another merchant', async () => {
    const { paymentId, outTradeNo, n } = await awaitingWithNotification(5_000);
    const keys = await sandboxKeys(env());
    const now = c.clock.now();
    const resign = (body: string, over: Record<string, string> = {}) => ({ headers: { 'content-type': 'application/json', ...signedHeaders({ serialNo: keys.platformSerial, privateKey: keys.platformPrivate }, body, now), ...over }, body });
    const envelope = JSON.parse(n.body);
    const withResource = (resource: object) => resign(JSON.stringify({ ...envelope, resource }));
    // A resource encrypted with a key other than the API v3 key.
    const cipher = createCipheriv('aes-256-gcm', Buffer.from('Z'.repeat(32)), Buffer.from(envelope.resource.nonce));
    cipher.setAAD(Buffer.from('transaction'));
    const foreign = Buffer.concat([cipher.update('{"trade_state":"SUCCESS"}'), cipher.final(), cipher.getAuthTag()]).toString('base64');
    const forgeries: [string, { headers: Record<string, string>; body: string }, number][] = [
      ['signed with another key', { headers: { ...n.headers, 'wechatpay-signature': rsaSign(stranger.privateKey, `${n.headers['wechatpay-timestamp']}\n${n.headers['wechatpay-nonce']}\n${n.body}\n`) }, body: n.body }, 401],
      ['body altered after signing', { headers: n.headers, body: n.body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESS" ') }, 401],
      ['another serial', { headers: { ...n.headers, 'wechatpay-serial': 'PUB_KEY_ID_0114232020000000000000000000' }, body: n.body }, 401],
      ['a signature probe', { headers: { ...n.headers, 'wechatpay-signature': 'WECHATPAY/SIGNTEST/9b6e1d0f' }, body: n.body }, 401],
      ['no signature', { headers: { 'content-type': 'application/json' }, body: n.body }, 401],
      ['resource from another API v3 key', withResource({ ...envelope.resource, ciphertext: foreign }), 400],
      ['resource tampered', withResource({ ...envelope.resource, associated_data: 'refund' }), 400],
      ['not JSON', resign('hello'), 400],
    ];
    const before = await paymentRows();
    for (const [what, forged, status] of forgeries) {
      const res = await deliver(c.app(0), forged);
      expect({ what, status: res.statusCode }).toEqual({ what, status });
      expect(res.json()).toMatchObject({ code: 'FAIL' });
    }
    // The genuine notification, replayed after the allowed age: stale.
    c.clock.advance(6 * 60_000);
    expect((await deliver(c.app(1), n)).statusCode).toBe(401);
    expect(await paymentRows()).toEqual(before);
    expect(heard.succeeded.filter((e) => e.paymentId === paymentId)).toHaveLength(0);
    const refused = await c.ctx.db.select().from(paymentNotifications).where(eq(paymentNotifications.receivedAt, c.clock.now()));
    expect(refused.map((r) => r.outcome)).toEqual(['refused_signature']);
    expect(refused[0].detail).toMatch(/stale_timestamp/);

    // Another merchant's transaction, perfectly signed.
    const other = await paidNotification(env(), outTradeNo, (t) => ({ ...t, mchid: '1900000000' }));
    expect((await deliver(c.app(0), other)).statusCode).toBe(400);
    expect(await paymentRows()).toEqual(before);
    expect((await outcomes(outTradeNo)).at(-1)).toBe('refused_merchant');
  });

  it('an amount other than the attempt\'s is refused (and logged as an error), the payment stays awaiting', async () => {
    const paymentId = await newPayment(env(), buyer.userId, 3_000);
    const { outTradeNo } = await prepay(c.apps[0], buyer, paymentId);
    const before = await paymentRows();
    for (const change of [
      (t: { amount: object }) => ({ ...t, amount: { ...t.amount, total: 2_999 } }),
      (t: { amount: object }) => ({ ...t, amount: { ...t.amount, total: 30_000 } }),
      (t: { amount: object }) => ({ ...t, amount: { ...t.amount, currency: 'USD' } }),
    ]) {
      const res = await deliver(c.app(0), await paidNotification(env(), outTradeNo, change));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'FAIL' });
    }
    expect(await paymentRows()).toEqual(before);
    expect(await outcomes(outTradeNo)).toEqual(['refused_amount', 'refused_amount', 'refused_amount']);
    expect(heard.succeeded.filter((e) => e.paymentId === paymentId)).toHaveLength(0);
  });

  it('an unknown out_trade_no is refused', async () => {
    const paymentId = await newPayment(env(), buyer.userId, 1_000);
    const { outTradeNo } = await prepay(c.apps[0], buyer, paymentId);
    const res = await deliver(c.app(0), await paidNotification(env(), outTradeNo, (t) => ({ ...t, out_trade_no: 'nosuchtrade0001' })));
    expect(res.statusCode).toBe(404);
    expect(await outcomes('nosuchtrade0001')).toEqual(['refused_unknown_trade']);
  });
});
