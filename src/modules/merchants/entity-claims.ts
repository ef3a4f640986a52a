// Claims on legal entities: a store applied for with the registration number of an entity another account owns
// waits in entity review. The claimant sends its licence; the operator grants (the store joins the entity, or the
// claimant becomes its owner) or rejects (the store closes). Nothing here counts against the owner until granted.
import { and, asc, count, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Conflict, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { users } from '../accounts/schema.ts';
import { entityClaims, legalEntities, qualificationDocuments, stores, type ENTITY_CLAIM_STATES, type ENTITY_GRANTS } from './schema.ts';
import { entityClaimMachine } from './rules.ts';
import { changeStatus, openIfReviewComplete, publicClaim } from './stores.ts';

type Grant = (typeof ENTITY_GRANTS)[number];

/** The claimant sends (more of) its licence documents, uploaded to the store like qualifications: the claim goes to review. */
export async function submitEntityClaim(ctx: Ctx, actor: Actor, storeId: string, documentIds: string[]) {
  return inTransaction(ctx, async (tx) => {
    const [claim] = await tx.select().from(entityClaims).where(eq(entityClaims.storeId, storeId)).for('update');
    if (!claim) throw new NotFound('entity_claim');
    const to = entityClaimMachine.transition(claim.status, 'submit');
    const ids = [...new Set(documentIds)];
    const docs = await tx.select({ id: qualificationDocuments.id }).from(qualificationDocuments)
      .where(and(inArray(qualificationDocuments.id, ids), eq(qualificationDocuments.storeId, storeId)));
    const unknown = ids.find((d) => !docs.some((x) => x.id === d));
    if (unknown) throw new NotFound('document', { documentId: unknown });
    const now = ctx.clock.now();
    const [after] = await tx
      .update(entityClaims)
      .set({ status: to, documentIds: [...new Set([...claim.documentIds, ...ids])], submittedAt: claim.submittedAt ?? now })
      .where(eq(entityClaims.id, claim.id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'entity_claim.submit', entityType: 'entity_claim', entityId: claim.id, storeId, summary: `${ids.length} document(s)`,
      before: { status: claim.status, documentIds: claim.documentIds }, after: { status: to, documentIds: after.documentIds },
    }, now);
    return publicClaim(after);
  });
}

async function lockClaim(tx: Db, claimId: string) {
  const [claim] = await tx.select().from(entityClaims).where(eq(entityClaims.id, claimId)).for('update');
  if (!claim) throw new NotFound('entity_claim');
  return claim;
}

/**
 * The operator grants a claim: the claimant's store joins the entity (within the entity's store limit, checked
 * now), and with `transfer` the claimant becomes the entity's owner (its later stores attach at once; the former
 * owner's stores stay where they are). The store opens if its category review is already complete.
 */
export async function grantEntityClaim(ctx: Ctx, actor: Actor, claimId: string, grant: Grant) {
  return inTransaction(ctx, async (tx) => {
    const claim = await lockClaim(tx, claimId);
    const to = entityClaimMachine.transition(claim.status, 'grant');
    const [entity] = await tx.select().from(legalEntities).where(eq(legalEntities.id, claim.legalEntityId)).for('update');
    const [{ n }] = await tx.select({ n: count() }).from(stores).where(and(eq(stores.legalEntityId, entity.id), ne(stores.status, 'closed')));
    if (n >= ctx.config.maxStoresPerEntity) {
      throw new Conflict('entity_store_limit', `This legal entity already has ${n} stores; at most ${ctx.config.maxStoresPerEntity} are allowed. The owner must close one first, or reject the claim.`, { limit: ctx.config.maxStoresPerEntity });
    }
    const now = ctx.clock.now();
    await tx.update(stores).set({ legalEntityId: entity.id }).where(eq(stores.id, claim.storeId));
    const ownerId = grant === 'transfer' ? claim.claimantId : entity.ownerId;
    if (grant === 'transfer') await tx.update(legalEntities).set({ ownerId }).where(eq(legalEntities.id, entity.id));
    const [after] = await tx
      .update(entityClaims)
      .set({ status: to, grant, decidedAt: now, decidedBy: actor.kind === 'user' ? actor.userId : null })
      .where(eq(entityClaims.id, claim.id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'entity_claim.grant', entityType: 'legal_entity', entityId: entity.id, storeId: claim.storeId,
      summary: `${entity.registrationNumber}: ${grant === 'transfer' ? 'ownership transferred to the claimant' : 'store attached'}`,
      before: { claim: claim.status, ownerId: entity.ownerId, storeLegalEntityId: null },
      after: { claim: to, grant, ownerId, storeLegalEntityId: entity.id, claimId: claim.id },
    }, now);
    await openIfReviewComplete(tx, ctx, actor, claim.storeId);
    return publicClaim(after);
  });
}

/** The operator rejects a claim with a reason: the claimant's store closes (it never had an entity). */
export async function rejectEntityClaim(ctx: Ctx, actor: Actor, claimId: string, reason: string) {
  return inTransaction(ctx, async (tx) => {
    const claim = await lockClaim(tx, claimId);
    const to = entityClaimMachine.transition(claim.status, 'reject');
    const now = ctx.clock.now();
    const [after] = await tx
      .update(entityClaims)
      .set({ status: to, reason, decidedAt: now, decidedBy: actor.kind === 'user' ? actor.userId : null })
      .where(eq(entityClaims.id, claim.id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'entity_claim.reject', entityType: 'entity_claim', entityId: claim.id, storeId: claim.storeId, summary: reason,
      before: { status: claim.status }, after: { status: to, reason },
    }, now);
    await changeStatus(tx, ctx, actor, claim.storeId, 'entity_refused');
    return publicClaim(after);
  });
}

const person = (u: { id: string; email: string; displayName: string } | undefined) => u && { userId: u.id, email: u.email, displayName: u.displayName };

/** The operator's queue: each claim beside the entity it claims, that entity's owner and stores, and the documents. */
export async function listEntityClaims(db: Db, q: { status?: (typeof ENTITY_CLAIM_STATES)[number]; limit: number; offset: number }) {
  const claims = await db
    .select({ claim: entityClaims, store: { id: stores.id, name: stores.name, storeType: stores.storeType, status: stores.status }, entity: legalEntities })
    .from(entityClaims)
    .innerJoin(stores, eq(stores.id, entityClaims.storeId))
    .innerJoin(legalEntities, eq(legalEntities.id, entityClaims.legalEntityId))
    .where(q.status ? eq(entityClaims.status, q.status) : undefined)
    .orderBy(asc(entityClaims.submittedAt), asc(entityClaims.createdAt))
    .limit(q.limit)
    .offset(q.offset);
  if (!claims.length) return [];
  const entityIds = [...new Set(claims.map((c) => c.entity.id))];
  const userIds = [...new Set(claims.flatMap((c) => [c.claim.claimantId, ...(c.entity.ownerId ? [c.entity.ownerId] : [])]))];
  const docIds = [...new Set(claims.flatMap((c) => c.claim.documentIds))];
  const [entityStores, people, docs] = await Promise.all([
    db.select({ id: stores.id, name: stores.name, status: stores.status, legalEntityId: stores.legalEntityId, ownerId: stores.ownerId })
      .from(stores).where(inArray(stores.legalEntityId, entityIds)).orderBy(asc(stores.createdAt)),
    db.select({ id: users.id, email: users.email, displayName: users.displayName }).from(users).where(inArray(users.id, userIds)),
    docIds.length ? db.select().from(qualificationDocuments).where(inArray(qualificationDocuments.id, docIds)) : Promise.resolve([]),
  ]);
  const who = (id: string | null) => person(people.find((p) => p.id === id)) ?? null;
  return claims.map(({ claim, store, entity }) => ({
    ...publicClaim(claim),
    grant: claim.grant,
    claimant: who(claim.claimantId)!,
    claimedName: claim.claimedName,
    claimedSubjectType: claim.claimedSubjectType,
    store,
    documents: docs.filter((d) => claim.documentIds.includes(d.id)).map((d) => ({ id: d.id, kind: d.kind, fileName: d.fileName, mimeType: d.mimeType })),
    entity: {
      id: entity.id, name: entity.name, registrationNumber: entity.registrationNumber, subjectType: entity.subjectType, owner: who(entity.ownerId),
      stores: entityStores.filter((s) => s.legalEntityId === entity.id).map((s) => ({ id: s.id, name: s.name, status: s.status, ownedByOwner: s.ownerId === entity.ownerId })),
    },
  }));
}
