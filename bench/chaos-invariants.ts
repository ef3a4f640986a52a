// What must hold after any crash, restart or database outage, checked in SQL once the sweeps have finished the due
// work. Each check answers ok and how many rows break it (with a few of them to look at).
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../src/db/client.ts';

export type Check = { ok: boolean; bad: number; examples?: unknown[] };

/** Money a payment's provider transactions took, less what the provider gave back, beside the payment and its orders. */
const MONEY = sql`
  with taken as (
    select a.payment_id, sum(t.amount) filter (where t.trade_state in ('SUCCESS', 'REFUND')) as taken,
           count(*) filter (where t.trade_state in ('SUCCESS', 'REFUND')) as paid_attempts
    from payment_attempts a join sandbox_transactions t on t.out_trade_no = a.out_trade_no group by a.payment_id
  ), returned as (
    select a.payment_id, sum(r.amount) as returned
    from payment_attempts a join sandbox_refunds r on r.out_trade_no = a.out_trade_no and r.status = 'SUCCESS' group by a.payment_id
  ), live as (
    select payment_id, sum(total) filter (where state not in ('cancelled', 'awaiting_payment')) as live, count(*) as orders
    from orders where payment_id is not null group by payment_id
  )
  select p.id, p.state, p.amount, coalesce(t.taken, 0) - coalesce(r.returned, 0) as kept, coalesce(t.paid_attempts, 0) as paid_attempts,
         coalesce(l.live, 0) as live, coalesce(l.orders, 0) as orders
  from payments p left join taken t on t.payment_id = p.id left join returned r on r.payment_id = p.id left join live l on l.payment_id = p.id
  where p.purpose = 'orders'`;

async function check(db: Db, query: SQL): Promise<Check> {
  const rows = await queryRows<Record<string, unknown>>(db, query);
  return { ok: rows.length === 0, bad: rows.length, ...(rows.length ? { examples: rows.slice(0, 3) } : {}) };
}

export async function invariants(db: Db, startStock: Map<string, number>, http: { hung: number; other5xx: number; crashes: number }): Promise<Record<string, Check>> {
  const sold = new Map((await queryRows<{ id: string; stock: number; live_units: number }>(db, sql`
    select k.id, k.stock, coalesce((select sum(i.quantity) from order_items i join orders o on o.id = i.order_id where i.sku_id = k.id and o.state <> 'cancelled'), 0)::int as live_units
    from skus k`)).map((r) => [r.id, r]));
  const stockBad = [...startStock].filter(([id, start]) => {
    const now = sold.get(id);
    return !now || Number(now.stock) !== start - Number(now.live_units) || Number(now.stock) < 0;
  }).map(([id, start]) => ({ sku: id, start, ...sold.get(id) }));
  return {
    /** stock = start − units in live (not cancelled) orders, for every SKU, never below 0. */
    stock_matches_live_orders: { ok: stockBad.length === 0, bad: stockBad.length, ...(stockBad.length ? { examples: stockBad.slice(0, 3) } : {}) },
    /** A paid payment has its orders, none of them still awaiting payment. */
    paid_payments_have_their_orders: await check(db, sql`select * from (${MONEY}) m where m.state = 'paid' and (m.orders = 0 or exists (select 1 from orders o where o.payment_id = m.id and o.state = 'awaiting_payment'))`),
    /** An order past payment belongs to a paid payment. */
    paid_orders_have_a_paid_payment: await check(db, sql`select o.id, o.state, p.state as payment_state from orders o join payments p on p.id = o.payment_id where o.state not in ('awaiting_payment', 'cancelled') and p.state <> 'paid'`),
    /** The provider never keeps more than the payment's amount (two attempts paid: one is refunded). */
    nothing_paid_twice: await check(db, sql`select * from (${MONEY}) m where m.kept > m.amount`),
    /** What the provider keeps is exactly the value of the live orders: nothing paid and lost, nothing kept for a cancelled order. */
    money_kept_matches_live_orders: await check(db, sql`select * from (${MONEY}) m where m.kept <> m.live`),
    /** Every due timeout was swept: no order or payment past its deadline still awaiting, no refund overdue. */
    no_timeout_lost: await check(db, sql`
      select 'order' as what, id::text from orders where state = 'awaiting_payment' and pay_deadline < now() - interval '30 seconds'
      union all select 'payment', id::text from payments where state = 'awaiting' and expires_at < now() - interval '30 seconds'
      union all select 'refund', id::text from refunds where state in ('pending', 'processing') and next_attempt_at < now() - interval '60 seconds'`),
    /** While the database was away requests were answered 503, never another 5xx. */
    no_5xx_but_503: { ok: http.other5xx === 0, bad: http.other5xx },
    /** No Trio process exited unless it was told to (pool errors, lost listeners, a database restart). */
    no_process_crashed: { ok: http.crashes === 0, bad: http.crashes },
    /** Every request was answered (none waited past the client's timeout). */
    no_request_hung: { ok: http.hung === 0, bad: http.hung },
  };
}
