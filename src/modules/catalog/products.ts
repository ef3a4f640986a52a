// Products: the merchant's draft, review, and the live copy buyers see.
import { and, asc, count, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { enqueue } from '../../kernel/outbox.ts';
import { recordAudit } from '../audit/index.ts';
import { listingEligibility, storeNameSql } from '../merchants/index.ts';
import { autoReviewCategories, productDrafts, products, skus, type DraftContent } from './schema.ts';
import { LIVE_EVENT_ROLES, attrsKey, draftMachine, liveMachine, merchantMoves, stockEvent, validateSkus, type LiveEvent } from './rules.ts';
import { bumpCatalog } from './versions.ts';
import { assertStoreImages } from './images.ts';
import { activeStock, activeStockSql } from './stock.ts';
import { assertStoreTemplate } from './freight-templates.ts';

const ELIGIBILITY_MESSAGES = {
  store_not_open: 'The store is not open: products can be listed once the store has opened.',
  category_not_approved: 'The store is not approved for this category: apply for it in onboarding first.',
  deposit_insufficient: 'The deposit for this category is not covered: top the deposit up first.',
} as const;

/** The category must be one the store is approved for, with its deposit covered (onboarding decides). */
export async function assertCategoryAllowed(db: Db, storeId: string, categoryId: number) {
  const e = await listingEligibility(db, storeId, categoryId);
  if (!e.allowed) throw new Invalid(e.reason, ELIGIBILITY_MESSAGES[e.reason], { categoryId, depositRequired: e.depositRequired, depositBalance: e.depositBalance });
}

/** Checks the content and gives it its stored form (empty SKU codes and barcodes are none). */
function validateContent(ctx: Ctx, c: DraftContent): DraftContent {
  const content = { ...c, skus: c.skus.map((s) => ({ ...s, code: s.code || null, barcode: s.barcode || null, weight: s.weight ?? null })) };
  validateSkus(content.attributes, content.skus, ctx.config.priceCapMinor);
  return content;
}

/** The draft's freight template is the store's, and its SKU codes are not another product's (409 sku_code_taken). */
async function assertDraftFacts(tx: Db, storeId: string, productId: string | null, c: DraftContent) {
  await assertStoreTemplate(tx, storeId, c.freightTemplateId);
  const codes = c.skus.flatMap((s) => (s.code ? [s.code] : []));
  if (!codes.length) return;
  const [taken] = await tx.select({ code: skus.code, productId: skus.productId }).from(skus)
    .where(and(eq(skus.storeId, storeId), eq(skus.active, true), inArray(skus.code, codes), productId ? ne(skus.productId, productId) : undefined)).limit(1);
  if (taken) throw new Conflict('sku_code_taken', `The SKU code ${taken.code} is already used by another product of this store.`, { skuCode: taken.code, productId: taken.productId });
}

export async function createProduct(ctx: Ctx, actor: Actor, storeId: string, input: DraftContent) {
  const content = validateContent(ctx, input);
  return inTransaction(ctx, async (tx) => {
    await assertCategoryAllowed(tx, storeId, content.categoryId);
    await assertDraftFacts(tx, storeId, null, content);
    await assertStoreImages(tx, storeId, content.imageIds);
    const now = ctx.clock.now();
    const [p] = await tx
      .insert(products)
      .values({ storeId, categoryId: content.categoryId, title: content.title, description: content.description, attributes: content.attributes, imageIds: content.imageIds, currency: ctx.config.currency, createdAt: now, updatedAt: now })
      .returning();
    await tx.insert(productDrafts).values({ productId: p.id, storeId, state: 'new', content, updatedAt: now });
    return getMerchantProduct(tx, storeId, p.id);
  });
}

async function lockDraft(tx: Db, storeId: string, productId: string) {
  const [d] = await tx.select().from(productDrafts).where(and(eq(productDrafts.productId, productId), eq(productDrafts.storeId, storeId))).for('update');
  if (!d) throw new NotFound('product');
  return d;
}

export async function updateDraft(ctx: Ctx, storeId: string, productId: string, input: DraftContent) {
  const content = validateContent(ctx, input);
  return inTransaction(ctx, async (tx) => {
    const d = await lockDraft(tx, storeId, productId);
    if (d.state === 'in_review') throw new Conflict('draft_in_review', 'The draft is in review: cancel the review before editing it.');
    const to = draftMachine.transition(d.state, 'edit');
    await assertCategoryAllowed(tx, storeId, content.categoryId);
    await assertStoreImages(tx, storeId, content.imageIds);
    await assertDraftFacts(tx, storeId, productId, content);
    await tx.update(productDrafts).set({ state: to, content, reason: null, updatedAt: ctx.clock.now() }).where(eq(productDrafts.productId, productId));
    return getMerchantProduct(tx, storeId, productId);
  });
}

/** Sends the draft to review; categories the operator marked for automatic review pass at once. */
export async function submitDraft(ctx: Ctx, actor: Actor, storeId: string, productId: string) {
  return inTransaction(ctx, async (tx) => {
    const d = await lockDraft(tx, storeId, productId);
    const to = draftMachine.transition(d.state, 'submit');
    await assertCategoryAllowed(tx, storeId, d.content.categoryId);
    const now = ctx.clock.now();
    await tx.update(productDrafts).set({ state: to, submittedAt: now, reason: null, updatedAt: now }).where(eq(productDrafts.productId, productId));
    const [auto] = await tx.select().from(autoReviewCategories).where(eq(autoReviewCategories.categoryId, d.content.categoryId));
    if (auto) await decide(tx, ctx, 'system', productId, 'pass');
    return getMerchantProduct(tx, storeId, productId);
  });
}

export async function cancelReview(ctx: Ctx, storeId: string, productId: string) {
  return inTransaction(ctx, async (tx) => {
    const d = await lockDraft(tx, storeId, productId);
    const to = draftMachine.transition(d.state, 'cancel_review');
    await tx.update(productDrafts).set({ state: to, updatedAt: ctx.clock.now() }).where(eq(productDrafts.productId, productId));
    return getMerchantProduct(tx, storeId, productId);
  });
}

/** Review decision; a pass makes the draft live (SKUs matched by attribute combination keep their id, price and stock). */
async function decide(tx: Db, ctx: Ctx, actor: Actor | 'system', productId: string, event: 'pass' | 'fail', reason?: string) {
  const [d] = await tx.select().from(productDrafts).where(eq(productDrafts.productId, productId)).for('update');
  if (!d) throw new NotFound('product');
  const to = draftMachine.transition(d.state, event);
  const now = ctx.clock.now();
  await tx.update(productDrafts).set({ state: to, reason: reason ?? null, reviewedAt: now, reviewedBy: actor !== 'system' && actor.kind === 'user' ? actor.userId : null, updatedAt: now }).where(eq(productDrafts.productId, productId));
  await recordAudit(tx, actor, { action: `product.review_${event}`, entityType: 'product', entityId: productId, storeId: d.storeId, summary: reason ?? d.content.title, before: { draft: d.state }, after: { draft: to } }, now);
  if (event === 'pass') await publishDraft(tx, ctx, d.storeId, productId, d.content);
}

async function publishDraft(tx: Db, ctx: Ctx, storeId: string, productId: string, c: DraftContent) {
  const now = ctx.clock.now();
  const [p] = await tx.select().from(products).where(eq(products.id, productId)).for('update');
  const existing = await tx.select().from(skus).where(eq(skus.productId, productId));
  const wanted = new Map(c.skus.map((s) => [attrsKey(s.attrs), s]));
  // Codes are set afresh (so two SKUs may swap theirs), after the draft's codes are checked against the other products.
  await assertDraftFacts(tx, storeId, productId, c);
  await tx.update(skus).set({ code: null }).where(eq(skus.productId, productId));
  for (const s of existing) {
    if (!wanted.has(s.attrsKey) && s.active) await tx.update(skus).set({ active: false, updatedAt: now }).where(eq(skus.id, s.id));
  }
  for (const [key, s] of wanted) {
    const old = existing.find((e) => e.attrsKey === key);
    const data = { code: s.code ?? null, barcode: s.barcode ?? null, weight: s.weight ?? null };
    // A live SKU keeps its price and stock: those change through the one-click price change and stock moves.
    if (old) await tx.update(skus).set({ active: true, ...data, updatedAt: now }).where(eq(skus.id, old.id));
    else await tx.insert(skus).values({ storeId, productId, attrs: s.attrs, attrsKey: key, price: s.price, stock: s.stock, currency: p.currency, ...data, updatedAt: now });
  }
  let state = p.liveState;
  if (state === 'not_live') state = liveMachine.transition(state, 'publish');
  const ev = stockEvent(state, await activeStock(tx, productId));
  if (ev) state = liveMachine.transition(state, ev);
  await tx
    .update(products)
    .set({ freightTemplateId: c.freightTemplateId ?? null, title: c.title, description: c.description, searchText: sql`lower(trio_unaccent(${c.title} || ' ' || ${c.description}))`, categoryId: c.categoryId, attributes: c.attributes, imageIds: c.imageIds, liveState: state, updatedAt: now, listedAt: p.listedAt ?? now })
    .where(eq(products.id, productId));
  await bumpCatalog(tx, storeId);
}

export async function passReview(ctx: Ctx, actor: Actor, productId: string) {
  return inTransaction(ctx, async (tx) => {
    await decide(tx, ctx, actor, productId, 'pass');
    return reviewItem(tx, productId);
  });
}

export async function failReview(ctx: Ctx, actor: Actor, productId: string, reason: string) {
  return inTransaction(ctx, async (tx) => {
    await decide(tx, ctx, actor, productId, 'fail', reason);
    return reviewItem(tx, productId);
  });
}

async function reviewItem(db: Db, productId: string) {
  const [r] = await db.select({ d: productDrafts, p: products, storeName: storeNameSql(products.storeId) }).from(productDrafts).innerJoin(products, eq(products.id, productDrafts.productId)).where(eq(productDrafts.productId, productId));
  return toReviewItem(r);
}

function toReviewItem(r: { d: typeof productDrafts.$inferSelect; p: typeof products.$inferSelect; storeName: string }) {
  return { productId: r.p.id, storeId: r.p.storeId, storeName: r.storeName, draftState: r.d.state, liveState: r.p.liveState, reason: r.d.reason, content: r.d.content, submittedAt: r.d.submittedAt?.toISOString() ?? null };
}

/** Drafts waiting for review, oldest first: one page and how many wait (both read the state index). */
export async function reviewQueue(db: Db, q: { limit: number; offset: number }) {
  const waiting = eq(productDrafts.state, 'in_review');
  const [rows, [{ n }]] = await Promise.all([
    db
      .select({ d: productDrafts, p: products, storeName: storeNameSql(products.storeId) })
      .from(productDrafts)
      .innerJoin(products, eq(products.id, productDrafts.productId))
      .where(waiting)
      .orderBy(asc(productDrafts.submittedAt), asc(productDrafts.productId))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ n: count() }).from(productDrafts).where(waiting),
  ]);
  const reviews = rows.map(toReviewItem);
  return { reviews, total: n };
}

