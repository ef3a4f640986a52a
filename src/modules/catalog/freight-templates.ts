// A store's freight templates: made, changed and removed by the merchant; products pick one (else the default).
// How a template turns into a fee: freight.ts.
import { and, asc, eq, sql } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { recordAudit } from '../audit/index.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { regionKeySql } from './freight.ts';
import { freightRegions, freightTemplates, type FreightBasis } from './schema.ts';

export type FreightRegionInput = { region: string; delivers: boolean; firstFee: number; extraFee: number };
export type FreightTemplateInput = {
  name: string; basis: FreightBasis; firstUnits: number; firstFee: number; extraUnits: number; extraFee: number;
  freeAbove: number | null; isDefault: boolean; regions: FreightRegionInput[];
};

type TemplateRow = typeof freightTemplates.$inferSelect;

export async function listFreightTemplates(db: Db, storeId: string) {
  const rows = await db.select().from(freightTemplates).where(eq(freightTemplates.storeId, storeId)).orderBy(asc(freightTemplates.createdAt), asc(freightTemplates.id));
  return views(db, rows);
}

async function views(db: Db, rows: TemplateRow[]) {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [regions, uses] = await Promise.all([
    db.select().from(freightRegions).where(sql`${freightRegions.templateId} = any(${pgArray(ids)}::uuid[])`).orderBy(asc(freightRegions.region)),
    queryRows<{ id: string; n: number }>(db, sql`
      select freight_template_id as id, count(*)::int as n from products where freight_template_id = any(${pgArray(ids)}::uuid[]) group by 1`),
  ]);
  const used = new Map(uses.map((u) => [u.id, Number(u.n)]));
  return rows.map((t) => ({
    id: t.id, storeId: t.storeId, name: t.name, basis: t.basis, firstUnits: t.firstUnits, firstFee: t.firstFee, extraUnits: t.extraUnits, extraFee: t.extraFee,
    freeAbove: t.freeAbove, isDefault: t.isDefault, currency: t.currency, updatedAt: t.updatedAt.toISOString(), products: used.get(t.id) ?? 0,
    regions: regions.filter((r) => r.templateId === t.id).map((r) => ({ region: r.region, delivers: r.delivers, firstFee: r.firstFee, extraFee: r.extraFee })),
  }));
}

export type FreightTemplateView = Awaited<ReturnType<typeof views>>[number];

function check(input: FreightTemplateInput) {
  const keys = new Set<string>();
  for (const r of input.regions) {
    const k = r.region.trim().toLowerCase();
    if (keys.has(k)) throw new Invalid('freight_region_duplicate', `The region "${r.region}" is listed twice in this template.`, { region: r.region });
    keys.add(k);
  }
}

const fields = (input: FreightTemplateInput) => ({
  name: input.name, basis: input.basis, firstUnits: input.firstUnits, firstFee: input.basis === 'free' ? 0 : input.firstFee, extraUnits: input.extraUnits,
  extraFee: input.basis === 'free' || input.basis === 'flat' ? 0 : input.extraFee, freeAbove: input.freeAbove, isDefault: input.isDefault,
});

async function writeRegions(tx: Db, t: TemplateRow, regions: FreightRegionInput[]) {
  await tx.delete(freightRegions).where(eq(freightRegions.templateId, t.id));
  if (!regions.length) return;
  await tx.insert(freightRegions).values(regions.map((r) => ({
    templateId: t.id, storeId: t.storeId, region: r.region.trim(), regionKey: regionKeySql(sql`${r.region}::text`), delivers: r.delivers,
    firstFee: r.delivers ? r.firstFee : 0, extraFee: r.delivers ? r.extraFee : 0,
  })));
}

/** What the audit log keeps of a template: its fees and regions, as the merchant set them. */
const audited = (v: FreightTemplateView) => ({
  name: v.name, basis: v.basis, firstUnits: v.firstUnits, firstFee: v.firstFee, extraUnits: v.extraUnits, extraFee: v.extraFee,
  freeAbove: v.freeAbove, isDefault: v.isDefault, currency: v.currency, regions: v.regions,
});

