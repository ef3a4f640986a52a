// Withdrawals raced over real connections (on PostgreSQL each racer has a pool of its own; on PGlite the same code
// runs, serialised): the balance is taken once, a withdrawal is decided once, and split once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database } from '../../src/db/client.ts';
import { inTransaction } from '../../src/kernel/context.ts';
import { sweepApprovedWithdrawals } from '../../src/modules/withdrawals/index.ts';
import { approveWithdrawal, rejectWithdrawal, requestWithdrawal } from '../../src/modules/withdrawals/service.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { available, settledSale, storeWithReceiver, withdraw } from './withdrawals-support.ts';

let env: TestEnv;
const racers: Database[] = [];
beforeAll(async () => {
  // A raised profit-sharing ratio (100 %): these races are about the balance, not the ratio (profit-sharing.test.ts).
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: '100000', TRIO_WITHDRAWAL_AUTO_LIMIT: '0', TRIO_PROFIT_SHARING_MAX_BP: '10000' });
});
afterAll(async () => {
  for (const r of racers) await r.close();
  await env?.close();
});

/** Separate pools on PostgreSQL, so the racers really race; the shared embedded database on PGlite. */
async function pools(n: number): Promise<Database[]> {
  if (!env.database.url) return Array.from({ length: n }, () => env.database);
  const made = await Promise.all(Array.from({ length: n }, () => openDatabase({ databaseUrl: env.database.url, poolSize: 5 })));
  racers.push(...made);
  return made;
}
const onDb = (db: Database) => ({ ...env.ctx, db: db.db });

describe('withdrawals under concurrency', () => {
  it('20 requests at once for the whole balance: exactly one is taken, the rest refused, the balance at zero, one ledger entry', async () => {
    const s = await storeWithReceiver(env);
    const sale = await settledSale(env, s, 9000);
    const dbs = await pools(4);
    const actor = { kind: 'user' as const, userId: s.merchant.userId, role: 'merchant' as const, displayName: 'merchant', sessionId: '' };
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) =>
      inTransaction(onDb(dbs[i % dbs.length]), (tx) => requestWithdrawal(onDb(dbs[i % dbs.length]), tx, actor, s.storeId, sale.net))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(new Set(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code))).toEqual(new Set(['withdrawal_balance_insufficient']));
    expect(await available(env, s)).toBe(0);
    const [row] = await queryRows<{ withdrawals: number; entries: number; taken: number }>(env.ctx.db, sql`
      select (select count(*)::int from withdrawals where store_id = ${s.storeId}) as withdrawals,
             (select count(*)::int from store_balance_ledger where store_id = ${s.storeId} and kind = 'withdrawal') as entries,
             (select coalesce(-sum(net), 0)::int from store_balance_ledger where store_id = ${s.storeId} and kind = 'withdrawal') as taken`);
    expect(row).toEqual({ withdrawals: 1, entries: 1, taken: sale.net });
  });

  it('the same over HTTP: 20 requests with different keys, one withdrawal', async () => {
    const s = await storeWithReceiver(env);
    const sale = await settledSale(env, s, 4000);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => withdraw(env, s, sale.net, `race-${s.storeId}-${i}`)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, ...Array(19).fill(409)]);
    expect(await available(env, s)).toBe(0);
  });

  it('an approval and a rejection at once: one wins, and the money moves once', async () => {
    const s = await storeWithReceiver(env);
    const sale = await settledSale(env, s, 5000);
    const w = (await withdraw(env, s, sale.net)).json();
    expect(w.state).toBe('requested');
    const [a, b] = await pools(2);
    const op = { kind: 'user' as const, userId: s.op.userId, role: 'operator' as const, displayName: 'op', sessionId: '' };
    const results = await Promise.allSettled([approveWithdrawal(onDb(a), op, w.id), rejectWithdrawal(onDb(b), op, w.id, 'no')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [row] = await queryRows<{ state: string; returned: number }>(env.ctx.db, sql`
      select state, (select count(*)::int from store_balance_ledger where withdrawal_id = ${w.id} and kind = 'withdrawal_returned') as returned from withdrawals where id = ${w.id}`);
    expect(row.returned).toBe(row.state === 'rejected' ? 1 : 0);
    expect(await available(env, s)).toBe(row.state === 'rejected' ? sale.net : 0);
  });

  it('sweeps of several processes at once split an approved withdrawal once', async () => {
    const s = await storeWithReceiver(env);
    const sale = await settledSale(env, s, 7000);
    const w = (await withdraw(env, s, sale.net)).json();
    await approveWithdrawal(env.ctx, { kind: 'user', userId: s.op.userId, role: 'operator', displayName: 'op', sessionId: '' }, w.id);
    const dbs = await pools(4);
    await Promise.all(dbs.map((d) => sweepApprovedWithdrawals(onDb(d), 50)));
    const [row] = await queryRows<{ shares: number; amount: number }>(env.ctx.db, sql`
      select count(*)::int as shares, coalesce(sum(amount), 0)::int as amount from withdrawal_shares where withdrawal_id = ${w.id}`);
    expect(row).toEqual({ shares: 1, amount: sale.net });
  });
});