/** A person moves a product's live state: the merchant delists and relists, the operator delists for violation, reinstates or bans. */
export async function changeLiveState(ctx: Ctx, actor: Actor, productId: string, event: LiveEvent, opts: { storeId?: string; reason?: string }) {
  const role = LIVE_EVENT_ROLES[event];
  const actorRole = actor.role === 'api_key' ? 'merchant' : actor.role;
  if (!role || role !== actorRole) throw new Forbidden(`Only the ${role ?? 'system'} may ${event.replace(/_/g, ' ')} a product.`, 'product_event_not_yours');
  return inTransaction(ctx, async (tx) => {
    const where = opts.storeId ? and(eq(products.id, productId), eq(products.storeId, opts.storeId)) : eq(products.id, productId);
    const [p] = await tx.select().from(products).where(where).for('update');
    if (!p) throw new NotFound('product');
    let to = liveMachine.transition(p.liveState, event);
    if (to === 'listed') {
      if (event === 'relist' || event === 'reinstate') await assertCategoryAllowed(tx, p.storeId, p.categoryId);
      if ((await activeStock(tx, productId)) === 0) to = liveMachine.transition(to, 'sell_out');
    }
    const now = ctx.clock.now();
    await tx.update(products).set({ liveState: to, stateReason: opts.reason ?? null, updatedAt: now }).where(eq(products.id, productId));
    await recordAudit(tx, actor, { action: `product.${event}`, entityType: 'product', entityId: productId, storeId: p.storeId, summary: opts.reason ?? p.title, before: { liveState: p.liveState }, after: { liveState: to } }, now);
    await bumpCatalog(tx, p.storeId);
    return getMerchantProduct(tx, p.storeId, productId);
  });
}

