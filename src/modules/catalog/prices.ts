// One price everywhere: the one-click price change, for one SKU or a selection, with preview and history.
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { priceHistory, products, skus } from './schema.ts';
import { newPrice, type PriceChange } from './rules.ts';
import { bumpCatalog } from './versions.ts';

export type PriceSelection = { all?: boolean; categoryId?: number; productIds?: string[]; skuIds?: string[] };

async function selectedSkus(db: Db, storeId: string, sel: PriceSelection, lock: boolean) {
  const conds: SQL[] = [eq(skus.storeId, storeId), eq(skus.active, true)];
  if (sel.skuIds?.length) conds.push(inArray(skus.id, sel.skuIds));
  if (sel.productIds?.length) conds.push(inArray(skus.productId, sel.productIds));
  if (sel.categoryId) conds.push(sql`${skus.productId} in (select id from products where store_id = ${storeId} and category_id = ${sel.categoryId})`);
  if (!sel.all && !sel.skuIds?.length && !sel.productIds?.length && !sel.categoryId) throw new Invalid('empty_selection', 'Select SKUs, products, a category, or all.');
  const q = db
    .select({ id: skus.id, productId: skus.productId, attrs: skus.attrs, price: skus.price, title: products.title })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .where(and(...conds))
    .orderBy(skus.id);
  return lock ? q.for('update', { of: skus }) : q;
}

function plan(ctx: Ctx, rows: Awaited<ReturnType<typeof selectedSkus>>, change: PriceChange) {
  // Every new price is computed first: one refusal refuses the whole change.
  return rows.map((r) => ({ skuId: r.id, productId: r.productId, title: r.title, attrs: r.attrs, oldPrice: r.price, newPrice: newPrice(r.price, change, ctx.config.priceCapMinor) }));
}

export async function previewPriceChange(ctx: Ctx, storeId: string, sel: PriceSelection, change: PriceChange) {
  const changes = plan(ctx, await selectedSkus(ctx.db, storeId, sel, false), change);
  return { count: changes.length, changes: changes.slice(0, 500) };
}

/** Commits a price change in one transaction: every SKU or none, each kept in the price history. */
export async function applyPriceChange(ctx: Ctx, actor: Actor, storeId: string, sel: PriceSelection, change: PriceChange) {
  return inTransaction(ctx, async (tx) => {
    const rows = await selectedSkus(tx, storeId, sel, true);
    if (!rows.length) throw new NotFound('sku');
    const changes = plan(ctx, rows, change).filter((c) => c.newPrice !== c.oldPrice);
    const now = ctx.clock.now();
    const changeId = randomUUID();
    if (changes.length) {
      // One statement for the whole selection, from a VALUES list of (id, price).
      // Two statements for the whole selection, each with three array parameters (ids and prices as PostgreSQL
      // array literals: the ids are UUIDs read from the database, the prices integers).
      const ids = `{${changes.map((c) => c.skuId).join(',')}}`;
      const olds = `{${changes.map((c) => c.oldPrice).join(',')}}`;
      const news = `{${changes.map((c) => c.newPrice).join(',')}}`;
      // A member price above the new list price comes down to it (a member never pays more than anyone).
      await tx.execute(sql`UPDATE skus SET price = v.price, member_price = least(skus.member_price, v.price), updated_at = ${now}
        FROM unnest(${ids}::uuid[], ${news}::bigint[]) AS v(id, price) WHERE skus.id = v.id AND skus.store_id = ${storeId}`);
      const who = actor.kind === 'user' ? { actorId: actor.userId, actorName: actor.displayName } : { actorId: null, actorName: actor.displayName };
      await tx.execute(sql`INSERT INTO price_history (store_id, sku_id, old_price, new_price, change_id, actor_id, actor_name, at)
        SELECT ${storeId}, v.id, v.old, v.new, ${changeId}, ${who.actorId}, ${who.actorName}, ${now}
        FROM unnest(${ids}::uuid[], ${olds}::bigint[], ${news}::bigint[]) AS v(id, old, new)`);
      await recordAudit(tx, actor, { action: 'price.change', entityType: 'price_change', entityId: changeId, storeId, summary: `${changes.length} SKU prices`, before: { selection: sel }, after: { change, count: changes.length } }, now);
      await bumpCatalog(tx, storeId);
    }
    return { changeId, count: changes.length, changes: changes.slice(0, 500) };
  });
}

export async function listPriceHistory(db: Db, storeId: string, q: { skuId?: string; limit: number }) {
  const rows = await db
    .select()
    .from(priceHistory)
    .where(q.skuId ? and(eq(priceHistory.storeId, storeId), eq(priceHistory.skuId, q.skuId)) : eq(priceHistory.storeId, storeId))
    .orderBy(desc(priceHistory.id))
    .limit(q.limit);
  return rows.map((r) => ({ id: r.id, skuId: r.skuId, oldPrice: r.oldPrice, newPrice: r.newPrice, changeId: r.changeId, actorName: r.actorName, at: r.at.toISOString() }));
}

/**
 * Sets (or, with null, removes) the member price of one SKU: what members of the store's program pay, at most its list
 * price (422 member_price_above_price). Audited like price changes.
 */
export async function setMemberPrice(ctx: Ctx, actor: Actor, storeId: string, skuId: string, memberPrice: number | null) {
  return inTransaction(ctx, async (tx) => {
    const [sku] = await tx.select({ price: skus.price, memberPrice: skus.memberPrice }).from(skus).where(and(eq(skus.id, skuId), eq(skus.storeId, storeId))).for('update');
    if (!sku) throw new NotFound('sku');
    if (memberPrice !== null && memberPrice > sku.price) throw new Invalid('member_price_above_price', `The member price is at most the list price (${sku.price}).`, { price: sku.price });
    const now = ctx.clock.now();
    if (memberPrice !== sku.memberPrice) {
      await tx.update(skus).set({ memberPrice, updatedAt: now }).where(eq(skus.id, skuId));
      await recordAudit(tx, actor, { action: 'price.member_price', entityType: 'sku', entityId: skuId, storeId, before: { memberPrice: sku.memberPrice }, after: { memberPrice } }, now);
      await bumpCatalog(tx, storeId);
    }
    return { skuId, price: sku.price, memberPrice };
  });
}
