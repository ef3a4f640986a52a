// The demo brand site: a mini-site owned by the tea merchant, linked with the tea store, whose allowed origins are the
// demo host page's (examples/host-page, TRIO_DEMO_HOST_PORT). Added once (also to a demo database made by an earlier
// version); when a demo mini-site already allows the host page's origin, that one is used. What the host page shows
// is read here: the mini-site's app id, two products of the tea store, and one of a store it is not linked with.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { pgArray, queryRows } from '../db/client.ts';
import type { Ctx } from '../kernel/context.ts';
import { newAppSecret, secretKey } from '../modules/minisite/signature.ts';
import { linksChanged } from '../modules/minisite/link-cache.ts';

export const DEMO_APP_ID = 'ms_de0000000000b001';

export type DemoHostPage = { appId: string; storeId: string; productIds: string[]; unlinkedProductId?: string };

/** Origins the demo host page is served at (by name and by address). */
export const hostPageOrigins = (port: number) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`];

export async function seedDemoMiniSite(ctx: Ctx, hostPort: number): Promise<DemoHostPage | undefined> {
  const db = ctx.db;
  const [tea] = await queryRows<{ storeId: string; userId: string }>(db, sql`
    select s.id as "storeId", u.id as "userId" from stores s join store_members m on m.store_id = s.id and m.role = 'owner' join users u on u.id = m.user_id
    where u.email = 'tea@trio.demo' order by s.created_at limit 1`);
  if (!tea) return undefined;
  const origins = hostPageOrigins(hostPort);
  const now = ctx.clock.now();
  let [site] = await queryRows<{ id: string; appId: string }>(db, sql`
    select id, app_id as "appId" from mini_sites where app_id = ${DEMO_APP_ID} or ${origins[0]} = any(allowed_origins) order by (app_id = ${DEMO_APP_ID}) desc limit 1`);
  if (!site) {
    // Its secret is made and forgotten: the demo page signs nothing (rotate it in the console to sign requests).
    [site] = await queryRows<{ id: string; appId: string }>(db, sql`
      insert into mini_sites (app_id, secret_hash, secret_rotated_at, slug, name, allowed_origins, created_by, created_at, updated_at)
      values (${DEMO_APP_ID}, ${secretKey(newAppSecret())}, ${now}, ${`jade-tea-${randomBytes(2).toString('hex')}`}, 'Jade Mountain Tea – brand site', ${pgArray(origins)}::text[], ${tea.userId}, ${now}, ${now})
      returning id, app_id as "appId"`);
    await db.execute(sql`insert into mini_site_owners (mini_site_id, user_id, added_at) values (${site.id}, ${tea.userId}, ${now}) on conflict do nothing`);
  } else {
    await db.execute(sql`update mini_sites set allowed_origins = array(select distinct unnest(allowed_origins || ${pgArray(origins)}::text[])) where id = ${site.id}`);
  }
  await db.execute(sql`
    insert into mini_site_links (store_id, mini_site_id, state, invited_by, invited_at, expires_at, answered_by, answered_at, updated_at)
    select ${tea.storeId}, ${site.id}, 'linked', ${tea.userId}, ${now}, ${new Date(now.getTime() + 7 * 86400_000)}, ${tea.userId}, ${now}, ${now}
    where not exists (select 1 from mini_site_links where store_id = ${tea.storeId} and mini_site_id = ${site.id} and state in ('pending', 'linked'))`);
  await linksChanged(db);
  const listed = (storeSql: ReturnType<typeof sql>, n: number) => queryRows<{ id: string }>(db, sql`
    select p.id from products p where ${storeSql} and p.live_state = 'listed'
      and exists (select 1 from skus s where s.product_id = p.id and s.active and s.stock > 0) order by p.listed_at, p.id limit ${n}`);
  const products = await listed(sql`p.store_id = ${tea.storeId}`, 2);
  const [unlinked] = await listed(sql`p.store_id <> ${tea.storeId} and not exists (select 1 from mini_site_links l where l.store_id = p.store_id and l.mini_site_id = ${site.id} and l.state = 'linked')`, 1);
  return { appId: site.appId, storeId: tea.storeId, productIds: products.map((p) => p.id), unlinkedProductId: unlinked?.id };
}
