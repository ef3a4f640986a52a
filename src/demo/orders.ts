// Demo orders, made on first start through the public API exactly as buyers and merchants would: carts, checkouts,
// payments in the sandbox cashier, shipments, receipts. So the consoles open on real orders in every state.
// A start cut short part way is taken up again by the next: each step looks first at what is there (the buyers'
// checkouts in order, their payments' and orders' states), so nothing is made twice. The last step (the toy shop's
// withdrawal account) says they are complete.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import type { Ctx } from '../kernel/context.ts';
import { openSession } from '../modules/accounts/index.ts';

type Headers = Record<string, string>;

/** Whether the demo orders were all made (their last step done), on this database. */
export async function demoOrdersComplete(ctx: Ctx): Promise<boolean> {
  const [row] = await queryRows<{ done: boolean }>(ctx.db, sql`
    select exists (select 1 from store_receivers r join store_members m on m.store_id = r.store_id and m.role = 'owner'
      join users u on u.id = m.user_id where u.email = 'toys@trio.demo') as done`);
  return row.done;
}

/** Makes the demo orders, or those a start cut short did not make; how many orders were made now. */
export async function seedDemoOrders(app: FastifyInstance, ctx: Ctx) {
  // Paid at the sandbox's cashier: with a real provider they would be real prepays, so there are none.
  if (ctx.config.paymentProvider !== 'sandbox') return 0;
  if (await demoOrdersComplete(ctx)) return 0;
  const call = async (method: string, url: string, headers: Headers, payload?: object) => {
    const res = await app.inject({ method: method as 'GET', url, headers, ...(payload ? { payload } : {}) });
    if (res.statusCode >= 300) throw new Error(`demo orders: ${method} ${url} answered ${res.statusCode}: ${res.body}`);
    return res.json();
  };
  // The demo's own accounts get their sessions directly: a sign-in checks the password with scrypt, 32 MiB each, and
  // four of them were the highest point of a first start's memory.
  const signIn = async (email: string): Promise<Headers> => {
    const [user] = await queryRows<{ id: string }>(ctx.db, sql`select id from users where email = ${email}`);
    return { authorization: `Bearer ${(await openSession(ctx, user.id)).token}` };
  };
  // A few in-stock SKUs of the tea and toy shops, cheapest first.
  const skus = await queryRows<{ id: string; storeId: string; email: string }>(ctx.db, sql`
    select id, "storeId", email from (
      select s.id, s.store_id as "storeId", u.email, row_number() over (partition by s.store_id order by s.price, s.id) as n from skus s
      join products p on p.id = s.product_id and p.live_state = 'listed'
      join store_members m on m.store_id = s.store_id and m.role = 'owner' join users u on u.id = m.user_id
      where u.email in ('tea@trio.demo', 'toys@trio.demo') and s.active and s.stock >= 20) x
    where n <= 20 order by email, n`);
  const tea = skus.filter((s) => s.email === 'tea@trio.demo');
  const toys = skus.filter((s) => s.email === 'toys@trio.demo');
  if (tea.length < 10 || toys.length < 10) return 0;
  const merchants: Record<string, Headers> = { [tea[0].storeId]: await signIn('tea@trio.demo'), [toys[0].storeId]: await signIn('toys@trio.demo') };
  const buyers = [await signIn('lin@trio.demo'), await signIn('minh@trio.demo')];
  // Shipping fees: the tea shop charges by piece (more to Hà Nội, nothing to 新疆), free from ¥99; the toy shop a flat ¥10, free from ¥199.
  const madeTemplates = new Set((await queryRows<{ key: string }>(ctx.db, sql`select store_id || '|' || name as key from freight_templates`)).map((r) => r.key));
  const freight = async (storeId: string, body: { name: string } & Record<string, unknown>) => madeTemplates.has(`${storeId}|${body.name}`) || call('POST', `/api/merchant/stores/${storeId}/freight-templates`, merchants[storeId], {
    firstUnits: 1, firstFee: 0, extraUnits: 1, extraFee: 0, freeAbove: null, isDefault: true, regions: [], ...body,
  });
  await freight(tea[0].storeId, {
    name: '按件计费 By piece', basis: 'piece', firstFee: 800, extraFee: 200, freeAbove: 9900,
    regions: [{ region: 'Hà Nội', delivers: true, firstFee: 3000, extraFee: 1000 }, { region: '新疆', delivers: false, firstFee: 0, extraFee: 0 }],
  });
  await freight(tea[0].storeId, { name: '包邮 Free shipping', basis: 'free', isDefault: false });
  await freight(toys[0].storeId, { name: '每单 ¥10 Flat', basis: 'flat', firstFee: 1000, freeAbove: 19900 });
  const address = async (b: Headers, body: object) => (await call('GET', '/api/addresses', b)).length || call('POST', '/api/addresses', b, body);
  await address(buyers[0], { name: '林晓雨', phone: '+86 138 1234 5678', region: '上海市 徐汇区', line: '漕溪北路 88 号 1201 室', postalCode: '200030', isDefault: true });
  await address(buyers[1], { name: 'Trần Minh', phone: '+84 912 345 678', region: 'Hà Nội, Ba Đình', line: '12 Phố Đội Cấn', isDefault: true });
  const addressOf = async (b: Headers) => (await call('GET', '/api/addresses', b))[0].id as string;

  // step: how far each checkout goes. 0 unpaid, 1 paid, 2 partly shipped, 3 shipped, 4 received.
  const plan = [0, 1, 1, 2, 3, 3, 4, 4, 0, 1, 3, 4];
  // The checkouts made already (by a start cut short), each buyer's in order: the plan alternates the two buyers.
  const made = await queryRows<{ email: string; paymentId: string; paid: boolean }>(ctx.db, sql`
    select u.email, p.id as "paymentId", p.state = 'paid' as paid from users u
      join payments p on p.id in (select o.payment_id from orders o where o.buyer_id = u.id) and p.payer_id = u.id
    where u.email in ('lin@trio.demo', 'minh@trio.demo') and p.purpose = 'orders' order by p.created_at, p.id`);
  const earlier = (n: number) => made.filter((p) => p.email === (n % 2 ? 'minh@trio.demo' : 'lin@trio.demo'))[Math.floor(n / 2)];
  const ordersOf = (paymentId: string) => queryRows<{ id: string; storeId: string; state: string; items: { id: string }[] }>(ctx.db, sql`
    select o.id, o.store_id as "storeId", o.state, (select json_agg(json_build_object('id', i.id) order by i.id) from order_items i where i.order_id = o.id) as items
    from orders o where o.payment_id = ${paymentId} order by o.id`);
  let count = 0;
  for (const [n, step] of plan.entries()) {
    const buyer = buyers[n % 2];
    let checkout = earlier(n);
    if (!checkout) {
      // Lines a start cut short put in the cart before its checkout go first.
      for (const line of (await call('GET', '/api/cart', buyer)).lines as { skuId: string }[]) await call('DELETE', `/api/cart/lines/${line.skuId}`, buyer);
      const lines = [tea[n % tea.length], toys[(n * 3) % toys.length], ...(n % 3 === 0 ? [tea[(n + 5) % tea.length]] : [])];
      for (const l of lines) await call('POST', '/api/cart/lines', buyer, { skuId: l.id, quantity: 1 + (n % 2) });
      const out = await call('POST', '/api/checkout', { ...buyer, 'idempotency-key': `demo-${n}` }, { addressId: await addressOf(buyer) });
      count += out.orders.length;
      checkout = { email: '', paymentId: out.paymentId, paid: false };
    }
    if (step === 0) continue;
    if (!checkout.paid) {
      const pre = await call('POST', `/api/payments/${checkout.paymentId}/prepay`, buyer, { method: 'native' });
      await call('POST', `/api/sandbox/cashier/${(pre.cashierUrl as string).split('/').pop()}/pay`, {});
    }
    if (step < 2) continue;
    for (const o of await ordersOf(checkout.paymentId)) {
      const m = merchants[o.storeId];
      const url = `/api/merchant/stores/${o.storeId}/orders/${o.id}`;
      const partial = step === 2 && o.items.length > 1;
      if (o.state === 'awaiting_shipment') {
        await call('POST', `${url}/shipments`, m, { carrier: n % 2 ? 'sf' : 'zto', trackingNo: `${n % 2 ? 'SF' : 'ZT'}${String(100_000_000_000 + n * 7919 + o.items.length)}`, ...(partial ? { itemIds: [o.items[0].id] } : {}) });
      }
      if (step === 4 && (o.state === 'awaiting_shipment' || o.state === 'awaiting_receipt')) await call('POST', `/api/orders/${o.id}/confirm-receipt`, buyer);
    }
  }
  // The toy shop has the account its withdrawals are paid to (registered with the sandbox's profit sharing).
  await call('PUT', `/api/merchant/stores/${toys[0].storeId}/withdrawal-receiver`, merchants[toys[0].storeId], { type: 'MERCHANT_ID', account: '1900000109', name: '小熊猫玩具（杭州）有限公司' });
  return count;
}
