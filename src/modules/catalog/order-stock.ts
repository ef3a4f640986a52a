// Stock taken by orders and given back when they are cancelled: one guarded statement for all lines of a checkout
// (never below zero, whatever the concurrency), each move in the stock flow log.
import { sql, type SQL } from 'drizzle-orm';
import { pgArray, queryPrepared, queryRows, type Db } from '../../db/client.ts';
import { trimOldest } from '../../kernel/bounded-set.ts';
import { AppError, Conflict, NotFound } from '../../kernel/errors.ts';
import { PreparedProblem } from '../../kernel/problem.ts';
import { UnitsGate, type Pass } from '../../kernel/units-gate.ts';
import { commissionBpSql, storeNameSql } from '../merchants/index.ts';
import type { Channel } from './schema.ts';
import { channelEnabled } from './storefront.ts';
import { syncSoldOut } from './stock.ts';
import { bumpCatalog, catalogBumpCtes, type CatalogCache } from './versions.ts';
import { liveMachine } from './rules.ts';

export type OrderLine = { skuId: string; quantity: number };
/** What an order needs of a SKU it took: the price and the product's facts at that moment. */
export type TakenSku = {
  skuId: string; storeId: string; productId: string; categoryId: number; title: string; attrs: Record<string, string>;
  imageId: string | null; price: number; currency: string; stock: number; quantity: number; commissionBp: number; storeName: string;
};

/**
 * Takes stock for every line in the caller's transaction, or throws and takes none: 404 sku_not_found,
 * 409 product_not_available (not listed, inactive SKU, or not sold in the channel), 409 stock_insufficient.
 * Rows are locked in id order, so two checkouts over the same SKUs cannot deadlock.
 */
export async function takeStockForOrder(tx: Db, now: Date, channel: Channel, lines: OrderLine[], note: string): Promise<TakenSku[]> {
  const sorted = sortLines(lines);
  if (sorted.length > 1) await tx.execute(sql`select 1 from skus where id = any(${pgArray(sorted.map((l) => l.skuId))}::uuid[]) order by id for update`);
  const rows = await queryPrepared<TakenSku & { price: string | number }>(tx, 'trio_take_stock', sql`
    with taken as (${takeStockSql(now, channel, sorted)}),
    flows as (${stockFlowsSql(now, note)})
    select t.id as "skuId", t.store_id as "storeId", t.product_id as "productId", t.category_id as "categoryId", t.title, t.attrs,
      t.image_id as "imageId", t.price, t.currency, t.stock, t.quantity, ${commissionBpSql(sql`t.category_id`)} as "commissionBp",
      ${storeNameSql(sql`t.store_id`)} as "storeName"
    from taken t`);
  if (rows.length < sorted.length) {
    await explainShortfall(tx, channel, sorted, new Set(rows.map((r) => r.skuId)));
    throw new Conflict('concurrent_update', 'Stock changed while you ordered: try again.');
  }
  const taken = rows.map((r) => ({ ...r, price: Number(r.price), stock: Number(r.stock), quantity: Number(r.quantity), commissionBp: Number(r.commissionBp) }));
  await stockTaken(tx, now, taken);
  return taken;
}

/** Lines in SKU id order: every statement that locks several SKUs locks them in this order, so none can deadlock. */
export function sortLines<T extends OrderLine>(lines: T[]): T[] {
  return [...lines].sort((a, b) => (a.skuId < b.skuId ? -1 : a.skuId > b.skuId ? 1 : 0));
}

/**
 * The guarded update that takes stock for sorted lines, for a CTE named `taken`: a line whose SKU is not on sale
 * in the channel or has too little stock is left alone (the caller compares counts). `guard` adds a condition.
 */
export function takeStockSql(now: Date, channel: Channel, sorted: OrderLine[], guard: SQL = sql`true`) {
  return sql`update skus s set stock = s.stock - w.quantity, updated_at = ${now}
    from unnest(${pgArray(sorted.map((l) => l.skuId))}::uuid[], ${pgArray(sorted.map((l) => l.quantity))}::int[]) as w(sku_id, quantity), products p
    where s.id = w.sku_id and p.id = s.product_id and s.active and p.live_state = 'listed'
      and ${channelEnabled(channel)} and s.stock >= w.quantity and ${guard}
    returning s.id, s.store_id, s.product_id, s.attrs, s.price, s.currency, s.stock, w.quantity,
      p.title, p.category_id, p.image_ids->>0 as image_id, p.freight_template_id, s.weight`;
}

/** The stock flow rows of a `taken` CTE. */
export function stockFlowsSql(now: Date, note: string) {
  return sql`insert into stock_flows (store_id, sku_id, delta, stock_after, reason, note, at)
    select store_id, id, -quantity, stock, 'order', ${note}, ${now} from taken`;
}

/**
 * CTEs after `taken`, for a statement that takes stock on its own (no transaction around it): products whose last
 * active unit went are sold out (as syncSoldOut does) and the catalog moves; the final select must read
 * `catalog_notified`, and call catalogChangedHere() when it did.
 */
