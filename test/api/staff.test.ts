// A store's people: invitations the invitee answers, roles that decide what each member may do, role changes and
// removal by the owner (or a member with staff.manage), never of the owner; everything in the store's audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, testEnv, type TestEnv } from '../helpers.ts';
import { expectProblem, newStore, rows, type Who } from './support.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => { await env?.close(); });

const call = (method: string, url: string, who: Who | undefined, payload?: unknown) =>
  env.app.inject({ method: method as 'GET', url, headers: who?.headers ?? {}, payload: payload as object });
const S = (id: string) => `/api/merchant/stores/${id}`;

/** The owner invites, the invitee accepts: a member with that role. */
async function join(store: { id: string }, owner: Who, role: string) {
  const member = await signUp(env.app, 'merchant');
  const inv = await call('POST', `${S(store.id)}/invitations`, owner, { email: member.email, role });
  expect(inv.statusCode, inv.body).toBe(201);
  const accepted = await call('POST', `/api/merchant/invitations/${inv.json().id}/accept`, member);
  expect(accepted.statusCode, accepted.body).toBe(200);
  return member;
}

describe('invitations', () => {
  it('an owner invites an e-mail with a role; nothing is granted until the invitee accepts', async () => {
    const owner = await signUp(env.app, 'merchant');
    const store = await newStore(env, owner);
    const invitee = await signUp(env.app, 'merchant');
    const inv = await call('POST', `${S(store.id)}/invitations`, owner, { email: invitee.email.toUpperCase(), role: 'customer_service' });
    expect(inv.statusCode, inv.body).toBe(201);
    expect(inv.json()).toMatchObject({ email: invitee.email, role: 'customer_service', status: 'pending' });
    // Not a member yet: the store does not exist for them.
    expectProblem(await call('GET', S(store.id), invitee), 404, 'store_not_found');
    expect((await call('GET', `${S(store.id)}/invitations`, owner)).json().map((i: { id: string }) => i.id)).toEqual([inv.json().id]);
    // A second invitation for the same e-mail waits for the first one to be answered or revoked.
    expectProblem(await call('POST', `${S(store.id)}/invitations`, owner, { email: invitee.email, role: 'manager' }), 409, 'invitation_pending');

    const mine = (await call('GET', '/api/merchant/invitations', invitee)).json();
    expect(mine).toEqual([expect.objectContaining({ id: inv.json().id, storeId: store.id, storeName: 'Test Store', role: 'customer_service' })]);
    // Nobody else can answer it.
    const other = await signUp(env.app, 'merchant');
    expect((await call('GET', '/api/merchant/invitations', other)).json()).toEqual([]);
    expectProblem(await call('POST', `/api/merchant/invitations/${inv.json().id}/accept`, other), 404, 'store_invitation_not_found');

    expect((await call('POST', `/api/merchant/invitations/${inv.json().id}/accept`, invitee)).json().status).toBe('accepted');
    expect((await call('GET', '/api/merchant/stores', invitee)).json().map((x: { id: string; myRole: string }) => [x.id, x.myRole])).toEqual([[store.id, 'customer_service']]);
    const detail = (await call('GET', S(store.id), invitee)).json();
    expect(detail.me.role).toBe('customer_service');
    expect(detail.me.permissions).toContain('aftersales.handle');
    expect(detail.me.permissions).not.toContain('store.close');
    const staff = (await call('GET', `${S(store.id)}/staff`, owner)).json();
    expect(staff.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([[owner.email, 'owner'], [invitee.email, 'customer_service']]);
    // Answered once: the invitation is gone from both lists and cannot be answered again.
    expect((await call('GET', '/api/merchant/invitations', invitee)).json()).toEqual([]);
    expect((await call('GET', `${S(store.id)}/invitations`, owner)).json()).toEqual([]);
    expectProblem(await call('POST', `/api/merchant/invitations/${inv.json().id}/decline`, invitee), 409, 'store_invitation_transition_not_allowed');
    expectProblem(await call('POST', `${S(store.id)}/invitations`, owner, { email: invitee.email, role: 'manager' }), 409, 'already_member');
  });

  it('the invitee may decline; the owner may revoke a waiting invitation; only merchant accounts can be invited', async () => {
    const owner = await signUp(env.app, 'merchant');
    const store = await newStore(env, owner);
    const a = await signUp(env.app, 'merchant');
    const b = await signUp(env.app, 'merchant');
    const buyer = await signUp(env.app, 'buyer');
    const invA = (await call('POST', `${S(store.id)}/invitations`, owner, { email: a.email, role: 'finance' })).json();
    const invB = (await call('POST', `${S(store.id)}/invitations`, owner, { email: b.email, role: 'finance' })).json();
    expect((await call('POST', `/api/merchant/invitations/${invA.id}/decline`, a)).json().status).toBe('declined');
    expect((await call('DELETE', `${S(store.id)}/invitations/${invB.id}`, owner)).json().status).toBe('revoked');
    expectProblem(await call('POST', `/api/merchant/invitations/${invB.id}/accept`, b), 409, 'store_invitation_transition_not_allowed');
    for (const who of [a, b]) expectProblem(await call('GET', S(store.id), who), 404, 'store_not_found');
    expectProblem(await call('POST', `${S(store.id)}/invitations`, owner, { email: buyer.email, role: 'finance' }), 422, 'invitee_not_merchant');
    expectProblem(await call('POST', `${S(store.id)}/invitations`, owner, { email: a.email, role: 'owner' }), 400, 'validation_failed');
    // An e-mail with no account yet may be invited: whoever registers it as a merchant sees the invitation.
    const later = `later-${Date.now()}@test.trio`;
    expect((await call('POST', `${S(store.id)}/invitations`, owner, { email: later, role: 'read_only' })).statusCode).toBe(201);
    const reg = await env.app.inject({ method: 'POST', url: '/api/auth/register', payload: { email: later, password: 'correct horse battery', displayName: 'Later', role: 'merchant' } });
    expect(reg.statusCode).toBe(201);
    const { signIn } = await import('../helpers.ts');
    const latecomer = await signIn(env.app, later, 'correct horse battery');
    expect((await call('GET', '/api/merchant/invitations', latecomer)).json()).toHaveLength(1);

    const actions = (await call('GET', `${S(store.id)}/audit?entityType=store_invitation`, owner)).json().items.map((i: { action: string }) => i.action);
    expect(actions.sort()).toEqual(['store.invitation_declined', 'store.invitation_revoked', 'store.invitation_sent', 'store.invitation_sent', 'store.invitation_sent']);
  });
});

describe('store roles', () => {
  it('staff cannot do what only the owner may: API keys, closing the store, the after-sales window, staff', async () => {
    const owner = await signUp(env.app, 'merchant');
    const store = await newStore(env, owner);
    const manager = await join(store, owner, 'manager');
    const service = await join(store, owner, 'customer_service');
    const before = { stores: await rows(env.ctx.db, 'stores'), keys: await rows(env.ctx.db, 'api_keys'), members: await rows(env.ctx.db, 'store_members', 'store_id, user_id') };
    for (const who of [manager, service]) {
      expectProblem(await call('POST', `${S(store.id)}/api-keys`, who, { name: 'mine', scopes: ['store.read'] }), 403, 'permission_missing');
      expectProblem(await call('GET', `${S(store.id)}/api-keys`, who), 403, 'permission_missing');
      expectProblem(await call('POST', `${S(store.id)}/status`, who, { event: 'cancel' }), 403, 'permission_missing');
    }
    expectProblem(await call('PUT', `${S(store.id)}/after-sales-window`, service, { days: 30 }), 403, 'permission_missing');
    expectProblem(await call('POST', `${S(store.id)}/invitations`, service, { email: 'x@test.trio', role: 'manager' }), 403, 'permission_missing');
    expectProblem(await call('DELETE', `${S(store.id)}/staff/${manager.userId}`, service), 403, 'permission_missing');
    expect({ stores: await rows(env.ctx.db, 'stores'), keys: await rows(env.ctx.db, 'api_keys'), members: await rows(env.ctx.db, 'store_members', 'store_id, user_id') }).toEqual(before);
    // What each may do, they do.
    expect((await call('GET', `${S(store.id)}/after-sales`, service)).statusCode).toBe(200);
    expect((await call('PUT', `${S(store.id)}/after-sales-window`, manager, { days: 30 })).statusCode).toBe(200);
    expect((await call('GET', `${S(store.id)}/staff`, service)).statusCode).toBe(200);
  });

  it('the owner changes roles and removes members; the owner can be neither demoted nor removed; all audited', async () => {
    const owner = await signUp(env.app, 'merchant');
    const store = await newStore(env, owner);
    const m = await join(store, owner, 'read_only');
    expectProblem(await call('PUT', `${S(store.id)}/after-sales-window`, m, { days: 30 }), 403, 'permission_missing');
    const changed = await call('PATCH', `${S(store.id)}/staff/${m.userId}`, owner, { role: 'manager' });
    expect(changed.json().find((x: { userId: string }) => x.userId === m.userId).role).toBe('manager');
    // The change holds from the next request on.
    expect((await call('PUT', `${S(store.id)}/after-sales-window`, m, { days: 30 })).statusCode).toBe(200);
    // A manager manages staff too, but never the owner.
    expectProblem(await call('PATCH', `${S(store.id)}/staff/${owner.userId}`, m, { role: 'read_only' }), 409, 'owner_fixed');
    expectProblem(await call('DELETE', `${S(store.id)}/staff/${owner.userId}`, m), 409, 'owner_fixed');
    expectProblem(await call('DELETE', `${S(store.id)}/staff/${owner.userId}`, owner), 409, 'owner_fixed');
    expectProblem(await call('PATCH', `${S(store.id)}/staff/${m.userId}`, owner, { role: 'owner' }), 400, 'validation_failed');
    const stranger = await signUp(env.app, 'merchant');
    expectProblem(await call('DELETE', `${S(store.id)}/staff/${stranger.userId}`, owner), 404, 'store_member_not_found');

    const removed = await call('DELETE', `${S(store.id)}/staff/${m.userId}`, owner);
    expect(removed.json().map((x: { userId: string }) => x.userId)).toEqual([owner.userId]);
    // Removed: the store is gone for them at once, and from their list.
    expectProblem(await call('GET', S(store.id), m), 404, 'store_not_found');
    expect((await call('GET', '/api/merchant/stores', m)).json()).toEqual([]);
    const audit = (await call('GET', `${S(store.id)}/audit?entityType=store_member`, owner)).json().items;
    expect(audit.map((i: { action: string; before: unknown; after: unknown }) => [i.action, i.before, i.after])).toEqual([
      ['store.member_removed', { role: 'manager' }, null],
      ['store.member_role_changed', { role: 'read_only' }, { role: 'manager' }],
    ]);
  });
});

describe('members and keys from before store roles', () => {
  it("the migration makes old 'staff' members operations, and gives old keys what they could do", async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { sql } = await import('drizzle-orm');
    const { KEY_SCOPES } = await import('../../src/kernel/permissions.ts');
    const dir = new URL('../../src/db/migrations/', import.meta.url);
    const file = readdirSync(dir).find((f) => readFileSync(new URL(f, dir), 'utf8').includes('-- BEGIN HAND-WRITTEN (staff)'));
    const text = readFileSync(new URL(file!, dir), 'utf8');
    const handWritten = text.slice(text.indexOf('-- BEGIN HAND-WRITTEN (staff)'), text.indexOf('-- END HAND-WRITTEN', text.indexOf('-- BEGIN HAND-WRITTEN (staff)')));

    const owner = await signUp(env.app, 'merchant');
    const store = await newStore(env, owner);
    const old = await signUp(env.app, 'merchant');
    const key = (await call('POST', `${S(store.id)}/api-keys`, owner, { name: 'old', scopes: ['store.read'] })).json();
    // As they were before: a member with the old role, a key without scopes.
    await env.ctx.db.execute(sql`insert into store_members (store_id, user_id, role) values (${store.id}, ${old.userId}, 'staff')`);
    await env.ctx.db.execute(sql`update api_keys set scopes = '{}' where id = ${key.id}`);
    for (const statement of handWritten.split('--> statement-breakpoint')) await env.ctx.db.execute(sql.raw(statement));

    expect((await rows(env.ctx.db, `store_members where user_id = '${old.userId}'`))[0].role).toBe('operations');
    // What keys could do when the migration ran: permissions added since (mini-sites, marketing, webhooks, service account) are not handed to old keys.
    const addedSince: string[] = ['minisites.manage', 'marketing.read', 'marketing.manage', 'webhooks.manage', 'service.read', 'service.reply'];
    expect((await rows(env.ctx.db, `api_keys where id = '${key.id}'`))[0].scopes).toEqual(KEY_SCOPES.filter((p) => !addedSince.includes(p)));
    expect((await call('GET', S(store.id), old)).json().me.role).toBe('operations');
  });
});
