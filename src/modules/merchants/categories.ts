// Use-cases of the category tree: read it (cached per process, invalidated across processes by a version row),
// edit one category, and bulk changes with preview.
import { gzipSync } from 'node:zlib';
import { eq, inArray, sql, type SQLWrapper } from 'drizzle-orm';
import { bump, readVersion, VersionedCache, type Versioned } from '../../kernel/versioned-cache.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { depositCoverageChanged } from './hooks.ts';
import { categories, categoryQualifications, type Names } from './schema.ts';
import {
  effectiveCommissionBp, effectiveDeposit, planBulkChange,
  type AccessPolicy, type BulkAction, type BulkLeaf, type CategoryChainLink,
} from './rules.ts';

type CategoryRow = typeof categories.$inferSelect;
type QualificationRow = typeof categoryQualifications.$inferSelect;

export type CategoryNode = {
  id: number;
  parentId: number | null;
  level: number;
  code: string;
  names: Names;
  policy: AccessPolicy;
  currency: string;
  /** Deposit set on this category (null: inherited). */
  deposit: number | null;
  depositReductionBp: number;
  /** Deposit after inheritance and reduction, minor units. */
  effectiveDeposit: number;
  zeroDeposit: boolean;
  zeroDepositGmvThreshold: number | null;
  commissionBp: number;
  /** Commission set on this category (null: inherited). */
  ownCommissionBp: number | null;
  sevenDayReturn: boolean;
  /** Set on this category: its products (and those of every category below) cannot be sent as gifts. */
  giftExcluded: boolean;
  /** Excluded from gifts here or by an ancestor. */
  giftExcludedEffective: boolean;
  /** Qualifications asked at this level (those of the ancestors apply too). */
  qualifications: { kind: string; mandatory: boolean; names: Names }[];
  children: CategoryNode[];
};

export type CategoryIndex = {
  byId: Map<number, CategoryRow>;
  quals: Map<number, QualificationRow[]>;
};

export async function loadIndex(db: Db): Promise<CategoryIndex> {
  // One after the other: db may be a transaction, whose one client runs one query at a time.
  const rows = await db.select().from(categories).orderBy(categories.sortOrder, categories.id);
  const qrows = await db.select().from(categoryQualifications);
  const quals = new Map<number, QualificationRow[]>();
  for (const q of qrows) quals.set(q.categoryId, [...(quals.get(q.categoryId) ?? []), q]);
  return { byId: new Map(rows.map((r) => [r.id, r])), quals };
}

export function chainOf(index: CategoryIndex, id: number): CategoryRow[] {
  const chain: CategoryRow[] = [];
  let cur = index.byId.get(id);
  while (cur) {
    chain.unshift(cur);
    cur = cur.parentId == null ? undefined : index.byId.get(cur.parentId);
  }
  return chain;
}

export function asLinks(chain: CategoryRow[]): CategoryChainLink[] {
  return chain.map((c) => ({
    id: c.id,
    deposit: c.deposit,
    depositReductionBp: c.depositReductionBp,
    zeroDeposit: c.zeroDeposit,
    zeroDepositGmvThreshold: c.zeroDepositGmvThreshold,
    commissionBp: c.commissionBp,
  }));
}

export function qualificationsOf(index: CategoryIndex, id: number) {
  return chainOf(index, id).flatMap((c) => (index.quals.get(c.id) ?? []).map((q) => ({ kind: q.kind, mandatory: q.mandatory, names: q.names })));
}

