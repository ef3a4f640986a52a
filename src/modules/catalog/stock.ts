// Stock: guarded atomic moves (never below zero, whatever the concurrency), each in the stock flow log.
import { and, desc, eq, sql, type SQLWrapper } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import { products, skus, stockFlows, type STOCK_REASONS } from './schema.ts';
import { liveMachine, stockEvent } from './rules.ts';
import { bumpCatalog } from './versions.ts';

export type StockMove = { op: 'add' | 'subtract' | 'set'; quantity: number; reason?: (typeof STOCK_REASONS)[number]; note?: string };

/**
 * Moves the stock of one SKU in the caller's transaction. Subtracting more than there is fails (409) and changes
 * nothing: the update itself is guarded (`stock >= n`), so no read-then-write race can oversell.
 */
export async function moveStock(tx: Db, now: Date, actorId: string | null, storeId: string, skuId: string, move: StockMove) {
  if (!Number.isInteger(move.quantity) || move.quantity < 0 || (move.op !== 'set' && move.quantity === 0)) {
    throw new Invalid('quantity_invalid', 'The quantity is a whole number above zero (zero or more for set).');
  }
  let rows: { stock: number; delta: number; productId: string }[];
  if (move.op === 'add') {
    rows = await queryRows(tx, sql`UPDATE skus SET stock = stock + ${move.quantity}, updated_at = ${now} WHERE id = ${skuId} AND store_id = ${storeId} RETURNING stock, ${move.quantity}::int AS delta, product_id AS "productId"`);
  } else if (move.op === 'subtract') {
    rows = await queryRows(tx, sql`UPDATE skus SET stock = stock - ${move.quantity}, updated_at = ${now} WHERE id = ${skuId} AND store_id = ${storeId} AND stock >= ${move.quantity} RETURNING stock, ${-move.quantity}::int AS delta, product_id AS "productId"`);
  } else {
    rows = await queryRows(tx, sql`UPDATE skus s SET stock = ${move.quantity}, updated_at = ${now} FROM (SELECT id, stock FROM skus WHERE id = ${skuId} AND store_id = ${storeId} FOR UPDATE) old WHERE s.id = old.id RETURNING s.stock, (${move.quantity} - old.stock)::int AS delta, s.product_id AS "productId"`);
  }
  if (!rows.length) {
    const [exists] = await tx.select({ stock: skus.stock }).from(skus).where(and(eq(skus.id, skuId), eq(skus.storeId, storeId)));
    if (!exists) throw new NotFound('sku');
    throw new Conflict('stock_insufficient', `Only ${exists.stock} in stock; cannot take ${move.quantity}.`, { stock: exists.stock });
  }
  const { stock, delta, productId } = rows[0];
  await tx.insert(stockFlows).values({ storeId, skuId, delta: Number(delta), stockAfter: Number(stock), reason: move.reason ?? 'manual', note: move.note ?? null, actorId, at: now });
  await syncSoldOut(tx, now, productId);
  await bumpCatalog(tx, storeId);
  return { skuId, stock: Number(stock), delta: Number(delta) };
}

/** SQL: units left of a product over its active SKUs, what decides "sold out" (productId: a value or a column). */
export function activeStockSql(productId: SQLWrapper | string) {
  return sql<number>`(select coalesce(sum(stock), 0)::int from skus where product_id = ${productId} and active)`;
}

export async function activeStock(tx: Db, productId: string): Promise<number> {
  const [p] = await tx.select({ total: activeStockSql(productId) }).from(products).where(eq(products.id, productId));
  return Number(p?.total ?? 0);
}

/** Sold out when no active SKU has stock; listed again on restock. */
export async function syncSoldOut(tx: Db, now: Date, productId: string) {
  const [p] = await tx.select({ state: products.liveState, total: activeStockSql(productId) }).from(products).where(eq(products.id, productId));
  const ev = p && stockEvent(p.state, Number(p.total));
  if (ev) await tx.update(products).set({ liveState: liveMachine.transition(p.state, ev), updatedAt: now }).where(eq(products.id, productId));
}

export async function adjustStock(ctx: Ctx, actor: Actor, storeId: string, skuId: string, move: StockMove) {
  return inTransaction(ctx, (tx) => moveStock(tx, ctx.clock.now(), actor.kind === 'user' ? actor.userId : null, storeId, skuId, { ...move, reason: 'manual' }));
}

export async function listStockFlows(db: Db, storeId: string, q: { skuId?: string; limit: number }) {
  const rows = await db
    .select()
    .from(stockFlows)
    .where(q.skuId ? and(eq(stockFlows.storeId, storeId), eq(stockFlows.skuId, q.skuId)) : eq(stockFlows.storeId, storeId))
    .orderBy(desc(stockFlows.id))
    .limit(q.limit);
  return rows.map((r) => ({ id: r.id, skuId: r.skuId, delta: r.delta, stockAfter: r.stockAfter, reason: r.reason, note: r.note, at: r.at.toISOString() }));
}