/** Each change is in the store's audit log; becoming the store's default is an entry of its own. */
async function auditChange(tx: Db, actor: Actor, at: Date, action: 'freight_template.created' | 'freight_template.updated' | 'freight_template.removed', before: FreightTemplateView | null, after: FreightTemplateView | null) {
  const t = (after ?? before)!;
  const base = { entityType: 'freight_template', entityId: t.id, storeId: t.storeId, summary: t.name };
  await recordAudit(tx, actor, { ...base, action, before: before && audited(before), after: after && audited(after) }, at);
  if (after?.isDefault && !before?.isDefault) await recordAudit(tx, actor, { ...base, action: 'freight_template.default_set', before: null, after: { isDefault: true } }, at);
}

/** Making a template the default takes the mark from the store's other one. */
async function clearDefault(tx: Db, storeId: string, input: FreightTemplateInput) {
  if (input.isDefault) await tx.update(freightTemplates).set({ isDefault: false }).where(and(eq(freightTemplates.storeId, storeId), eq(freightTemplates.isDefault, true)));
}

export async function createFreightTemplate(ctx: Ctx, actor: Actor, storeId: string, input: FreightTemplateInput) {
  check(input);
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    await clearDefault(tx, storeId, input);
    const [t] = await tx.insert(freightTemplates).values({ storeId, ...fields(input), currency: ctx.config.currency, createdAt: now, updatedAt: now }).returning();
    await writeRegions(tx, t, input.regions);
    const view = (await views(tx, [t]))[0];
    await auditChange(tx, actor, now, 'freight_template.created', null, view);
    return view;
  });
}

async function lockTemplate(tx: Db, storeId: string, id: string) {
  const [t] = await tx.select().from(freightTemplates).where(and(eq(freightTemplates.id, id), eq(freightTemplates.storeId, storeId))).for('update');
  if (!t) throw new NotFound('freight_template');
  return t;
}

export async function updateFreightTemplate(ctx: Ctx, actor: Actor, storeId: string, id: string, input: FreightTemplateInput) {
  check(input);
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const before = (await views(tx, [await lockTemplate(tx, storeId, id)]))[0];
    await clearDefault(tx, storeId, input);
    const [t] = await tx.update(freightTemplates).set({ ...fields(input), updatedAt: now }).where(eq(freightTemplates.id, id)).returning();
    await writeRegions(tx, t, input.regions);
    const view = (await views(tx, [t]))[0];
    await auditChange(tx, actor, now, 'freight_template.updated', before, view);
    return view;
  });
}

/** Removes a template: its products (and drafts) fall back to the store's default. */
export async function deleteFreightTemplate(ctx: Ctx, actor: Actor, storeId: string, id: string) {
  await inTransaction(ctx, async (tx) => {
    const before = (await views(tx, [await lockTemplate(tx, storeId, id)]))[0];
    await auditChange(tx, actor, ctx.clock.now(), 'freight_template.removed', before, null);
    await tx.execute(sql`update products set freight_template_id = null where store_id = ${storeId} and freight_template_id = ${id}`);
    await tx.execute(sql`update product_drafts set content = content - 'freightTemplateId' where store_id = ${storeId} and content->>'freightTemplateId' = ${id}`);
    await tx.delete(freightTemplates).where(eq(freightTemplates.id, id));
  });
}

/** A product may only pick one of its own store's templates. */
export async function assertStoreTemplate(db: Db, storeId: string, templateId: string | null | undefined) {
  if (!templateId) return;
  const [t] = await db.select({ id: freightTemplates.id }).from(freightTemplates).where(and(eq(freightTemplates.id, templateId), eq(freightTemplates.storeId, storeId)));
  if (!t) throw new Invalid('freight_template_not_found', 'This freight template is not one of the store\'s: pick another or none (the default).', { freightTemplateId: templateId });
}