export async function getMerchantProduct(db: Db, storeId: string, productId: string) {
  const [row] = await db
    .select({ p: products, d: productDrafts })
    .from(products)
    .innerJoin(productDrafts, eq(productDrafts.productId, products.id))
    .where(and(eq(products.id, productId), eq(products.storeId, storeId)));
  if (!row) throw new NotFound('product');
  const list = await db.select().from(skus).where(eq(skus.productId, productId)).orderBy(asc(skus.attrsKey));
  return {
    id: row.p.id,
    storeId: row.p.storeId,
    categoryId: row.p.categoryId,
    title: row.p.title,
    description: row.p.description,
    attributes: row.p.attributes,
    imageIds: row.p.imageIds,
    liveState: row.p.liveState,
    stateReason: row.p.stateReason,
    currency: row.p.currency,
    freightTemplateId: row.p.freightTemplateId,
    customisable: row.p.customisable,
    repurchaseCycleDays: row.p.repurchaseCycleDays,
    updatedAt: row.p.updatedAt.toISOString(),
    skus: list.filter((s) => s.active).map(publicSku),
    draft: { state: row.d.state, reason: row.d.reason, content: row.d.content, updatedAt: row.d.updatedAt.toISOString() },
    moves: merchantMoves(row.p.liveState, row.d.state),
  };
}

