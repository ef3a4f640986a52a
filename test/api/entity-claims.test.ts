// A legal entity belongs to the account that registered it. Another account giving its registration number gets a
// store in entity review (a claim the operator decides), which attaches to nothing, counts nothing against the
// owner's limit and tells the caller nothing about the entity.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator, signUp, testEnv, type TestEnv } from '../helpers.ts';
import { ask, expectProblem, getStore, newStore, regNumber, scalar, storeBody, uploadOk, type Who } from './support.ts';

let env: TestEnv;
let op: Who;
beforeAll(async () => {
  env = await testEnv();
  op = await operator(env);
});
afterAll(async () => { await env?.close(); });

const OWNER_ENTITY = { name: 'Jade Mountain Holdings Ltd', registrationNumber: '' };
const apply = (who: Who, body: Record<string, unknown>) => env.app.inject({ method: 'POST', url: '/api/merchant/stores', headers: who.headers, payload: body });
/** An entity registered by a fresh owner account, with its first store. */
async function ownedEntity() {
  const owner = await signUp(env.app, 'merchant');
  const reg = regNumber('LIC');
  const first = await newStore(env, owner, storeBody(reg, { storeName: 'Owner Store 1', legalEntity: { ...OWNER_ENTITY, registrationNumber: reg } }));
  return { owner, reg, entityId: first.legalEntity.id, first };
}
const claimBody = (reg: string, over: Record<string, unknown> = {}) =>
  storeBody(reg, { storeName: 'Claimant Store', legalEntity: { name: 'Claimant Typed Name Co', registrationNumber: reg }, ...over });
const claims = async (status?: string) =>
  (await env.app.inject({ method: 'GET', url: `/api/operator/entity-claims${status ? `?status=${status}` : ''}`, headers: op.headers })).json();
