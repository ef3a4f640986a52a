// A store's time zone: the zone its days are counted in (its own reports; the operator's stay in the platform's).
// Changing it is one transaction: the store's rows in the zone it leaves go (unless that zone is the platform's,
// whose rows the operator reads), and every day the store has anything on is marked, so the scheduler rebuilds its
// rows in the new zone within a few ticks. A rebuild of the old zone already under way finishes before the rows are
// deleted (deleting its mark waits on it); a mark of the old zone written later is dropped by the sweep.
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { isTimeZone } from './periods.ts';
import { rollupsChanged } from './report-cache.ts';
import { markAllDays } from './rollups.ts';
import { deleteRollups } from './rollup-sql.ts';

export type StoreTimeZone = { timeZone: string | null; platformTimeZone: string; effective: string; daysMarked: number };

export async function storeTimeZone(ctx: Ctx, storeId: string): Promise<StoreTimeZone> {
  const [s] = await queryRows<{ timeZone: string | null }>(ctx.db, sql`select time_zone as "timeZone" from stores where id = ${storeId}`);
  if (!s) throw new NotFound('store');
  const platform = ctx.config.timeZone;
  return { timeZone: s.timeZone, platformTimeZone: platform, effective: s.timeZone ?? platform, daysMarked: 0 };
}

/** Sets the store's zone (an IANA name; null: the platform's). Not a zone: 422 time_zone_invalid. */
export async function setStoreTimeZone(ctx: Ctx, storeId: string, timeZone: string | null): Promise<StoreTimeZone> {
  // Both the reports (Intl) and the rollups (the database) must know the zone; kept in the database's spelling
  // (any case is accepted: "asia/ho_chi_minh").
  const [known] = timeZone === null ? [] : await queryRows<{ name: string }>(ctx.db, sql`select name from pg_timezone_names where lower(name) = lower(${timeZone}) order by name limit 1`);
  if (timeZone !== null && (!known || !isTimeZone(known.name))) {
    throw new Invalid('time_zone_invalid', `"${timeZone}" is not an IANA time zone such as Asia/Shanghai or Asia/Ho_Chi_Minh.`, { field: 'timeZone' });
  }
  const zone = known?.name ?? null;
  const platform = ctx.config.timeZone;
  return inTransaction(ctx, async (tx) => {
    const [s] = await queryRows<{ timeZone: string | null }>(tx, sql`select time_zone as "timeZone" from stores where id = ${storeId} for update`);
    if (!s) throw new NotFound('store');
    const before = s.timeZone ?? platform;
    const after = zone ?? platform;
    await tx.execute(sql`update stores set time_zone = ${zone} where id = ${storeId}`);
    let daysMarked = 0;
    if (before !== after) {
      if (before !== platform) {
        await deleteRollups(tx, storeId, before);
        await rollupsChanged(tx);
      }
      daysMarked = await markAllDays({ ...ctx, db: tx }, undefined, storeId);
    }
    return { timeZone: zone, platformTimeZone: platform, effective: after, daysMarked };
  });
}
