// A mini-site's member sign-up section: the programs open to join of the stores linked with it, side by side (one
// program per store; see README "Membership and coupons").
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { storeNames } from '../merchants/index.ts';
import { publicProgram } from './service.ts';

export async function linkedPrograms(db: Db, miniSiteId: string) {
  const rows = await queryRows<{ storeId: string }>(db, sql`
    select l.store_id as "storeId" from mini_site_links l join membership_programs p on p.store_id = l.store_id
    where l.mini_site_id = ${miniSiteId} and l.state = 'linked' and p.enabled order by l.store_id`);
  const names = await storeNames(db, rows.map((r) => r.storeId));
  return Promise.all(rows.map(async (r) => ({ ...(await publicProgram(db, r.storeId)), storeName: names.get(r.storeId) ?? '' })));
}