function buildTree(index: CategoryIndex): CategoryNode[] {
  const nodes = new Map<number, CategoryNode>();
  const roots: CategoryNode[] = [];
  for (const c of index.byId.values()) {
    const rows = chainOf(index, c.id);
    const chain = asLinks(rows);
    nodes.set(c.id, {
      id: c.id,
      parentId: c.parentId,
      level: c.level,
      code: c.code,
      names: c.names,
      policy: c.policy,
      currency: c.currency,
      deposit: c.deposit,
      depositReductionBp: c.depositReductionBp,
      effectiveDeposit: effectiveDeposit(chain),
      zeroDeposit: c.zeroDeposit,
      zeroDepositGmvThreshold: c.zeroDepositGmvThreshold,
      commissionBp: effectiveCommissionBp(chain),
      ownCommissionBp: c.commissionBp,
      sevenDayReturn: c.sevenDayReturn,
      giftExcluded: c.giftExcluded,
      giftExcludedEffective: rows.some((a) => a.giftExcluded),
      qualifications: (index.quals.get(c.id) ?? []).map((q) => ({ kind: q.kind, mandatory: q.mandatory, names: q.names })),
      children: [],
    });
  }
  for (const n of nodes.values()) {
    const parent = n.parentId == null ? undefined : nodes.get(n.parentId);
    (parent ? parent.children : roots).push(n);
  }
  return roots;
}

export const categoryTreeVersioned: Versioned = {
  channel: 'trio_categories',
  bumpSql: sql`UPDATE category_tree_version SET version = version + 1 WHERE id = 1 RETURNING version`,
  readSql: sql`SELECT version FROM category_tree_version WHERE id = 1`,
};

export class CategoryTreeCache extends VersionedCache {
  constructor(db: Db, opts: { databaseUrl?: string; onError?: (err: unknown) => void }) {
    super(db, categoryTreeVersioned, { ...opts, maxEntries: 4 });
  }
}

type CachedTree = { version: number; json: string; gzip: Buffer; etag: string };

export async function treeVersion(db: Db): Promise<number> {
  return readVersion(db, categoryTreeVersioned);
}

/**
 * The whole tree as JSON text (and gzipped once: browsers ask for gzip, the tree shrinks about eightfold), with an
 * ETag that changes with every category change in any process.
 */
export function categoryTreeJson(cache: CategoryTreeCache, db: Db): Promise<CachedTree> {
  return cache.get('tree', async () => {
    const version = await treeVersion(db);
    const json = JSON.stringify({ version, categories: buildTree(await loadIndex(db)) });
    return { version, json, gzip: gzipSync(json, { level: 6 }), etag: `"cat-${version}"` };
  });
}

export async function bumpTreeVersion(tx: Db) {
  await bump(tx, categoryTreeVersioned);
}

/** The category and every category below it. */
export function descendantIds(index: CategoryIndex, id: number): number[] {
  return [...index.byId.values()].filter((c) => chainOf(index, c.id).some((a) => a.id === id)).map((c) => c.id);
}

export type Selection = { categoryIds?: number[]; policies?: AccessPolicy[]; all?: boolean };

/** The third-level categories a selection covers: the listed ones, or every leaf under a listed ancestor. */
export function selectLeaves(index: CategoryIndex, sel: Selection) {
  const wanted = new Set(sel.categoryIds ?? []);
  for (const id of wanted) if (!index.byId.has(id)) throw new NotFound('category', { categoryId: id });
  if (!sel.all && wanted.size === 0) throw new Invalid('empty_selection', 'Select at least one category, or all.');
  const leaves: { leaf: BulkLeaf; chain: CategoryChainLink[]; names: Names }[] = [];
  for (const c of index.byId.values()) {
    if (c.level !== 3) continue;
    const chain = chainOf(index, c.id);
    if (!sel.all && !chain.some((a) => wanted.has(a.id))) continue;
    if (sel.policies?.length && !sel.policies.includes(c.policy)) continue;
    const links = asLinks(chain);
    leaves.push({ leaf: { ...links[links.length - 1], code: c.code, policy: c.policy }, chain: links, names: c.names });
  }
  return leaves;
}

export type BulkRequest = { selection: Selection; action: BulkAction };

