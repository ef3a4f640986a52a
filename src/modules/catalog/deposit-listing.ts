// Products follow their store's deposit: delisted with "insufficient deposit" when it no longer covers their
// category, listed again when it does (onboarding fires depositCoverageChanged in the same transaction).
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { depositCoverageChanged, listingEligibility, storeStatusChanged } from '../merchants/index.ts';
import { products } from './schema.ts';
import { bumpCatalog } from './versions.ts';
import { liveMachine } from './rules.ts';
import { activeStockSql } from './stock.ts';

const AFFECTED = ['listed', 'sold_out', 'delisted_deposit'] as const;

export async function syncDepositListings(tx: Db, scope: { storeId?: string; categoryIds?: number[] }) {
  const conds: SQL[] = [inArray(products.liveState, [...AFFECTED])];
  if (scope.storeId) conds.push(eq(products.storeId, scope.storeId));
  if (scope.categoryIds?.length) conds.push(inArray(products.categoryId, scope.categoryIds));
  const pairs = await tx.selectDistinct({ storeId: products.storeId, categoryId: products.categoryId }).from(products).where(and(...conds));
  let changed = 0;
  for (const { storeId, categoryId } of pairs) {
    const e = await listingEligibility(tx, storeId, categoryId);
    const short = !e.allowed && e.reason === 'deposit_insufficient';
    const where = and(eq(products.storeId, storeId), eq(products.categoryId, categoryId));
    if (short) {
      const moved = await tx
        .update(products)
        .set({ liveState: liveMachine.transition('listed', 'deposit_short'), stateReason: 'deposit_insufficient' })
        .where(and(where, inArray(products.liveState, ['listed', 'sold_out'])))
        .returning({ id: products.id });
      changed += moved.length;
    } else if (e.allowed) {
      // Back on sale: listed, or sold out where no active SKU has stock.
      const back = liveMachine.transition('delisted_deposit', 'deposit_covered');
      const moved = await tx
        .update(products)
        .set({
          liveState: sql`case when ${activeStockSql(products.id)} > 0 then ${back} else ${liveMachine.transition(back, 'sell_out')} end`,
          stateReason: null,
        })
        .where(and(where, eq(products.liveState, 'delisted_deposit')))
        .returning({ id: products.id });
      changed += moved.length;
    }
  }
  if (changed) await bumpCatalog(tx);
  return changed;
}

let registered = false;
/**
 * Wires the catalog to onboarding (once per process): deposit changes list and delist products; a store opening or
 * closing changes what the storefront shows of it (its pages are cached per catalog version).
 */
export function followDeposits() {
  if (registered) return;
  registered = true;
  depositCoverageChanged.on(async (tx, scope) => {
    await syncDepositListings(tx, scope);
  });
  storeStatusChanged.on(async (tx, change) => {
    if (change.from === 'open' || change.to === 'open') await bumpCatalog(tx, change.storeId);
  });
}
