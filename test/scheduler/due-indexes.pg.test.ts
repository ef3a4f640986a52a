// Every tick, each process runs every sweep: a sweep that reads its table whole costs the database a scan of it each
// time, however little is due (at a million orders, the receipt and settlement sweeps took 0.4-0.9 s a tick each).
// Trio's connections plan with force_generic_plan (db/client.ts): a generic plan uses a partial index only when the
// query states the index's condition itself, in its text ('state = ''awaiting_receipt''' and not state = $1).
// This runs every sweep once against PostgreSQL, records the statements they send, and plans each as the pool does
// (generic, sequential scans priced out): no statement may read one of the tables below whole.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Ctx } from '../../src/kernel/context.ts';
import { manualClock } from '../../src/kernel/clock.ts';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import { cloneDatabase } from '../helpers.ts';
import { onStatement } from '../sent-statements.ts';

/** Tables that grow with the business: never read whole by a sweep. */
const GROWING = [
  'orders', 'order_items', 'payments', 'payment_attempts', 'refunds', 'gifts', 'gift_claims', 'held_coupons', 'point_lots', 'members',
  'outbox', 'webhook_deliveries', 'product_views', 'service_follows', 'inbox_messages', 'broadcast_deliveries', 'repurchase_reminders',
  'coupon_sends', 'sandbox_transactions', 'sandbox_refunds', 'sandbox_notifications', 'withdrawal_shares', 'profit_sharing_returns',
  'idempotency_keys', 'analytics_dirty_days', 'mini_site_links', 'store_receivers',
];

let database: Awaited<ReturnType<typeof cloneDatabase>>;
let ctx: Ctx;
beforeAll(async () => {
  database = await cloneDatabase({ poolSize: 2 });
  const config = loadConfig({ ...process.env, DATABASE_URL: database.url!, LOG_LEVEL: 'silent' });
  ctx = { db: database.db, clock: manualClock(new Date('2026-11-01T08:00:00Z')), config };
});
afterAll(async () => database?.close());

/** The statements sent through node-postgres while `fn` runs. */
async function statementsOf(fn: () => Promise<unknown>): Promise<string[]> {
  const seen = new Set<string>();
  const stop = onStatement((q) => q.text && seen.add(q.text));
  try {
    await fn();
  } finally {
    stop();
  }
  return [...seen];
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; 'Index Cond'?: string; Filter?: string; Plans?: PlanNode[] };

type Indexes = Map<string, { partial: boolean; lead: string | null }>;

/**
 * The growing tables a plan reads whole: a sequential scan, or an index scanned without a condition on its first
 * column and filtering what it reads (from end to end), unless the index is partial (it holds only the rows its
 * condition keeps: the due ones). An index read in order with nothing filtered stops at the statement's limit.
 */
function wholeReads(node: PlanNode, indexes: Indexes): string[] {
  const table = node['Relation Name'];
  const index = indexes.get(node['Index Name'] ?? '');
  const cond = node['Index Cond'] ?? '';
  const endToEnd = !!index && !index.partial && !!node.Filter && !(index.lead ? new RegExp(`\\b${index.lead}\\b`).test(cond) : cond);
  const whole = !!table && GROWING.includes(table) && (node['Node Type'] === 'Seq Scan' || endToEnd);
  return [...(whole ? [table] : []), ...(node.Plans ?? []).flatMap((p) => wholeReads(p, indexes))];
}

describe('the scheduler\'s sweeps on a growing database', () => {
  it('read through indexes: no sweep statement, planned as Trio\'s pool plans it, scans a growing table whole', async () => {
    const texts = await statementsOf(() => runSweeps(sweeps(ctx), 50));
    const planner = new pg.Client({ connectionString: database.url });
    await planner.connect();
    const whole: string[] = [];
    try {
      await planner.query('set plan_cache_mode = force_generic_plan');
      await planner.query('set enable_seqscan = off');
      const indexes: Indexes = new Map((await planner.query(`select c.relname as name, i.indpred is not null as partial, a.attname as lead
        from pg_index i join pg_class c on c.oid = i.indexrelid left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
        where c.relnamespace = current_schema()::regnamespace`)).rows.map((r: { name: string; partial: boolean; lead: string | null }) => [r.name, r]));
      let planned = 0;
      for (const text of texts) {
        if (!/^\s*(with|select|update|delete|insert)\b/i.test(text) || !GROWING.some((t) => text.includes(t))) continue;
        const params = Math.max(0, ...[...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
        await planner.query(`prepare q as ${text}`);
        try {
          const plan = await planner.query(`explain (format json) execute q${params ? `(${Array(params).fill('null').join(', ')})` : ''}`);
          planned++;
          for (const table of wholeReads(plan.rows[0]['QUERY PLAN'][0].Plan, indexes)) whole.push(`${table}: ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
        } finally {
          await planner.query('deallocate q');
        }
      }
      expect(planned).toBeGreaterThan(20);
    } finally {
      await planner.end();
    }
    expect(whole).toEqual([]);
  });
});