/** A claimant's store with its licence sent: the claim is in the operator's queue. */
async function submittedClaim(reg: string, over: Record<string, unknown> = {}) {
  const claimant = await signUp(env.app, 'merchant');
  const store = await newStore(env, claimant, claimBody(reg, over));
  const doc = await uploadOk(env, claimant, store.id, 'business_licence');
  const sent = await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/entity-claim`, headers: claimant.headers, payload: { documentIds: [doc] } });
  expect(sent.statusCode, sent.body).toBe(200);
  const claim = (await claims('in_review')).find((c: { store: { id: string } }) => c.store.id === store.id);
  return { claimant, store, doc, claim };
}
const activeStores = (entityId: string) => scalar(env.ctx.db, sql`select count(*) from stores where legal_entity_id = ${entityId} and status <> 'closed'`);

describe('another account giving a registered number', () => {
  it('does not attach its store to the entity and is not shown the entity\'s name or type', async () => {
    const { reg, entityId } = await ownedEntity();
    const intruder = await signUp(env.app, 'merchant');
    // Another subject type than the entity's: no subject_type_mismatch, which would tell the entity's type.
    const res = await apply(intruder, claimBody(reg, { subjectType: 'individual_business', storeType: 'individual' }));
    expect(res.statusCode, res.body).toBe(201);
    const store = res.json();
    expect(res.body).not.toContain(OWNER_ENTITY.name);
    expect(res.body).not.toContain(entityId);
    expect(res.body).not.toContain('enterprise');
    expect(store).toMatchObject({
      status: 'opening',
      legalEntity: { id: null, name: 'Claimant Typed Name Co', registrationNumber: reg, subjectType: 'individual_business' },
      entityClaim: { status: 'documents_required', documentIds: [] },
    });
    expect(await scalar(env.ctx.db, sql`select legal_entity_id from stores where id = ${store.id}`)).toBeNull();
    // Its own lists and audit say no more.
    const mine = (await env.app.inject({ method: 'GET', url: '/api/merchant/stores', headers: intruder.headers })).json();
    expect(mine).toEqual([expect.objectContaining({ id: store.id, legalEntityName: 'Claimant Typed Name Co', entityClaim: 'documents_required' })]);
    const audit = await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${store.id}/audit`, headers: intruder.headers });
    expect(audit.body).not.toContain(OWNER_ENTITY.name);
  });

  it('four such stores leave the owner free to open all five of its own, and claims are never refused for the owner\'s limit', async () => {
    const { owner, reg, entityId } = await ownedEntity();
    for (let i = 0; i < 4; i++) {
      const other = await signUp(env.app, 'merchant');
      expect((await apply(other, claimBody(reg, { storeName: `Squatter ${i}` }))).statusCode).toBe(201);
    }
    for (let i = 2; i <= 5; i++) await newStore(env, owner, storeBody(reg, { storeName: `Owner Store ${i}` }));
    expect(await activeStores(entityId)).toBe(5);
    // The owner's sixth is refused; the owner may know its own limit.
    expectProblem(await apply(owner, storeBody(reg, { storeName: 'Owner Store 6' })), 409, 'entity_store_limit');
    // Anyone else still gets the same answer as before: a store in entity review, no limit error.
    const late = await apply(await signUp(env.app, 'merchant'), claimBody(reg));
    expect(late.statusCode, late.body).toBe(201);
    expect(late.json().entityClaim.status).toBe('documents_required');
    expect(late.body).not.toContain('limit');
  });

  it('gets the same answer whatever the entity: its type, its name and how many stores it has change nothing', async () => {
    const answers = [];
    for (const full of [false, true]) {
      const { owner, reg } = await ownedEntity();
      if (full) for (let i = 2; i <= 5; i++) await newStore(env, owner, storeBody(reg, { storeName: `Owner Store ${i}` }));
      const res = await apply(await signUp(env.app, 'merchant'), claimBody(reg, { subjectType: 'individual_business', storeType: 'individual' }));
      expect(res.statusCode).toBe(201);
      const { id: _id, createdAt: _c, ownerEmail: _o, entityClaim, legalEntity, ...rest } = res.json();
      answers.push({ ...rest, legalEntity: { ...legalEntity, registrationNumber: 'x' }, entityClaim: { ...entityClaim, id: 'x', createdAt: 'x' } });
    }
    expect(answers[1]).toEqual(answers[0]);
  });

  it('cannot open the store while the claim waits, and one live claim per account and entity', async () => {
    const { reg } = await ownedEntity();
    const claimant = await signUp(env.app, 'merchant');
    const store = await newStore(env, claimant, claimBody(reg));
    // Categories may be asked meanwhile; an open category is approved, but the store stays in review without its entity.
    expect((await ask(env, claimant, store.id, ['apparel.women.dresses'])).statusCode).toBe(201);
    expect((await getStore(env, claimant, store.id)).status).toBe('opening');
    const again = expectProblem(await apply(claimant, claimBody(reg, { storeName: 'Second try' })), 409, 'entity_claim_pending');
    expect(again.storeId).toBe(store.id);
  });

  it('sends its licence like a qualification document; documents of another store are not found', async () => {
    const { reg } = await ownedEntity();
    const claimant = await signUp(env.app, 'merchant');
    const store = await newStore(env, claimant, claimBody(reg));
    const otherStore = await newStore(env, claimant);
    const foreign = await uploadOk(env, claimant, otherStore.id, 'business_licence');
    expectProblem(await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/entity-claim`, headers: claimant.headers, payload: { documentIds: [foreign] } }), 404, 'document_not_found');
    // A store that claims nothing has no claim to send documents to.
    expectProblem(await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${otherStore.id}/entity-claim`, headers: claimant.headers, payload: { documentIds: [foreign] } }), 404, 'entity_claim_not_found');
    const doc = await uploadOk(env, claimant, store.id, 'business_licence');
    const sent = await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/entity-claim`, headers: claimant.headers, payload: { documentIds: [doc] } });
    expect(sent.json()).toMatchObject({ status: 'in_review', documentIds: [doc] });
    expect((await getStore(env, claimant, store.id)).entityClaim.status).toBe('in_review');
  });
});

describe('the operator decides a claim', () => {
  it('sees the entity, its owner and stores beside the claimant and its documents', async () => {
    const { owner, reg, entityId, first } = await ownedEntity();
    const { claimant, store, doc, claim } = await submittedClaim(reg);
    expect(claim).toMatchObject({
      status: 'in_review', claimedName: 'Claimant Typed Name Co', claimedSubjectType: 'enterprise',
      claimant: { userId: claimant.userId, email: claimant.email },
      store: { id: store.id, name: 'Claimant Store', status: 'opening' },
      documents: [{ id: doc, kind: 'business_licence', mimeType: 'application/pdf' }],
      entity: { id: entityId, name: OWNER_ENTITY.name, registrationNumber: reg, subjectType: 'enterprise', owner: { userId: owner.userId, email: owner.email }, stores: [{ id: first.id, name: 'Owner Store 1', ownedByOwner: true }] },
    });
    const file = await env.app.inject({ method: 'GET', url: `/api/operator/documents/${doc}`, headers: op.headers });
    expect(file.headers['content-type']).toBe('application/pdf');
    // Merchants cannot read the queue.
    expect((await env.app.inject({ method: 'GET', url: '/api/operator/entity-claims', headers: claimant.headers })).statusCode).toBe(403);
  });

  it('rejects it with a reason: the store closes, nothing joins the entity, and the log says who and why', async () => {
    const { reg, entityId } = await ownedEntity();
    const { claimant, store, claim } = await submittedClaim(reg);
    expectProblem(await env.app.inject({ method: 'POST', url: `/api/operator/entity-claims/${claim.id}/reject`, headers: op.headers, payload: { reason: '' } }), 400, 'validation_failed');
    const res = await env.app.inject({ method: 'POST', url: `/api/operator/entity-claims/${claim.id}/reject`, headers: op.headers, payload: { reason: 'The licence belongs to another company.' } });
    expect(res.json()).toMatchObject({ status: 'rejected', reason: 'The licence belongs to another company.' });
    const after = await getStore(env, claimant, store.id);
    expect(after).toMatchObject({ status: 'closed', entityClaim: { status: 'rejected', reason: 'The licence belongs to another company.' }, legalEntity: { id: null } });
    expect(await activeStores(entityId)).toBe(1);
    const log = (await env.app.inject({ method: 'GET', url: `/api/operator/audit?entityId=${claim.id}`, headers: op.headers })).json();
    expect(log.items[0]).toMatchObject({ action: 'entity_claim.reject', actorRole: 'operator', after: { status: 'rejected' } });
    // Decided once.
    expectProblem(await env.app.inject({ method: 'POST', url: `/api/operator/entity-claims/${claim.id}/grant`, headers: op.headers, payload: { grant: 'attach' } }), 409, 'entity_claim_transition_not_allowed');
  });

  it('grants it as a store of the entity: the store joins (and opens once its categories are approved), the owner stays', async () => {
    const { owner, reg, entityId } = await ownedEntity();
    const { claimant, store, claim } = await submittedClaim(reg);
    expect((await ask(env, claimant, store.id, ['apparel.women.dresses'])).statusCode).toBe(201);
    const res = await env.app.inject({ method: 'POST', url: `/api/operator/entity-claims/${claim.id}/grant`, headers: op.headers, payload: { grant: 'attach' } });
    expect(res.json()).toMatchObject({ status: 'granted' });
    const after = await getStore(env, claimant, store.id);
    expect(after).toMatchObject({ status: 'open', legalEntity: { id: entityId, name: OWNER_ENTITY.name }, entityClaim: { status: 'granted' } });
    expect(await activeStores(entityId)).toBe(2);
    expect(await scalar(env.ctx.db, sql`select owner_id from legal_entities where id = ${entityId}`)).toBe(owner.userId);
    const log = (await env.app.inject({ method: 'GET', url: `/api/operator/audit?entityId=${entityId}`, headers: op.headers })).json();
    expect(log.items[0]).toMatchObject({ action: 'entity_claim.grant', after: { grant: 'attach', ownerId: owner.userId, storeLegalEntityId: entityId } });
  });

  it('grants it as the new owner: the claimant\'s next stores attach at once, the former owner\'s become claims', async () => {
    const { owner, reg, entityId } = await ownedEntity();
    const { claimant, claim } = await submittedClaim(reg);
    await env.app.inject({ method: 'POST', url: `/api/operator/entity-claims/${claim.id}/grant`, headers: op.headers, payload: { grant: 'transfer' } });
    expect(await scalar(env.ctx.db, sql`select owner_id from legal_entities where id = ${entityId}`)).toBe(claimant.userId);
    const next = await newStore(env, claimant, claimBody(reg, { storeName: 'Claimant Store 2' }));
    expect(next).toMatchObject({ legalEntity: { id: entityId }, entityClaim: null });
    const former = await newStore(env, owner, storeBody(reg, { storeName: 'Owner Store 2' }));
    expect(former).toMatchObject({ legalEntity: { id: null }, entityClaim: { status: 'documents_required' } });
    expect(JSON.stringify(former)).not.toContain(OWNER_ENTITY.name);
  });

  it('cannot grant past the entity\'s store limit', async () => {
    const { owner, reg, entityId } = await ownedEntity();
    const { claim } = await submittedClaim(reg);
    for (let i = 2; i <= 5; i++) await newStore(env, owner, storeBody(reg, { storeName: `Owner Store ${i}` }));
    expectProblem(await env.app.inject({ method: 'POST', url: `/api/operator/entity-claims/${claim.id}/grant`, headers: op.headers, payload: { grant: 'attach' } }), 409, 'entity_store_limit');
    expect(await activeStores(entityId)).toBe(5);
    expect((await claims('in_review')).some((c: { id: string }) => c.id === claim.id)).toBe(true);
  });

  it('a claimant who cancels its store withdraws the claim from the queue', async () => {
    const { reg } = await ownedEntity();
    const { claimant, store, claim } = await submittedClaim(reg);
    const cancelled = await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/status`, headers: claimant.headers, payload: { event: 'cancel' } });
    expect(cancelled.json()).toMatchObject({ status: 'closed', entityClaim: { status: 'withdrawn' } });
    expect((await claims('in_review')).some((c: { id: string }) => c.id === claim.id)).toBe(false);
  });
});
