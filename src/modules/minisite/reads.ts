// Reads of the mini-site module that the other parts (links, components, cooperation gifts, notices, hosted pages)
// share. One statement each.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';

export type MiniSiteIdentity = { id: string; appId: string; secretHash: string; name: string; slug: string; allowedOrigins: string[]; callbackUrl: string | null; defaultLocale: string };

const identityColumns = sql`id, app_id as "appId", secret_hash as "secretHash", name, slug, allowed_origins as "allowedOrigins", callback_url as "callbackUrl", default_locale as "defaultLocale"`;

export async function miniSiteByAppId(db: Db, appId: string): Promise<MiniSiteIdentity | undefined> {
  const [row] = await queryRows<MiniSiteIdentity>(db, sql`select ${identityColumns} from mini_sites where app_id = ${appId}`);
  return row;
}

export async function miniSiteById(db: Db, id: string): Promise<MiniSiteIdentity | undefined> {
  const [row] = await queryRows<MiniSiteIdentity>(db, sql`select ${identityColumns} from mini_sites where id = ${id}`);
  return row;
}

export async function miniSiteBySlug(db: Db, slug: string): Promise<MiniSiteIdentity | undefined> {
  const [row] = await queryRows<MiniSiteIdentity>(db, sql`select ${identityColumns} from mini_sites where slug = ${slug}`);
  return row;
}

/** True when the account owns the mini-site. */
export async function ownsMiniSite(db: Db, userId: string, miniSiteId: string): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(db, sql`select 1 as one from mini_site_owners where mini_site_id = ${miniSiteId} and user_id = ${userId}`);
  return rows.length > 0;
}

/** True when the store and the mini-site are linked now (state linked). */
export async function isLinked(db: Db, miniSiteId: string, storeId: string): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(db, sql`select 1 as one from mini_site_links where mini_site_id = ${miniSiteId} and store_id = ${storeId} and state = 'linked'`);
  return rows.length > 0;
}

/** The mini-sites linked to the store now (by name): those a cooperation gift activity may be made for. */
export function linkedMiniSites(db: Db, storeId: string) {
  return queryRows<{ id: string; appId: string; name: string }>(db, sql`
    select m.id, m.app_id as "appId", m.name from mini_site_links l join mini_sites m on m.id = l.mini_site_id
    where l.store_id = ${storeId} and l.state = 'linked' order by m.name, m.id`);
}