async function plan(ctx: Ctx, db: Db, req: BulkRequest) {
  const index = await loadIndex(db);
  const leaves = selectLeaves(index, req.selection);
  const changes = planBulkChange(leaves, req.action, ctx.config.maxDepositCutBp);
  const names = new Map(leaves.map((l) => [l.leaf.id, l.names]));
  return {
    selected: leaves.length,
    changed: changes.length,
    changes: changes.map((c) => ({ categoryId: c.categoryId, code: c.code, names: names.get(c.categoryId)!, before: c.before, after: c.after })),
    raw: changes,
  };
}

export async function previewBulkChange(ctx: Ctx, req: BulkRequest) {
  const { raw: _raw, ...preview } = await plan(ctx, ctx.db, req);
  return preview;
}

/** Applies a bulk change in one transaction with one audit entry holding every before and after. */
export async function applyBulkChange(ctx: Ctx, actor: Actor, req: BulkRequest) {
  return inTransaction(ctx, async (tx) => {
    // One bulk change at a time: serialise on the version row so the plan cannot go stale under us.
    await tx.execute(sql`SELECT version FROM category_tree_version WHERE id = 1 FOR UPDATE`);
    const { raw, ...result } = await plan(ctx, tx, req);
    const now = ctx.clock.now();
    // Group identical updates so a 400-category change is a handful of statements.
    const groups = new Map<string, number[]>();
    for (const c of raw) {
      const key = JSON.stringify(c.set);
      groups.set(key, [...(groups.get(key) ?? []), c.categoryId]);
    }
    for (const [key, ids] of groups) {
      await tx.update(categories).set({ ...JSON.parse(key), updatedAt: now }).where(inArray(categories.id, ids));
    }
    if (raw.length) {
      await bumpTreeVersion(tx);
      if (req.action.type !== 'set_policy') await depositCoverageChanged.run(tx, { categoryIds: raw.map((c) => c.categoryId) });
      await recordAudit(tx, actor, {
        action: `category.bulk_${req.action.type}`,
        entityType: 'category',
        summary: `${raw.length} of ${result.selected} selected categories changed`,
        before: { selection: req.selection, categories: result.changes.map((c) => ({ id: c.categoryId, code: c.code, ...c.before })) },
        after: { action: req.action, categories: result.changes.map((c) => ({ id: c.categoryId, code: c.code, ...c.after })) },
      }, now);
    }
    return result;
  });
}

export type CategoryPatch = { deposit?: number | null; commissionBp?: number | null; sevenDayReturn?: boolean; policy?: AccessPolicy; giftExcluded?: boolean };

export async function updateCategory(ctx: Ctx, actor: Actor, id: number, patch: CategoryPatch) {
  return inTransaction(ctx, async (tx) => {
    const [before] = await tx.select().from(categories).where(eq(categories.id, id)).for('update');
    if (!before) throw new NotFound('category');
    if (patch.deposit === null && before.level === 1) throw new Invalid('deposit_required', 'A first-level category must have a deposit (it may be 0).');
    const [after] = await tx.update(categories).set({ ...patch, updatedAt: ctx.clock.now() }).where(eq(categories.id, id)).returning();
    await bumpTreeVersion(tx);
    if (patch.deposit !== undefined) await depositCoverageChanged.run(tx, { categoryIds: descendantIds(await loadIndex(tx), id) });
    const pick = (c: CategoryRow) => Object.fromEntries(Object.keys(patch).map((k) => [k, c[k as keyof CategoryRow]]));
    await recordAudit(tx, actor, { action: 'category.update', entityType: 'category', entityId: id, summary: before.code, before: pick(before), after: pick(after) }, ctx.clock.now());
    return after;
  });
}

/**
 * SQL: the commission in basis points of a category (an id value or column): the deepest level that sets one,
 * as effectiveCommissionBp does over a chain; 0 when none does.
 */
export function commissionBpSql(categoryId: SQLWrapper) {
  return sql<number>`(select coalesce(c3.commission_bp, c2.commission_bp, c1.commission_bp, 0)::int
    from categories c3 left join categories c2 on c2.id = c3.parent_id left join categories c1 on c1.id = c2.parent_id
    where c3.id = ${categoryId})`;
}