/** The merchant's switch: buyers send a customisation file with the product (through a mini-site). Audited. */
export async function setCustomisable(ctx: Ctx, actor: Actor, storeId: string, productId: string, enabled: boolean) {
  return inTransaction(ctx, async (tx) => {
    const [p] = await tx.select({ title: products.title, customisable: products.customisable }).from(products).where(and(eq(products.id, productId), eq(products.storeId, storeId))).for('update');
    if (!p) throw new NotFound('product');
    if (p.customisable !== enabled) {
      const now = ctx.clock.now();
      await tx.update(products).set({ customisable: enabled, updatedAt: now }).where(eq(products.id, productId));
      await recordAudit(tx, actor, { action: enabled ? 'product.customisable_on' : 'product.customisable_off', entityType: 'product', entityId: productId, storeId, summary: p.title, before: { customisable: p.customisable }, after: { customisable: enabled } }, now);
      await bumpCatalog(tx, storeId);
    }
    return getMerchantProduct(tx, storeId, productId);
  });
}

/**
 * The merchant's repurchase cycle of a product (days after delivery its buyers get a reminder; null: none). Audited.
 * A cycle set announces itself (product.repurchase_cycle_set): items delivered before get their reminders too.
 */
export async function setRepurchaseCycle(ctx: Ctx, actor: Actor, storeId: string, productId: string, days: number | null) {
  return inTransaction(ctx, async (tx) => {
    const [p] = await tx.select({ title: products.title, days: products.repurchaseCycleDays }).from(products).where(and(eq(products.id, productId), eq(products.storeId, storeId))).for('update');
    if (!p) throw new NotFound('product');
    if (p.days !== days) {
      const now = ctx.clock.now();
      await tx.update(products).set({ repurchaseCycleDays: days, updatedAt: now }).where(eq(products.id, productId));
      await recordAudit(tx, actor, { action: 'product.repurchase_cycle', entityType: 'product', entityId: productId, storeId, summary: p.title, before: { repurchaseCycleDays: p.days }, after: { repurchaseCycleDays: days } }, now);
      if (days !== null) await enqueue(tx, now, [{ storeId, topic: 'product.repurchase_cycle_set', payload: { productId, storeId, days } }]);
    }
    return getMerchantProduct(tx, storeId, productId);
  });
}