export function soldOutCtes(now: Date) {
  return sql`sold_out as (
      update products p set live_state = ${liveMachine.transition('listed', 'sell_out')}, updated_at = ${now}
      where p.id in (select product_id from taken where stock = 0) and p.live_state = 'listed'
        and not exists (select 1 from skus o where o.product_id = p.id and o.active and o.stock > 0 and o.id <> all (array(select id from taken)))
      returning p.id),
    ${catalogBumpCtes(sql`exists (select 1 from sold_out)`)}`;
}

/** After stock was taken: products whose last unit went are sold out (and the caches are told). */
export async function stockTaken(tx: Db, now: Date, taken: { stock: number; productId: string; storeId: string }[]) {
  const emptied = taken.filter((r) => r.stock === 0);
  if (emptied.length) await availabilityChanged(tx, now, emptied.map((r) => r.productId), emptied[0].storeId);
}

/**
 * Says why lines could not be taken (they were not, or were only in part): 404 sku_not_found, 409 product_not_available or stock_insufficient. */
export async function explainShortfall(tx: Db, channel: Channel, lines: OrderLine[], done: Set<string>): Promise<void> {
  const missing = lines.filter((l) => !done.has(l.skuId));
  const facts = await queryRows<{ id: string; stock: number; active: boolean; liveState: string; inChannel: boolean }>(tx, sql`
    select s.id, s.stock, s.active, p.live_state as "liveState", ${channelEnabled(channel)} as "inChannel"
    from skus s join products p on p.id = s.product_id where s.id = any(${pgArray(missing.map((l) => l.skuId))}::uuid[])`);
  const byId = new Map(facts.map((f) => [f.id, f]));
  for (const line of missing) {
    const f = byId.get(line.skuId);
    if (!f) throw new NotFound('sku', { skuId: line.skuId });
    // Sold out is a matter of stock: the buyer is told how many are left (none).
    if (!f.active || !['listed', 'sold_out'].includes(f.liveState) || !f.inChannel) {
      throw new Conflict('product_not_available', 'This product is no longer on sale here. Remove it from your order.', { skuId: line.skuId });
    }
  }
  const short = missing.map((l) => ({ l, f: byId.get(l.skuId)! })).find(({ l, f }) => f.stock < l.quantity);
  if (short) throw shortOfStock(short.l.skuId, short.f.stock);
}

const onlyLeft = (stock: number) => `Only ${stock} left; lower the quantity and try again.`;
const shortOfStock = (skuId: string, stock: number) => new Conflict('stock_insufficient', onlyLeft(stock), { skuId, stock });

/**
 * SKUs a read found with no stock left, known to this process without asking the database, and never wrong in
 * another: each is remembered in the catalog cache under the stamp taken before the read that found it empty, and
 * every way stock comes back from zero moves the catalog version (moveStock, returnStockForOrder from zero, product
 * edits), NOTIFYed to every process, which forgets them all then. So the buyers of a flash sale who can no longer
 * win are answered 409 stock_insufficient without a statement on the SKU's row (nor, with the listener up, any
 * pooled connection); a SKU not known empty is left to the guarded update, which decides.
 */
export class SoldOutSkus {
  /** Checkouts of one line under way here, per SKU, and the units last seen left (see UnitsGate for the rule). */
  private gate: UnitsGate;

  /** `slots`: checkouts per SKU let through at once (the orders module sends them several per statement). */
  constructor(private cache: CatalogCache, slots?: number) {
    this.gate = new UnitsGate(undefined, slots);
  }

  /**
   * A one-line checkout's turn on its SKU: a pass (done() once its statement answered, with the stock it left) or,
   * when every unit known left is being taken by checkouts under way in this process, the 409 at once (the buyer may
   * try again: a unit comes back when one of them fails). Checkouts of several lines are not gated: the guarded
   * update alone decides for them (two gates waited for in turn could deadlock).
   */
  async turn(lines: OrderLine[]): Promise<Pass | PreparedProblem | null> {
    if (lines.length !== 1) return null;
    const { skuId, quantity } = lines[0];
    const turn = await this.gate.enter(skuId, quantity);
    if (turn !== 'taken') return turn;
    return this.refused(`held:${skuId}`, () => new PreparedProblem(409, 'stock_insufficient', 'The last units are in other buyers\' checkouts right now: try again in a moment.', { skuId, stock: 0, held: true }));
  }

  /** The refusals this process gives a crowd, each made once (per SKU; the oldest forgotten past 10,000). */
  private refusals = new Map<string, PreparedProblem>();
  private refused(key: string, make: () => PreparedProblem): PreparedProblem {
    let p = this.refusals.get(key);
    if (!p) {
      this.refusals.set(key, (p = make()));
      trimOldest(this.refusals, 10_000);
    }
    return p;
  }

  /** The stock a refusal said was left (to teach the gate), if it said. */
  static stockIn(err: unknown): number | undefined {
    return err instanceof AppError && err.code === 'stock_insufficient' && !err.extra.held && typeof err.extra.stock === 'number' ? err.extra.stock : undefined;
  }

