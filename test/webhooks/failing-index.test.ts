// The scheduler looks for failing webhook endpoints on every tick: among many endpoints that answer, the query reads
// only the few failing ones through their partial index (its plan, at a realistic size: 20,000 endpoints, 30 failing).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { failingEndpointsSql } from '../../src/modules/webhooks/index.ts';
import { testEnv, type TestEnv } from '../helpers.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await testEnv();
  const now = env.clock.now();
  // Every 1,000th endpoint disabled, every 666th failing (some for days): the rest active and answering.
  await env.ctx.db.execute(sql`
    insert into webhook_endpoints (store_id, url, secret_hash, secret_hint, secret_rotated_at, events, state, failing_since, created_at, updated_at)
    select gen_random_uuid(), 'https://hooks.example.com/' || g, md5(g::text), 'abcd', ${now}, array['order.paid'],
      case when g % 1000 = 0 then 'disabled' else 'active' end,
      case when g % 666 = 1 then ${now}::timestamptz - make_interval(hours => g % 72) end, ${now}, ${now}
    from generate_series(1, 20000) g`);
  await env.ctx.db.execute(sql`analyze webhook_endpoints`);
});
afterAll(() => env?.close());

describe('the failing-endpoints sweep', () => {
  it('reads the failing endpoints through their partial index, not the whole table', async () => {
    const since = new Date(env.clock.now().getTime() - 24 * 3600_000);
    const plan = await queryRows<{ 'QUERY PLAN': string }>(env.ctx.db, sql`explain ${failingEndpointsSql(since, 200)}`);
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('webhook_endpoints_failing_idx');
    expect(text).not.toMatch(/Seq Scan on webhook_endpoints/);
    const due = await queryRows<{ id: string }>(env.ctx.db, failingEndpointsSql(since, 200));
    const [{ n }] = await queryRows<{ n: number }>(env.ctx.db, sql`select count(*)::int as n from webhook_endpoints where state = 'active' and failing_since <= ${since}`);
    expect(due).toHaveLength(n);
    expect(n).toBeGreaterThan(0);
  });
});
