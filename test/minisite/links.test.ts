// Links between stores and mini-sites over HTTP: every move the table allows, every move it refuses (409 with a
// stable code), expiry when the clock passes seven days, a new invitation after each end, who may see and move what
// (another store's people, another merchant), and two invitations racing for the same pair.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { account, testEnv, type TestEnv } from '../helpers.ts';
import { cluster, expectProblem, newStore, rows, scalar, type Who } from '../api/support.ts';
import { linkMachine } from '../../src/modules/minisite/rules.ts';
import { LINK_STATES } from '../../src/modules/minisite/schema.ts';
import { sweepLinkExpiry } from '../../src/modules/minisite/sweeps.ts';

let env: TestEnv;
// Sessions outlive the week the expiry test moves the clock by.
beforeAll(async () => { env = await testEnv({ TRIO_SESSION_TTL_HOURS: String(24 * 30) }); });
afterAll(async () => { await env?.close(); });

const call = (method: string, url: string, who: Who | undefined, payload?: unknown) =>
  env.app.inject({ method: method as 'GET', url, headers: who?.headers ?? {}, payload: payload as object });
const L = (storeId: string) => `/api/merchant/stores/${storeId}/mini-site-links`;
const SL = (siteId: string) => `/api/minisites/${siteId}/links`;

let n = 0;
/** A brand (merchant account) with a mini-site made through the API, and a store owned by another merchant. */
async function pair() {
  const brand = await account(env, 'merchant');
  const created = await call('POST', '/api/minisites', brand, { name: 'Brand', slug: `brand-links-${++n}-${Date.now() % 100000}` });
  expect(created.statusCode, created.body).toBe(201);
  const merchant = await account(env, 'merchant');
  const store = await newStore(env, merchant);
  return { brand, merchant, store, site: created.json().miniSite as { id: string; appId: string } };
}

