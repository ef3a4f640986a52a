// Stores and their applications: apply, ask for categories, review, open, close.
import { and, count, desc, eq, inArray, ne, sql, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import type { StoreRole } from '../../kernel/permissions.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { users } from '../accounts/schema.ts';
import { loadIndex, qualificationsOf } from './categories.ts';
import { depositSummary } from './deposits.ts';
import { storeStatusChanged } from './hooks.ts';
import {
  categories, categoryApplications, entityClaims, legalEntities, qualificationDocuments, storeMembers, stores,
  type STORE_TYPES, type SUBJECT_TYPES,
} from './schema.ts';
import {
  LIVE_CLAIM_STATES, STORE_EVENT_ROLES, applicationMachine, applicationOutcome, closingBy, entityApplicant, mayReopen, reviewComplete, storeChecks, storeMachine,
  withStoreChecks, type EntityClaimState, type StoreEvent, type SystemStoreEvent,
} from './rules.ts';

export type StoreApplication = {
  storeName: string;
  storeType: (typeof STORE_TYPES)[number];
  subjectType: (typeof SUBJECT_TYPES)[number];
  legalEntity: { name: string; registrationNumber: string };
};

export async function storeStatus(db: Db, storeId: string) {
  const [s] = await db.select({ status: stores.status }).from(stores).where(eq(stores.id, storeId));
  return s?.status;
}

/** What anyone may know of an open store. */
export async function publicStore(db: Db, storeId: string) {
  const [s] = await db.select({ id: stores.id, name: stores.name, storeType: stores.storeType, status: stores.status }).from(stores).where(eq(stores.id, storeId));
  if (!s || s.status !== 'open') throw new NotFound('store');
  return { id: s.id, name: s.name, storeType: s.storeType };
}

/** SQL: the store (an id value or column) is open, so buyers may see what it sells (not opening, closing or closed). */
export function storeOpenSql(storeId: SQLWrapper) {
  return sql<boolean>`exists (select 1 from stores where id = ${storeId} and status = 'open')`;
}

/** SQL: the name of a store (an id value or column), for statements of other modules. */
export function storeNameSql(storeId: SQLWrapper) {
  return sql<string>`(select name from stores where id = ${storeId})`;
}

/** Names of stores by id (for orders, carts, ledgers). */
export async function storeNames(db: Db, storeIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(storeIds)];
  if (!ids.length) return new Map();
  const rows = await db.select({ id: stores.id, name: stores.name }).from(stores).where(inArray(stores.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * A merchant applies for a new store. A new registration number makes a legal entity owned by the caller; the
 * owner's stores attach to it, at most N that are not closed. Anyone else giving that number gets a store in
 * entity review (a claim for the operator): it counts nothing against the entity, and the answer says nothing of
 * the entity (its name, type or stores) that the caller did not type.
 */
export async function applyForStore(ctx: Ctx, actor: Extract<Actor, { kind: 'user' }>, input: StoreApplication) {
  return inTransaction(ctx, async (tx) => {
    const reg = input.legalEntity.registrationNumber.trim().toUpperCase();
    const now = ctx.clock.now();
    await tx
      .insert(legalEntities)
      .values({ name: input.legalEntity.name.trim(), registrationNumber: reg, subjectType: input.subjectType, ownerId: actor.userId, createdAt: now })
      .onConflictDoNothing();
    // Lock the entity: two applications racing for the fifth store cannot both pass.
    const [entity] = await tx.select().from(legalEntities).where(eq(legalEntities.registrationNumber, reg)).for('update');
    if (entityApplicant(entity.ownerId, actor.userId) === 'claimant') return claimEntity(tx, ctx, actor, entity.id, input);
    if (entity.subjectType !== input.subjectType) {
      throw new Invalid('subject_type_mismatch', `Your legal entity is registered as ${entity.subjectType}.`, { subjectType: entity.subjectType });
    }
    const [{ n }] = await tx.select({ n: count() }).from(stores).where(and(eq(stores.legalEntityId, entity.id), ne(stores.status, 'closed')));
    if (n >= ctx.config.maxStoresPerEntity) {
      throw new Conflict('entity_store_limit', `Your legal entity already has ${n} stores; at most ${ctx.config.maxStoresPerEntity} are allowed.`, { limit: ctx.config.maxStoresPerEntity });
    }
    const store = await insertStore(tx, ctx, actor, entity.id, input);
    await recordAudit(tx, actor, { action: 'store.apply', entityType: 'store', entityId: store.id, storeId: store.id, summary: store.name, before: null, after: { status: 'opening', storeType: store.storeType, legalEntity: entity.name } }, now);
    return store;
  });
}

async function insertStore(tx: Db, ctx: Ctx, actor: Extract<Actor, { kind: 'user' }>, legalEntityId: string | null, input: StoreApplication) {
  const now = ctx.clock.now();
  const [store] = await tx
    .insert(stores)
    .values({ legalEntityId, ownerId: actor.userId, name: input.storeName.trim(), storeType: input.storeType, status: 'opening', currency: ctx.config.currency, createdAt: now })
    .returning();
  await tx.insert(storeMembers).values({ storeId: store.id, userId: actor.userId, role: 'owner', createdAt: now });
  return store;
}

/** Another account's entity: the store waits unattached, with a claim that asks for the claimant's licence. */
async function claimEntity(tx: Db, ctx: Ctx, actor: Extract<Actor, { kind: 'user' }>, legalEntityId: string, input: StoreApplication) {
  const [pending] = await tx
    .select({ storeId: entityClaims.storeId })
    .from(entityClaims)
    .where(and(eq(entityClaims.legalEntityId, legalEntityId), eq(entityClaims.claimantId, actor.userId), inArray(entityClaims.status, [...LIVE_CLAIM_STATES])));
  if (pending) {
    throw new Conflict('entity_claim_pending', 'You already applied for a store with this registration number and it is in entity review: send your licence there.', { storeId: pending.storeId });
  }
  const now = ctx.clock.now();
  const store = await insertStore(tx, ctx, actor, null, input);
  const [claim] = await tx
    .insert(entityClaims)
    .values({ legalEntityId, storeId: store.id, claimantId: actor.userId, claimedName: input.legalEntity.name.trim(), claimedSubjectType: input.subjectType, createdAt: now })
    .returning();
  await recordAudit(tx, actor, { action: 'store.apply', entityType: 'store', entityId: store.id, storeId: store.id, summary: store.name, before: null, after: { status: 'opening', storeType: store.storeType, legalEntity: claim.claimedName, entityClaim: claim.status } }, now);
  return store;
}

async function reviewCounts(tx: Db, storeId: string) {
  const rows = await tx
    .select({ status: categoryApplications.status, n: count() })
    .from(categoryApplications)
    .where(eq(categoryApplications.storeId, storeId))
    .groupBy(categoryApplications.status);
  const of = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  return { inReview: of('in_review'), approved: of('approved') };
}

export async function changeStatus(tx: Db, ctx: Ctx, actor: Actor | 'system', storeId: string, event: StoreEvent) {
  const [store] = await tx.select().from(stores).where(eq(stores.id, storeId)).for('update');
  if (!store) throw new NotFound('store');
  const to = storeMachine.transition(store.status, event);
  if (!mayReopen(event, store.closingBy)) {
    throw new Conflict('store_closing_by_operator', 'The platform is closing this store: only the operator can reinstate it. Contact the platform.');
  }
  const now = ctx.clock.now();
  await tx
    .update(stores)
    .set({
      status: to,
      closingBy: to === 'closing' ? closingBy(event) ?? null : null,
      ...(to === 'open' && !store.openedAt ? { openedAt: now } : {}),
      ...(to === 'closed' ? { closedAt: now } : {}),
    })
    .where(eq(stores.id, storeId));
  await recordAudit(tx, actor, { action: 'store.status_changed', entityType: 'store', entityId: storeId, storeId, summary: `${store.name}: ${event}`, before: { status: store.status }, after: { status: to } }, now);
  await storeStatusChanged.run(tx, { storeId, from: store.status, to });
  if (to === 'closed') {
    // A closed store asks for nothing more: what is still in review leaves the operator's queue, withdrawn.
    const reason = 'The store was closed.';
    const withdrawn = await tx
      .update(categoryApplications)
      .set({ status: 'withdrawn', reason, decidedAt: now, decidedBy: actor !== 'system' && actor.kind === 'user' ? actor.userId : null })
      .where(and(eq(categoryApplications.storeId, storeId), eq(categoryApplications.status, 'in_review')))
      .returning({ id: categoryApplications.id });
    for (const w of withdrawn) {
      await recordAudit(tx, actor, { action: 'category_application.withdraw', entityType: 'category_application', entityId: w.id, storeId, summary: reason, before: { status: 'in_review' }, after: { status: 'withdrawn', reason } }, now);
    }
    const claims = await tx
      .update(entityClaims)
      .set({ status: 'withdrawn', reason, decidedAt: now, decidedBy: actor !== 'system' && actor.kind === 'user' ? actor.userId : null })
      .where(and(eq(entityClaims.storeId, storeId), inArray(entityClaims.status, [...LIVE_CLAIM_STATES])))
      .returning({ id: entityClaims.id });
    for (const c of claims) {
      await recordAudit(tx, actor, { action: 'entity_claim.withdraw', entityType: 'entity_claim', entityId: c.id, storeId, summary: reason, before: null, after: { status: 'withdrawn', reason } }, now);
    }
  }
  return to;
}

/** Opens a store in review once its review is complete (nothing in review, something approved) and it has its legal entity. */
export async function openIfReviewComplete(tx: Db, ctx: Ctx, actor: Actor | 'system', storeId: string) {
  const [store] = await tx.select({ status: stores.status, legalEntityId: stores.legalEntityId }).from(stores).where(eq(stores.id, storeId)).for('update');
  if (store?.status === 'opening' && store.legalEntityId && reviewComplete(await reviewCounts(tx, storeId))) {
    await changeStatus(tx, ctx, actor, storeId, 'review_complete');
  }
}

/** The operator's checks of the store itself still due (rules.ts STORE_CHECKS), from what is known of it and its entity. */
export async function dueStoreChecks(db: Db, store: Pick<typeof stores.$inferSelect, 'status' | 'storeType' | 'legalEntityId'>) {
  let entityVerified = true;
  if (store.status === 'opening' && store.legalEntityId) {
    const [opened] = await db
      .select({ id: stores.id })
      .from(stores)
      .where(and(eq(stores.legalEntityId, store.legalEntityId), sql`${stores.openedAt} is not null`))
      .limit(1);
    entityVerified = !!opened;
  }
  return storeChecks({ status: store.status, storeType: store.storeType, entityVerified });
}

export type CategoryRequest = { categoryId: number; documentIds: string[] };

/**
 * Asks for categories, all or nothing: open ones with their mandatory qualifications are approved at once,
 * targeted ones wait for the operator, paused ones refuse the whole request.
 */
export async function requestCategories(ctx: Ctx, actor: Extract<Actor, { kind: 'user' }>, storeId: string, items: CategoryRequest[]) {
  return inTransaction(ctx, async (tx) => {
    const [store] = await tx.select().from(stores).where(eq(stores.id, storeId)).for('update');
    if (!store) throw new NotFound('store');
    if (store.status === 'closing' || store.status === 'closed') {
      throw new Conflict('store_not_accepting', `A ${store.status} store cannot ask for new categories.`);
    }
    const ids = items.map((i) => i.categoryId);
    if (new Set(ids).size !== ids.length) throw new Invalid('duplicate_category', 'Each category may appear once in a request.');
    const index = await loadIndex(tx);
    const docIds = [...new Set(items.flatMap((i) => i.documentIds))];
    const docs = docIds.length
      ? await tx.select().from(qualificationDocuments).where(and(inArray(qualificationDocuments.id, docIds), eq(qualificationDocuments.storeId, storeId)))
      : [];
    const unknownDoc = docIds.find((d) => !docs.some((x) => x.id === d));
    if (unknownDoc) throw new NotFound('document', { documentId: unknownDoc });
    const live = await tx
      .select({ categoryId: categoryApplications.categoryId, status: categoryApplications.status })
      .from(categoryApplications)
      .where(and(eq(categoryApplications.storeId, storeId), inArray(categoryApplications.status, ['in_review', 'approved'])));

    // The store's own checks: their documents come with the request and go with every application to the operator.
    const checks = await dueStoreChecks(tx, store);
    const paused: number[] = [];
    const missing: { categoryId: number; kinds: string[] }[] = [];
    const decided: { item: CategoryRequest; status: 'approved' | 'in_review' }[] = [];
    for (const item of items) {
      const cat = index.byId.get(item.categoryId);
      if (!cat) throw new NotFound('category', { categoryId: item.categoryId });
      if (cat.level !== 3) throw new Invalid('category_not_leaf', `Apply for third-level categories; "${cat.names.en}" is level ${cat.level}.`, { categoryId: cat.id });
      const existing = live.find((l) => l.categoryId === cat.id);
      if (existing) throw new Conflict('category_already_requested', `"${cat.names.en}" is already ${existing.status.replace('_', ' ')} for this store.`, { categoryId: cat.id });
      const mandatory = [...new Set(qualificationsOf(index, cat.id).filter((q) => q.mandatory).map((q) => q.kind))];
      const provided = docs.filter((d) => item.documentIds.includes(d.id)).map((d) => d.kind);
      const outcome = applicationOutcome(cat.policy, mandatory, provided);
      if ('refused' in outcome) {
        if (outcome.refused === 'category_paused') paused.push(cat.id);
        else missing.push({ categoryId: cat.id, kinds: outcome.missing });
      } else decided.push({ item, status: withStoreChecks(outcome.status, checks.reasons) });
    }
    if (paused.length) {
      throw new Invalid('category_paused', `${paused.length === 1 ? 'This category takes' : 'These categories take'} no new applications at the moment.`, { categoryIds: paused });
    }
    if (missing.length) {
      throw new Invalid('qualification_missing', `Upload the mandatory qualifications first: ${missing.map((m) => m.kinds.join(', ')).join('; ')}.`, { missing });
    }
    const checkDocs = docs.filter((d) => checks.documents.includes(d.kind)).map((d) => d.id);
    const checkMissing = checks.documents.filter((k) => !docs.some((d) => d.kind === k));
    if (checkMissing.length) {
      throw new Invalid('store_documents_missing', `Before this store first opens the platform checks it: upload ${checkMissing.join(', ')} and send it with the request.`, { missing: checkMissing, reasons: checks.reasons });
    }

    const now = ctx.clock.now();
    const rows = await tx
      .insert(categoryApplications)
      .values(decided.map((d) => ({
        storeId,
        categoryId: d.item.categoryId,
        status: d.status,
        documentIds: [...new Set([...d.item.documentIds, ...checkDocs])],
        reviewReasons: checks.reasons,
        createdAt: now,
        ...(d.status === 'approved' ? { decidedAt: now } : {}),
      })))
      .returning();
    for (const r of rows) {
      await recordAudit(tx, actor, {
        action: r.status === 'approved' ? 'category_application.auto_approved' : 'category_application.submitted',
        entityType: 'category_application', entityId: r.id, storeId,
        summary: index.byId.get(r.categoryId)!.code, before: null, after: { status: r.status, categoryId: r.categoryId },
      }, now);
    }
    // The request that completes the review opens the store: credited to whoever made it.
    await openIfReviewComplete(tx, ctx, actor, storeId);
    return rows.map(publicApplication);
  });
}

function publicApplication(a: typeof categoryApplications.$inferSelect) {
  return {
    id: a.id,
    storeId: a.storeId,
    categoryId: a.categoryId,
    status: a.status,
    reason: a.reason,
    documentIds: a.documentIds,
    reviewReasons: a.reviewReasons,
    createdAt: a.createdAt.toISOString(),
    decidedAt: a.decidedAt?.toISOString() ?? null,
  };
}

async function moveApplication(ctx: Ctx, actor: Actor, applicationId: string, event: 'approve' | 'reject' | 'withdraw', opts: { storeId?: string; reason?: string }) {
  return inTransaction(ctx, async (tx) => {
    const where = opts.storeId
      ? and(eq(categoryApplications.id, applicationId), eq(categoryApplications.storeId, opts.storeId))
      : eq(categoryApplications.id, applicationId);
    const [app] = await tx.select().from(categoryApplications).where(where).for('update');
    if (!app) throw new NotFound('category_application');
    const to = applicationMachine.transition(app.status, event);
    const now = ctx.clock.now();
    const [after] = await tx
      .update(categoryApplications)
      .set({ status: to, reason: opts.reason ?? null, decidedAt: now, decidedBy: actor.kind === 'user' ? actor.userId : null })
      .where(eq(categoryApplications.id, app.id))
      .returning();
    const [cat] = await tx.select({ code: categories.code }).from(categories).where(eq(categories.id, app.categoryId));
    const [store] = await tx.select({ name: stores.name }).from(stores).where(eq(stores.id, app.storeId));
    await recordAudit(tx, actor, {
      action: `category_application.${event}`, entityType: 'category_application', entityId: app.id, storeId: app.storeId,
      summary: `${store.name}: ${cat.code}${opts.reason ? ` (${opts.reason})` : ''}`,
      before: { status: app.status, categoryId: app.categoryId }, after: { status: to, categoryId: app.categoryId, reason: opts.reason ?? null },
    }, now);
    await openIfReviewComplete(tx, ctx, actor, app.storeId);
    return publicApplication(after);
  });
}

export const approveApplication = (ctx: Ctx, actor: Actor, id: string) => moveApplication(ctx, actor, id, 'approve', {});
export const rejectApplication = (ctx: Ctx, actor: Actor, id: string, reason: string) => moveApplication(ctx, actor, id, 'reject', { reason });
export const withdrawApplication = (ctx: Ctx, actor: Actor, storeId: string, id: string) => moveApplication(ctx, actor, id, 'withdraw', { storeId });

/** A person moves a store through its life; the role decides which events are theirs. */
export async function changeStoreStatus(ctx: Ctx, actor: Actor, storeId: string, event: Exclude<StoreEvent, SystemStoreEvent>) {
  if (STORE_EVENT_ROLES[event] !== actor.role) {
    throw new Forbidden(`Only the ${STORE_EVENT_ROLES[event]} may ${event.replace(/_/g, ' ')} a store.`, 'store_event_not_yours');
  }
  return inTransaction(ctx, async (tx) => {
    await changeStatus(tx, ctx, actor, storeId, event);
    return getStore(tx, storeId);
  });
}

export async function getStore(db: Db, storeId: string) {
  const [row] = await db
    .select({ store: stores, entity: legalEntities, ownerEmail: users.email, claim: entityClaims })
    .from(stores)
    .leftJoin(legalEntities, eq(legalEntities.id, stores.legalEntityId))
    .leftJoin(entityClaims, eq(entityClaims.storeId, stores.id))
    .innerJoin(users, eq(users.id, stores.ownerId))
    .where(eq(stores.id, storeId));
  if (!row) throw new NotFound('store');
  const index = await loadIndex(db);
  const apps = await db.select().from(categoryApplications).where(eq(categoryApplications.storeId, storeId)).orderBy(desc(categoryApplications.createdAt));
  const deposit = await depositSummary(db, storeId, index);
  return {
    id: row.store.id,
    name: row.store.name,
    storeType: row.store.storeType,
    status: row.store.status,
    currency: row.store.currency,
    ownerEmail: row.ownerEmail,
    createdAt: row.store.createdAt.toISOString(),
    openedAt: row.store.openedAt?.toISOString() ?? null,
    closingBy: row.store.closingBy,
    legalEntity: await storeEntity(db, row.entity, row.claim),
    entityClaim: row.claim && publicClaim(row.claim),
    applications: apps.map((a) => ({ ...publicApplication(a), category: categoryLabel(index, a.categoryId) })),
    checks: await dueStoreChecks(db, row.store),
    deposit,
  };
}

/**
 * The legal entity as the store's members see it: the entity once the store belongs to it; before that, only what
 * the claimant typed (never the name or type of the entity it claims).
 */
async function storeEntity(db: Db, entity: typeof legalEntities.$inferSelect | null, claim: typeof entityClaims.$inferSelect | null) {
  if (entity) return { id: entity.id as string | null, name: entity.name, registrationNumber: entity.registrationNumber, subjectType: entity.subjectType };
  if (!claim) throw new NotFound('legal_entity');
  const [{ reg }] = await db.select({ reg: legalEntities.registrationNumber }).from(legalEntities).where(eq(legalEntities.id, claim.legalEntityId));
  return { id: null, name: claim.claimedName, registrationNumber: reg, subjectType: claim.claimedSubjectType };
}

export function publicClaim(c: typeof entityClaims.$inferSelect) {
  return {
    id: c.id,
    status: c.status,
    documentIds: c.documentIds,
    reason: c.reason,
    createdAt: c.createdAt.toISOString(),
    submittedAt: c.submittedAt?.toISOString() ?? null,
    decidedAt: c.decidedAt?.toISOString() ?? null,
  };
}

function categoryLabel(index: Awaited<ReturnType<typeof loadIndex>>, id: number) {
  const c = index.byId.get(id)!;
  const parent = c.parentId == null ? undefined : index.byId.get(c.parentId);
  const root = parent?.parentId == null ? undefined : index.byId.get(parent.parentId);
  return { id: c.id, code: c.code, names: c.names, policy: c.policy, path: [root?.names, parent?.names].filter((n): n is NonNullable<typeof n> => !!n) };
}

export type StoreListQuery = { status?: (typeof stores.$inferSelect)['status']; memberId?: string; limit: number; offset: number };

export async function listStores(db: Db, q: StoreListQuery) {
  const conds = [];
  if (q.status) conds.push(eq(stores.status, q.status));
  if (q.memberId) conds.push(sql`${stores.id} in (select store_id from store_members where user_id = ${q.memberId})`);
  const rows = await db
    .select({
      store: stores,
      entityName: sql<string>`coalesce(${legalEntities.name}, (select c.claimed_name from entity_claims c where c.store_id = ${stores.id}))`,
      entityClaim: sql<EntityClaimState | null>`(select c.status from entity_claims c where c.store_id = ${stores.id})`,
      inReview: sql<number>`(select count(*)::int from category_applications a where a.store_id = ${stores.id} and a.status = 'in_review')`,
      approved: sql<number>`(select count(*)::int from category_applications a where a.store_id = ${stores.id} and a.status = 'approved')`,
      myRole: q.memberId ? sql<StoreRole>`(select m.role from store_members m where m.store_id = ${stores.id} and m.user_id = ${q.memberId})` : sql<null>`null`,
    })
    .from(stores)
    .leftJoin(legalEntities, eq(legalEntities.id, stores.legalEntityId))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(stores.createdAt), desc(stores.id))
    .limit(q.limit)
    .offset(q.offset);
  return rows.map((r) => ({
    id: r.store.id,
    name: r.store.name,
    storeType: r.store.storeType,
    status: r.store.status,
    legalEntityName: r.entityName,
    entityClaim: r.entityClaim,
    inReview: r.inReview,
    approved: r.approved,
    createdAt: r.store.createdAt.toISOString(),
    ...(q.memberId ? { myRole: r.myRole as StoreRole } : {}),
  }));
}

/** The operator's store list, one page of it with how many stores match (the count reads the status index). */
export async function storePage(db: Db, q: Omit<StoreListQuery, 'memberId'>) {
  const [list, [{ n }]] = await Promise.all([
    listStores(db, q),
    db.select({ n: count() }).from(stores).where(q.status ? eq(stores.status, q.status) : undefined),
  ]);
  return { stores: list, total: n };
}

/** The operator's review queue, oldest first, with the store, the category and the documents; one page and the total. */
export async function listApplications(db: Db, q: { status?: (typeof categoryApplications.$inferSelect)['status']; limit: number; offset: number }) {
  const where = q.status ? eq(categoryApplications.status, q.status) : undefined;
  const [rows, [{ n }]] = await Promise.all([
    db
      .select({ app: categoryApplications, storeName: stores.name })
      .from(categoryApplications)
      .innerJoin(stores, eq(stores.id, categoryApplications.storeId))
      .where(where)
      .orderBy(categoryApplications.createdAt, categoryApplications.id)
      .limit(q.limit)
      .offset(q.offset),
    db.select({ n: count() }).from(categoryApplications).where(where),
  ]);
  const index = await loadIndex(db);
  const docIds = [...new Set(rows.flatMap((r) => r.app.documentIds))];
  const docs = docIds.length ? await db.select().from(qualificationDocuments).where(inArray(qualificationDocuments.id, docIds)) : [];
  const applications = rows.map((r) => ({
    ...publicApplication(r.app),
    storeName: r.storeName,
    category: categoryLabel(index, r.app.categoryId),
    documents: docs.filter((d) => r.app.documentIds.includes(d.id)).map((d) => ({ id: d.id, kind: d.kind, fileName: d.fileName, mimeType: d.mimeType })),
  }));
  return { applications, total: n };
}

/** A store's after-sales window: the platform's days, or longer when the store offers more (never shorter). */
export const MAX_AFTER_SALES_DAYS = 90;

export async function afterSalesWindow(db: Db, platformDays: number, storeId: string) {
  const [row] = await db.select({ days: stores.afterSalesDays }).from(stores).where(eq(stores.id, storeId));
  if (!row) throw new NotFound('store');
  return { platformDays, storeDays: row.days, days: Math.max(platformDays, row.days ?? 0), maxDays: MAX_AFTER_SALES_DAYS };
}

/** The store lengthens (or, with null, gives back to the platform's) its after-sales window; audited. */
export async function setAfterSalesWindow(ctx: Ctx, actor: Actor, storeId: string, days: number | null) {
  const platformDays = ctx.config.afterSalesDays;
  if (days !== null && (days < platformDays || days > MAX_AFTER_SALES_DAYS)) {
    throw new Invalid('after_sales_days_invalid', `A store may lengthen the after-sales window to between ${platformDays} and ${MAX_AFTER_SALES_DAYS} days, never shorten it.`, { min: platformDays, max: MAX_AFTER_SALES_DAYS });
  }
  return inTransaction(ctx, async (tx) => {
    const [before] = await tx.select({ days: stores.afterSalesDays, name: stores.name }).from(stores).where(eq(stores.id, storeId)).for('update');
    if (!before) throw new NotFound('store');
    await tx.update(stores).set({ afterSalesDays: days }).where(eq(stores.id, storeId));
    await recordAudit(tx, actor, {
      action: 'store.after_sales_window', entityType: 'store', entityId: storeId, storeId, summary: `${before.name}: ${days ?? platformDays} days`,
      before: { afterSalesDays: before.days }, after: { afterSalesDays: days },
    }, ctx.clock.now());
    return afterSalesWindow(tx, platformDays, storeId);
  });
}