export function publicSku(s: typeof skus.$inferSelect) {
  return { id: s.id, attrs: s.attrs, price: s.price, memberPrice: s.memberPrice, currency: s.currency, stock: s.stock, code: s.code, barcode: s.barcode, weight: s.weight };
}

export type MerchantListQuery = { liveState?: (typeof products.$inferSelect)['liveState']; draftState?: (typeof productDrafts.$inferSelect)['state']; categoryId?: number; q?: string; lowStock?: number; limit: number; offset: number };

export async function listMerchantProducts(db: Db, storeId: string, q: MerchantListQuery) {
  const conds: SQL[] = [eq(products.storeId, storeId)];
  if (q.liveState) conds.push(eq(products.liveState, q.liveState));
  if (q.draftState) conds.push(eq(productDrafts.state, q.draftState));
  if (q.categoryId) conds.push(eq(products.categoryId, q.categoryId));
  if (q.lowStock !== undefined) conds.push(sql`exists (select 1 from skus s where s.product_id = ${products.id} and s.active and s.stock <= ${q.lowStock})`);
  if (q.q) conds.push(sql`(${productDrafts.content}->>'title') ilike ${'%' + q.q.replace(/[%_\\]/g, (m) => '\\' + m) + '%'}`);
  const rows = await db
    .select({
      p: products,
      draftState: productDrafts.state,
      draftTitle: sql<string>`${productDrafts.content}->>'title'`,
      stock: activeStockSql(products.id),
      minStock: sql<number | null>`(select min(s.stock) from skus s where s.product_id = ${products.id} and s.active)`,
      minPrice: sql<number | null>`(select min(s.price) from skus s where s.product_id = ${products.id} and s.active)::bigint`,
      maxPrice: sql<number | null>`(select max(s.price) from skus s where s.product_id = ${products.id} and s.active)::bigint`,
    })
    .from(products)
    .innerJoin(productDrafts, eq(productDrafts.productId, products.id))
    .where(and(...conds))
    .orderBy(desc(products.updatedAt))
    .limit(q.limit)
    .offset(q.offset);
  return rows.map((r) => ({
    id: r.p.id,
    title: r.p.liveState === 'not_live' ? r.draftTitle : r.p.title,
    categoryId: r.p.categoryId,
    liveState: r.p.liveState,
    draftState: r.draftState,
    stock: r.stock,
    minStock: r.minStock == null ? null : Number(r.minStock),
    minPrice: r.minPrice == null ? null : Number(r.minPrice),
    maxPrice: r.maxPrice == null ? null : Number(r.maxPrice),
    updatedAt: r.p.updatedAt.toISOString(),
  }));
}

export async function setAutoReview(ctx: Ctx, actor: Actor, categoryIds: number[], enabled: boolean) {
  return inTransaction(ctx, async (tx) => {
    if (enabled) await tx.insert(autoReviewCategories).values(categoryIds.map((categoryId) => ({ categoryId }))).onConflictDoNothing();
    else await tx.delete(autoReviewCategories).where(inArray(autoReviewCategories.categoryId, categoryIds));
    await recordAudit(tx, actor, { action: enabled ? 'review_rule.auto_pass_on' : 'review_rule.auto_pass_off', entityType: 'category', summary: `${categoryIds.length} categories`, before: null, after: { categoryIds, autoPass: enabled } }, ctx.clock.now());
    return (await tx.select().from(autoReviewCategories)).map((r) => r.categoryId);
  });
}