async function invite(p: Awaited<ReturnType<typeof pair>>) {
  env.clock.advance(60_000);
  const res = await call('POST', L(p.store.id), p.merchant, { appId: p.site.appId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; state: string };
}

const siteMove = (p: Awaited<ReturnType<typeof pair>>, linkId: string, event: string) => call('POST', `${SL(p.site.id)}/${linkId}/${event}`, p.brand);
const storeMove = (p: Awaited<ReturnType<typeof pair>>, linkId: string, event: string) => call('POST', `${L(p.store.id)}/${linkId}/${event}`, p.merchant);

describe('the link table', () => {
  it('names every state and refuses everything it does not list', () => {
    const finals = ['rejected', 'expired', 'cancelled', 'unlinked'] as const;
    for (const s of finals) for (const e of ['accept', 'reject', 'expire', 'cancel', 'unlink'] as const) expect(linkMachine.can(s, e)).toBe(false);
    expect(linkMachine.can('linked', 'accept')).toBe(false);
    expect(linkMachine.can('linked', 'cancel')).toBe(false);
    expect(new Set(linkMachine.table.flatMap((t) => [t.from, t.to]))).toEqual(new Set(LINK_STATES));
  });

  it('invite then accept: linked on both consoles, with who and when; the audit log has both moves with the store id', async () => {
    const p = await pair();
    const link = await invite(p);
    expect(link).toMatchObject({ state: 'pending', storeId: p.store.id, miniSiteId: p.site.id, appId: p.site.appId, invitedByName: expect.any(String) });
    expect(Date.parse((link as unknown as { expiresAt: string }).expiresAt) - env.clock.now().getTime()).toBe(7 * 86400_000);
    // The brand sees the invitation, with the store's name.
    const mine = (await call('GET', SL(p.site.id), p.brand)).json();
    expect(mine).toEqual([expect.objectContaining({ id: link.id, state: 'pending', storeName: 'Test Store' })]);
    expect((await call('GET', '/api/minisites', p.brand)).json()[0]).toMatchObject({ pendingInvitations: 1, linkedStores: 0 });

    const accepted = await siteMove(p, link.id, 'accept');
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ state: 'linked', answeredByName: expect.any(String), answeredAt: env.clock.now().toISOString() });
    expect((await call('GET', L(p.store.id), p.merchant)).json()).toEqual([expect.objectContaining({ id: link.id, state: 'linked', miniSiteName: 'Brand' })]);
    expect((await call('GET', '/api/minisites', p.brand)).json()[0]).toMatchObject({ pendingInvitations: 0, linkedStores: 1 });
    const audit = await rows(env.ctx.db, `audit_log where entity_id = '${link.id}'`, 'id');
    expect(audit.map((a) => [a.action, a.store_id])).toEqual([['minisite.link_invited', p.store.id], ['minisite.link_accepted', p.store.id]]);
  });

  it('each move from each state: allowed ones move, refused ones answer 409 and change nothing', async () => {
    // From pending: reject, cancel (accept above); unlink is refused.
    const p = await pair();
    const a = await invite(p);
    expectProblem(await siteMove(p, a.id, 'unlink'), 409, 'mini_site_link_transition_not_allowed');
    expectProblem(await storeMove(p, a.id, 'unlink'), 409, 'mini_site_link_transition_not_allowed');
    expect((await siteMove(p, a.id, 'reject')).json().state).toBe('rejected');
    for (const e of ['accept', 'reject', 'unlink']) expectProblem(await siteMove(p, a.id, e), 409, 'mini_site_link_transition_not_allowed');
    for (const e of ['cancel', 'unlink']) expectProblem(await storeMove(p, a.id, e), 409, 'mini_site_link_transition_not_allowed');

    // A new invitation after a rejection; the store withdraws it.
    const b = await invite(p);
    expect((await storeMove(p, b.id, 'cancel')).json()).toMatchObject({ state: 'cancelled', endedByName: expect.any(String) });
    expectProblem(await siteMove(p, b.id, 'accept'), 409, 'mini_site_link_transition_not_allowed');

    // Again, accepted, then ended by the store; refused moves from linked.
    const c = await invite(p);
    expect((await siteMove(p, c.id, 'accept')).json().state).toBe('linked');
    expectProblem(await siteMove(p, c.id, 'accept'), 409, 'mini_site_link_transition_not_allowed');
    expectProblem(await siteMove(p, c.id, 'reject'), 409, 'mini_site_link_transition_not_allowed');
    expectProblem(await storeMove(p, c.id, 'cancel'), 409, 'mini_site_link_transition_not_allowed');
    // While linked, no second invitation for the pair.
    expectProblem(await call('POST', L(p.store.id), p.merchant, { appId: p.site.appId }), 409, 'link_exists');
    expect((await storeMove(p, c.id, 'unlink')).json().state).toBe('unlinked');
    expectProblem(await siteMove(p, c.id, 'unlink'), 409, 'mini_site_link_transition_not_allowed');

    // Again, ended by the mini-site this time.
    const d = await invite(p);
    expect((await siteMove(p, d.id, 'accept')).json().state).toBe('linked');
    expect((await siteMove(p, d.id, 'unlink')).json().state).toBe('unlinked');
    // And once more after that end: the history is there, newest first, on both sides.
    const e = await invite(p);
    const history = (await call('GET', L(p.store.id), p.merchant)).json().map((l: { id: string; state: string }) => [l.id, l.state]);
    expect(history).toEqual([[e.id, 'pending'], [d.id, 'unlinked'], [c.id, 'unlinked'], [b.id, 'cancelled'], [a.id, 'rejected']]);
    expect((await call('GET', SL(p.site.id), p.brand)).json().map((l: { id: string }) => l.id)).toEqual(history.map((h: string[]) => h[0]));
    const actions = await rows(env.ctx.db, `audit_log where store_id = '${p.store.id}' and action like 'minisite.%'`, 'id');
    expect(actions.map((x) => x.action)).toEqual([
      'minisite.link_invited', 'minisite.link_rejected', 'minisite.link_invited', 'minisite.link_cancelled',
      'minisite.link_invited', 'minisite.link_accepted', 'minisite.link_unlinked', 'minisite.link_invited', 'minisite.link_accepted', 'minisite.link_unlinked',
      'minisite.link_invited',
    ]);
  });

  it('the link lists and the audit say which side ended a link (store or mini-site) and when; an expiry names neither', async () => {
    const p = await pair();
    const ends: [string, 'store' | 'mini_site'][] = [];
    const a = await invite(p);
    expect((await storeMove(p, a.id, 'cancel')).json()).toMatchObject({ state: 'cancelled', endedSide: 'store', endedAt: env.clock.now().toISOString() });
    ends.push([a.id, 'store']);
    for (const [end, side] of [[storeMove, 'store'], [siteMove, 'mini_site']] as const) {
      const l = await invite(p);
      expect((await siteMove(p, l.id, 'accept')).json()).toMatchObject({ state: 'linked', endedSide: null });
      env.clock.advance(5_000);
      expect((await end(p, l.id, 'unlink')).json()).toMatchObject({ state: 'unlinked', endedSide: side, endedAt: env.clock.now().toISOString() });
      ends.push([l.id, side]);
    }
    // Both consoles list the same side for each end.
    for (const list of [(await call('GET', L(p.store.id), p.merchant)).json(), (await call('GET', SL(p.site.id), p.brand)).json()]) {
      const byId = new Map(list.map((l: { id: string; endedSide: string | null }) => [l.id, l.endedSide]));
      for (const [id, side] of ends) expect(byId.get(id)).toBe(side);
    }
    // The audit entry of each end carries the side.
    for (const [id, side] of ends) {
      const [entry] = await rows(env.ctx.db, `audit_log where entity_id = '${id}' and action in ('minisite.link_cancelled', 'minisite.link_unlinked')`);
      expect((entry.after as { endedSide: string }).endedSide).toBe(side);
    }
    // An invitation Trio expires was ended by neither side.
    const x = await invite(p);
    env.clock.advance(8 * 86400_000);
    await sweepLinkExpiry(env.ctx, 100);
    expect((await call('GET', SL(p.site.id), p.brand)).json().find((l: { id: string }) => l.id === x.id)).toMatchObject({ state: 'expired', endedSide: null });
    const [expiry] = await rows(env.ctx.db, `audit_log where entity_id = '${x.id}' and action = 'minisite.link_expired'`);
    expect((expiry.after as { endedSide: unknown }).endedSide).toBeNull();
  });

  it('an invitation nobody answers expires when seven days have passed (the sweep), and may be sent again', async () => {
    const p = await pair();
    const link = await invite(p);
    env.clock.advance(7 * 86400_000 - 1000);
    await sweepLinkExpiry(env.ctx, 100);
    expect((await call('GET', L(p.store.id), p.merchant)).json()[0].state).toBe('pending');
    env.clock.advance(1000);
    // Past its time and not swept yet: it cannot be accepted.
    expectProblem(await siteMove(p, link.id, 'accept'), 409, 'link_invitation_expired');
    expect(await sweepLinkExpiry(env.ctx, 100)).toBeGreaterThanOrEqual(1);
    const [expired] = (await call('GET', SL(p.site.id), p.brand)).json();
    expect(expired).toMatchObject({ id: link.id, state: 'expired', endedByName: null, endedAt: env.clock.now().toISOString() });
    expectProblem(await siteMove(p, link.id, 'accept'), 409, 'mini_site_link_transition_not_allowed');
    const audit = await rows(env.ctx.db, `audit_log where entity_id = '${link.id}' and action = 'minisite.link_expired'`);
    expect(audit).toEqual([expect.objectContaining({ actor_role: 'system', store_id: p.store.id })]);
    expect((await invite(p)).state).toBe('pending');
  });

  it('an unknown app id is 404; a bad one 400', async () => {
    const p = await pair();
    expectProblem(await call('POST', L(p.store.id), p.merchant, { appId: 'ms_0000000000000000' }), 404, 'mini_site_app_not_found');
    expectProblem(await call('POST', L(p.store.id), p.merchant, { appId: '' }), 400, 'validation_failed');
  });
});

