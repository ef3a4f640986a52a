// The merchant's home: today's sales and what waits for the store, each figure read through the module that owns it.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { depositSummary } from '../merchants/index.ts';
import { storeCatalogFiguresSql } from '../catalog/index.ts';
import { storeOrderFiguresSql } from '../orders/index.ts';
import { storeAfterSaleFiguresSql } from '../aftersales/index.ts';

type Figures = {
  orders: { paidCount: number | string; paidGmv: number | string; toShip: number | string };
  catalog: { reviewFailed: number | string; lowStockSkus: number | string };
  afterSales: { waiting: number | string };
  dayStart: Date | string;
};

/** The start of the platform's day holding `now`, in its time zone (config.timeZone). */
export function dayStartSql(now: Date, timeZone: string) {
  return sql`(date_trunc('day', ${now.toISOString()}::timestamptz at time zone ${timeZone}) at time zone ${timeZone})`;
}

/** One statement for the counts (each an indexed count of one store's rows), and the deposit summary beside it. */
export async function storeDashboard(ctx: Ctx, db: Db, storeId: string) {
  const since = dayStartSql(ctx.clock.now(), ctx.config.timeZone);
  const threshold = ctx.config.lowStockThreshold;
  const [[row], deposit] = await Promise.all([
    queryRows<Figures>(db, sql`select ${storeOrderFiguresSql(storeId, since)} as orders, ${storeCatalogFiguresSql(storeId, threshold)} as catalog,
      ${storeAfterSaleFiguresSql(storeId)} as "afterSales", ${since} as "dayStart"`),
    depositSummary(db, storeId),
  ]);
  return {
    currency: deposit.currency,
    today: { since: new Date(row.dayStart).toISOString(), timeZone: ctx.config.timeZone, paidOrders: Number(row.orders.paidCount), gmv: Number(row.orders.paidGmv) },
    todo: {
      toShip: Number(row.orders.toShip),
      afterSalesWaiting: Number(row.afterSales.waiting),
      reviewFailed: Number(row.catalog.reviewFailed),
      lowStockSkus: Number(row.catalog.lowStockSkus),
      depositOwed: deposit.owed,
    },
    lowStockThreshold: threshold,
  };
}
