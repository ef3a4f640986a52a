// The demo data after the accounts and stores (./seed.ts): the stores' products and pictures, gift settings, return
// addresses, the mini-site, then the demo orders. Loaded while the server answers, so a first start is ready in
// seconds; GET /api/demo/status tells whether it is still loading, and the log says each step.
// Each store's products come in one transaction of their own (a store has all of them or none), so a start cut short
// leaves whole stores, and the next start loads the stores still empty; the other steps add only what is missing.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.ts';
import type { Ctx } from '../kernel/context.ts';
import { loadIndex } from '../modules/merchants/categories.ts';
import { linksChanged } from '../modules/minisite/link-cache.ts';
import { drawDemoPictures, encodeDemoPictures, insertDemoStore, type DemoCatalogStore } from './catalog.ts';
import { seedDemoGifts } from './gifts.ts';
import { seedDemoMiniSite } from './mini-site.ts';
import { demoOrdersComplete, seedDemoOrders } from './orders.ts';
import { seedDemoReturnAddresses } from './return-addresses.ts';
import { CATALOG_STORES, catalogCategories } from './seed.ts';
import { ADVISORY_LOCKS } from '../db/advisory-locks.ts';

/** Where this process is with the demo data (GET /api/demo/status). */
export type DemoProgress = { loading: boolean; step: string | null };

export function demoProgress(): DemoProgress {
  return { loading: false, step: null };
}

/** The catalog stores with no products yet, as DemoCatalogStore. */
async function emptyStores(db: Db): Promise<DemoCatalogStore[]> {
  const owners = await queryRows<{ email: string; storeId: string; ownerId: string; empty: boolean }>(db, sql`
    select u.email, m.store_id as "storeId", u.id as "ownerId", not exists (select 1 from products p where p.store_id = m.store_id) as empty
    from store_members m join users u on u.id = m.user_id where m.role = 'owner' and u.email like '%@trio.demo'`);
  const todo = owners.filter((o) => o.empty && CATALOG_STORES.some((c) => c.email === o.email));
  if (!todo.length) return [];
  const leaves = [...(await loadIndex(db)).byId.values()].filter((c) => c.level === 3);
  const cats = catalogCategories(leaves);
  return CATALOG_STORES.flatMap((c) => {
    const o = todo.find((x) => x.email === c.email);
    return o ? [{ storeId: o.storeId, ownerId: o.ownerId, languages: c.languages, products: c.products, categories: cats[c.email].map(({ id, code }) => ({ id, code })) }] : [];
  });
}

/**
 * Loads what the demo data still lacks, step by step, each in a short transaction (on PGlite a transaction holds the
 * one connection: requests wait for it, so none lasts longer than one store's products). `app` makes the demo orders
 * (through the API) when `orders` is set.
 */
export async function loadDemoRest(app: FastifyInstance, ctx: Ctx, log: FastifyBaseLogger, opts: { orders: boolean; progress: DemoProgress }): Promise<void> {
  const { progress } = opts;
  progress.loading = true;
  const t0 = Date.now();
  const step = (name: string) => {
    progress.step = name;
    log.info({ step: name, ms: Date.now() - t0 }, 'demo data: loading');
  };
  try {
    const stores = await emptyStores(ctx.db);
    if (stores.length) {
      step('pictures');
      const encoded = encodeDemoPictures(ctx, stores, drawDemoPictures(stores.flatMap((s) => s.categories.map((c) => c.code))));
      for (const [i, store] of stores.entries()) {
        const pictures = await encoded[i];
        step(`products ${i + 1}/${stores.length}`);
        const stats = await ctx.db.transaction(async (tx) => {
          // One process loads a store; another that waited finds it loaded.
          await tx.execute(sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.demo})`);
          const [{ empty }] = await queryRows<{ empty: boolean }>(tx as unknown as Db, sql`select not exists (select 1 from products where store_id = ${store.storeId}) as empty`);
          return empty ? insertDemoStore({ ...ctx, db: tx as unknown as Db }, store, pictures) : undefined;
        });
        if (stats) log.info({ store: store.storeId, ...stats }, 'demo products loaded');
      }
    }
    step('gifts, return addresses, mini-site');
    await ctx.db.transaction(async (lockTx) => {
      await lockTx.execute(sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.demo})`);
      const db = lockTx as unknown as Db;
      const gifts = await seedDemoGifts({ ...ctx, db });
      if (gifts.shops) log.info({ gifts }, 'demo gift settings added');
      const returnAddresses = await seedDemoReturnAddresses({ ...ctx, db });
      if (returnAddresses) log.info({ returnAddresses }, 'demo return addresses added');
      const miniSite = await seedDemoMiniSite({ ...ctx, db });
      if (miniSite.miniSites) log.info('demo mini-site added');
      if (miniSite.sections) log.info({ miniSiteSections: miniSite.sections }, 'demo mini-site sections added');
      await linksChanged(db);
    });
    if (opts.orders && !(await demoOrdersComplete(ctx))) {
      step('orders');
      await ordersOnce(ctx, async () => {
        const made = await seedDemoOrders(app, ctx);
        if (made) log.info({ orders: made }, 'demo orders made through the API');
      });
    }
    if (progress.step) log.info({ ms: Date.now() - t0 }, 'demo data loaded');
  } finally {
    progress.loading = false;
    progress.step = null;
  }
}

/**
 * Runs the demo orders in one process at a time: on PostgreSQL a transaction holds a lock (the orders themselves go
 * through the API on other connections); a second process finds it taken and leaves the orders to the first. PGlite
 * has one process, and a transaction there would hold its one connection.
 */
async function ordersOnce(ctx: Ctx, make: () => Promise<void>) {
  if (!ctx.config.databaseUrl) return make();
  await ctx.db.transaction(async (tx) => {
    const [{ got }] = await queryRows<{ got: boolean }>(tx as unknown as Db, sql`select pg_try_advisory_xact_lock(${ADVISORY_LOCKS.demoOrders}) as got`);
    if (got) await make();
  });
}