  /** The 409 for the first line whose SKU is known empty, or null. */
  async refusal(lines: OrderLine[]): Promise<PreparedProblem | null> {
    for (const l of lines) if (await this.cache.peek(key(l.skuId))) return this.refused(`empty:${l.skuId}`, () => new PreparedProblem(409, 'stock_insufficient', onlyLeft(0), { skuId: l.skuId, stock: 0 }));
    return null;
  }

  /**
   * Runs the read that explains a refusal, and learns from its 409 under a stamp read from the database just before
   * that read (not the one heard at the request's start): the buyers who arrived before the SKU ran out (most of a
   * flash sale's crowd) and are refused after it teach every later request, once this process has heard of the
   * sell-out's catalog move, and those are answered without a statement.
   */
  async explained<T>(read: () => Promise<T>): Promise<T> {
    const stamp = await this.cache.stampRead();
    try {
      return await read();
    } catch (err) {
      this.learn(stamp, err);
      throw err;
    }
  }

  /** Learns from a refusal (read after `stamp` was taken): a SKU with no stock left. */
  learn(stamp: string, err: unknown) {
    if (err instanceof AppError && err.code === 'stock_insufficient' && err.extra.stock === 0 && !err.extra.held && typeof err.extra.skuId === 'string') {
      this.cache.remember(key(err.extra.skuId), true, stamp);
    }
  }
}

const key = (skuId: string) => `sku-empty:${skuId}`;

/** Gives back the stock of cancelled order lines, in the caller's transaction. */
export async function returnStockForOrder(tx: Db, now: Date, lines: OrderLine[], note: string) {
  if (!lines.length) return;
  const sorted = sortLines(lines);
  const rows = await queryRows<{ productId: string; storeId: string; stock: number; quantity: number }>(tx, sql`
    with back as (select * from unnest(${pgArray(sorted.map((l) => l.skuId))}::uuid[], ${pgArray(sorted.map((l) => l.quantity))}::int[]) as b(sku_id, quantity)),
    moved as (
      update skus s set stock = s.stock + b.quantity, updated_at = ${now} from back b where s.id = b.sku_id
      returning s.id, s.store_id, s.product_id, s.stock, b.quantity
    ),
    flows as (insert into stock_flows (store_id, sku_id, delta, stock_after, reason, note, at) select store_id, id, quantity, stock, 'cancel', ${note}, ${now} from moved)
    select product_id as "productId", store_id as "storeId", stock, quantity from moved`);
  // Only a SKU coming back from zero changes what buyers see (availability, sold out).
  const refilled = rows.filter((r) => Number(r.stock) === Number(r.quantity));
  if (refilled.length) await availabilityChanged(tx, now, refilled.map((r) => r.productId), refilled[0].storeId);
}

/**
 * A SKU ran out or came back: move the product between listed and sold out, and tell the caches. Stock counts
 * that move without changing availability do not invalidate the storefront cache (a checkout checks stock itself),
 * so a busy checkout does not serialise on the catalog version row.
 */
async function availabilityChanged(tx: Db, now: Date, productIds: string[], storeId: string) {
  for (const productId of new Set(productIds)) await syncSoldOut(tx, now, productId);
  await bumpCatalog(tx, storeId);
}

/** What a cart shows of its SKUs now: the current price and stock, and whether it can be bought in the channel. */
export type SkuFacts = {
  skuId: string; storeId: string; productId: string; title: string; attrs: Record<string, string>; imageId: string | null;
  price: number; currency: string; stock: number; onSale: boolean;
  /** The SKU's member price (members of the store's program pay it, or their level's price when lower), or null. */
  memberPrice: number | null;
};

export async function skuFacts(db: Db, skuIds: string[], channel: Channel): Promise<Map<string, SkuFacts>> {
  if (!skuIds.length) return new Map();
  const rows = await queryRows<SkuFactsRow>(db, skuFactsSql(sql`${pgArray(skuIds)}::uuid[]`, channel));
  return new Map(rows.map((r) => [r.skuId, toSkuFacts(r)]));
}

/** A row of skuFactsSql (as the driver or json_agg gives it: money may come as text). */
export type SkuFactsRow = SkuFacts & { price: string | number; memberPrice: string | number | null; stock: string | number };

/** The select of skuFacts over `skuIds` (an expression of uuid[]), for a statement that reads more beside it. */
export function skuFactsSql(skuIds: SQL, channel: Channel) {
  return sql`select s.id as "skuId", s.store_id as "storeId", s.product_id as "productId", p.title, s.attrs, p.image_ids->>0 as "imageId",
      s.price, s.member_price as "memberPrice", s.currency, s.stock, (s.active and p.live_state in ('listed', 'sold_out') and ${channelEnabled(channel)}) as "onSale"
    from skus s join products p on p.id = s.product_id where s.id = any(${skuIds})`;
}

export const toSkuFacts = (r: SkuFactsRow): SkuFacts => ({ ...r, price: Number(r.price), stock: Number(r.stock), memberPrice: r.memberPrice === null ? null : Number(r.memberPrice) });