describe('who may see and move links', () => {
  it("another store's people, another merchant and a member without minisites.manage cannot", async () => {
    const p = await pair();
    const link = await invite(p);
    const stranger = await account(env, 'merchant');
    const otherStore = await newStore(env, stranger);
    // Another merchant: the store and the mini-site do not exist for them.
    for (const res of [
      await call('GET', L(p.store.id), stranger),
      await call('POST', L(p.store.id), stranger, { appId: p.site.appId }),
      await call('POST', `${L(p.store.id)}/${link.id}/cancel`, stranger),
    ]) expect([403, 404]).toContain(res.statusCode);
    for (const res of [
      await call('GET', SL(p.site.id), stranger),
      await call('POST', `${SL(p.site.id)}/${link.id}/accept`, stranger),
      await call('GET', `/api/minisites/${p.site.id}`, stranger),
    ]) expectProblem(res, 404, 'mini_site_not_found');
    // The link through another store's path, or another mini-site's path, is not found.
    expectProblem(await call('POST', `${L(otherStore.id)}/${link.id}/cancel`, stranger), 404, 'mini_site_link_not_found');
    const otherSite = (await call('POST', '/api/minisites', stranger, { name: 'Other', slug: `other-${Date.now() % 100000}` })).json().miniSite;
    expectProblem(await call('POST', `${SL(otherSite.id)}/${link.id}/accept`, stranger), 404, 'mini_site_link_not_found');
    // The store's owner is no owner of the mini-site: it cannot answer its own invitation.
    expectProblem(await call('POST', `${SL(p.site.id)}/${link.id}/accept`, p.merchant), 404, 'mini_site_not_found');
    // A buyer is refused by role.
    const buyer = await account(env, 'buyer');
    expectProblem(await call('GET', '/api/minisites', buyer), 403, 'forbidden');

    // A customer-service member reads the links but may not invite or cancel; a manager may.
    const cs = await member(p, 'customer_service');
    expect((await call('GET', L(p.store.id), cs)).statusCode).toBe(200);
    expectProblem(await call('POST', `${L(p.store.id)}/${link.id}/cancel`, cs), 403, 'permission_missing');
    const manager = await member(p, 'manager');
    expect((await call('POST', `${L(p.store.id)}/${link.id}/cancel`, manager)).json().state).toBe('cancelled');
    expect((await call('GET', `/api/merchant/stores/${otherStore.id}/mini-site-links`, manager)).statusCode).not.toBe(200);
    expect(await scalar(env.ctx.db, sql`select count(*) from mini_site_links where mini_site_id = ${p.site.id}`)).toBe(1);
  });
});

