// Walks the access table (src/access.ts): every route, called with no token, as the operator, a buyer, a merchant of
// another store, the owner and a member of each role of the store, and the store's API keys with and without the
// route's scope; and the store's own callers again with another store's id. Each answer must be what the table says
// (401, 403, 404, or through the guard), and nothing in the database may change.
// "Through the guard" is shown without running the handler's writes: a body the server does not parse (415) for
// calls with a body, and reads for GETs.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTable } from '../../src/access.ts';
import type { Access } from '../../src/kernel/auth.ts';
import { ASSIGNABLE_ROLES, KEY_SCOPES, ROLE_PERMISSIONS, type StoreRole } from '../../src/kernel/permissions.ts';
import { operator, signUp, testEnv, type TestEnv } from '../helpers.ts';
import { apiOperations, fill, newStore, openStore, type Who } from './support.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); }, 120_000);
afterAll(async () => { await env?.close(); });

type Caller = { name: string; who?: Who; kind: 'none' | 'operator' | 'buyer' | 'merchant' | 'api_key'; storeRole?: StoreRole; scopes?: readonly string[] };

/** Every table's rows as one digest each (an API key's last use is meant to move, so it is left out). */
async function digest() {
  const tables = (await env.ctx.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`) as unknown as { rows: { table_name: string }[] }).rows.map((r) => r.table_name);
  const out: Record<string, string> = {};
  for (const t of tables) {
    const res = await env.ctx.db.execute(sql.raw(`select md5(coalesce(string_agg((to_jsonb(x) - 'last_used_at')::text, '|' order by (to_jsonb(x) - 'last_used_at')::text), '')) as d, count(*) as n from "${t}" x`));
    const row = (res as unknown as { rows: { d: string; n: number }[] }).rows[0];
    out[t] = `${row.n}:${row.d}`;
  }
  return out;
}

/** What the table says this caller gets on this route with this store id: a status, and whether the guard let it by. */
function expected(access: Access, c: Caller, ownStore: boolean): { status?: number; code?: string; through?: true } {
  if (access === 'public') return { through: true };
  // Nobody here signs as a mini-site's server: sessions and keys do not open signed routes.
  if (access === 'signed') return { status: 401, code: 'signature_missing' };
  if (c.kind === 'none') return { status: 401, code: 'unauthorized' };
  if (!(access.roles as string[]).includes(c.kind)) return { status: 403, code: 'forbidden' };
  if (!('storeParam' in access)) return { through: true };
  if (!ownStore || (c.kind === 'merchant' && !c.storeRole)) return { status: 404, code: 'store_not_found' };
  const granted = c.kind === 'api_key' ? c.scopes! : ROLE_PERMISSIONS[c.storeRole!];
  if (!granted.includes(access.permission)) return { status: 403, code: c.kind === 'api_key' ? 'scope_missing' : 'permission_missing' };
  return { through: true };
}

describe('the access table', () => {
  it('has one entry for every route and a route for every entry', async () => {
    const { ops } = await apiOperations(env.app);
    expect(Object.keys(accessTable).sort()).toEqual(ops.map((o) => `${o.method} ${o.path}`).sort());
  });

  it('every route answers every caller as the table says, with foreign ids, and changes nothing', async () => {
    const owner = await signUp(env.app, 'merchant');
    const store = await openStore(env, owner);
    const outsider = await signUp(env.app, 'merchant');
    const foreign = await newStore(env, outsider);
    const callers: Caller[] = [
      { name: 'nobody', kind: 'none' },
      { name: 'operator', kind: 'operator', who: await operator(env) },
      { name: 'buyer', kind: 'buyer', who: await signUp(env.app, 'buyer') },
      { name: 'merchant of another store', kind: 'merchant', who: outsider },
      { name: 'owner', kind: 'merchant', who: owner, storeRole: 'owner' },
    ];
    for (const role of ASSIGNABLE_ROLES) {
      const member = await signUp(env.app, 'merchant');
      const inv = await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/invitations`, headers: owner.headers, payload: { email: member.email, role } });
      await env.app.inject({ method: 'POST', url: `/api/merchant/invitations/${inv.json().id}/accept`, headers: member.headers });
      callers.push({ name: role, kind: 'merchant', who: member, storeRole: role });
    }
    for (const [name, scopes] of [['key with every scope', KEY_SCOPES], ['key reading the store only', ['store.read']]] as const) {
      const res = await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/api-keys`, headers: owner.headers, payload: { name, scopes } });
      expect(res.statusCode, res.body).toBe(201);
      callers.push({ name, kind: 'api_key', who: { headers: { authorization: `Bearer ${res.json().key}` } }, scopes });
    }

    const before = await digest();
    const wrong: string[] = [];
    let calls = 0;
    for (const [key, access] of Object.entries(accessTable)) {
      const [method, path] = key.split(' ');
      const storeScoped = typeof access !== 'string' && 'storeParam' in access;
      for (const c of callers) {
        for (const storeId of storeScoped && c.storeRole ? [store.id, foreign.id] : [store.id]) {
          const url = fill(path, { storeId }, (p) => (p === 'categoryId' ? '999999' : p === 'size' ? 'thumb' : p === 'token' ? 'walk-token' : randomUUID()));
          const body = method === 'GET' ? {} : { payload: 'walk', headers: { 'content-type': 'application/x-trio-walk' } };
          const res = await env.app.inject({ method: method as 'GET', url, ...body, headers: { ...(c.who?.headers ?? {}), ...(body.headers ?? {}) } });
          calls++;
          const want = expected(access, c, storeId === store.id || (c.kind === 'merchant' && !c.storeRole));
          const got = { status: res.statusCode, code: res.headers['content-type']?.toString().includes('json') ? res.json().code : undefined };
          const ok = want.through
            ? (method === 'GET' ? ![401, 403].includes(got.status) && got.code !== 'store_not_found' : got.status === 415)
            : got.status === want.status && got.code === want.code;
          if (!ok) wrong.push(`${key} as ${c.name}${storeId === foreign.id ? ' on another store' : ''}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(calls).toBeGreaterThan(Object.keys(accessTable).length * callers.length);
    const after = await digest();
    // A missed gift link is recorded on purpose (the look-up limit counts them), whoever asks.
    delete before.gift_token_misses; delete after.gift_token_misses;
    // So are the rate limiter's counters of calls to limited routes (sign-in, registration, uploads).
    delete before.rate_limit_counters; delete after.rate_limit_counters;
    expect(after).toEqual(before);
  }, 600_000);
});