async function member(p: Awaited<ReturnType<typeof pair>>, role: string) {
  const who = await account(env, 'merchant');
  const inv = await call('POST', `/api/merchant/stores/${p.store.id}/invitations`, p.merchant, { email: who.email, role });
  expect(inv.statusCode, inv.body).toBe(201);
  expect((await call('POST', `/api/merchant/invitations/${inv.json().id}/accept`, who)).statusCode).toBe(200);
  return who;
}

describe('races (several apps over one database; real connections on PostgreSQL)', () => {
  let c: Awaited<ReturnType<typeof cluster>>;
  beforeAll(async () => { c = await cluster(2); });
  afterAll(async () => { await c?.close(); });
  let k = 0;
  async function racePair() {
    const brand = await account({ ctx: c.ctx }, 'merchant');
    const merchant = await account({ ctx: c.ctx }, 'merchant');
    const site = (await c.app(0).inject({ method: 'POST', url: '/api/minisites', headers: brand.headers, payload: { name: 'Race', slug: `race-site-${++k}` } })).json().miniSite;
    const store = (await c.app(0).inject({ method: 'POST', url: '/api/merchant/stores', headers: merchant.headers, payload: { storeName: 'Race Store', storeType: 'specialty', subjectType: 'enterprise', legalEntity: { name: 'Race Ltd', registrationNumber: `RACE-${k}-${Date.now()}` } } })).json();
    return { brand, merchant, site, store };
  }

  it('two invitations at once for the same store and mini-site: exactly one is pending, the others are told link_exists', async () => {
    const { merchant, site, store } = await racePair();
    const answers = await Promise.all([0, 1, 2, 3].map((i) => c.app(i).inject({ method: 'POST', url: L(store.id), headers: merchant.headers, payload: { appId: site.appId } })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409]);
    for (const a of answers.filter((x) => x.statusCode === 409)) expect(a.json().code).toBe('link_exists');
    expect(await scalar(c.ctx.db, sql`select count(*) from mini_site_links where store_id = ${store.id} and state = 'pending'`)).toBe(1);
  });

  it('the brand accepts while the store withdraws: one of them wins, the other is refused, one audit row for the move', async () => {
    const { brand, merchant, site, store } = await racePair();
    const link = (await c.app(0).inject({ method: 'POST', url: L(store.id), headers: merchant.headers, payload: { appId: site.appId } })).json();
    const [accept, cancel] = await Promise.all([
      c.app(0).inject({ method: 'POST', url: `${SL(site.id)}/${link.id}/accept`, headers: brand.headers }),
      c.app(1).inject({ method: 'POST', url: `${L(store.id)}/${link.id}/cancel`, headers: merchant.headers }),
    ]);
    expect([accept.statusCode, cancel.statusCode].sort()).toEqual([200, 409]);
    const state = await scalar<string>(c.ctx.db, sql`select state from mini_site_links where id = ${link.id}`);
    expect(state).toBe(accept.statusCode === 200 ? 'linked' : 'cancelled');
    expect(await scalar(c.ctx.db, sql`select count(*) from audit_log where entity_id = ${link.id} and action in ('minisite.link_accepted', 'minisite.link_cancelled')`)).toBe(1);
  });

  it('two schedulers sweeping at once expire each invitation once', async () => {
    const invited: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { merchant, site, store } = await racePair();
      invited.push((await c.app(0).inject({ method: 'POST', url: L(store.id), headers: merchant.headers, payload: { appId: site.appId } })).json().id);
    }
    c.clock.advance(8 * 86400_000);
    const moved = await Promise.all(c.ctxs.map((x) => sweepLinkExpiry(x, 100)));
    expect(moved.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(invited.length);
    for (const id of invited) {
      expect(await scalar<string>(c.ctx.db, sql`select state from mini_site_links where id = ${id}`)).toBe('expired');
      expect(await scalar(c.ctx.db, sql`select count(*) from audit_log where entity_id = ${id} and action = 'minisite.link_expired'`)).toBe(1);
    }
  });
});
