// Demo return addresses: every demo store keeps one (its default), so returns and exchanges can be accepted. Added
// once to stores that keep none (also to a demo database made by an earlier version).
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import type { Ctx } from '../kernel/context.ts';
import { addReturnAddress } from '../modules/aftersales/return-addresses.ts';

/** Saigon's store returns to Ho Chi Minh City; the others to a warehouse in Hangzhou. */
const addressFor = (storeName: string) => (/saigon/i.test(storeName)
  ? { name: `${storeName} – Kho hàng hoàn`, phone: '+84 28 3822 0101', region: 'TP. Hồ Chí Minh, Quận 3', line: '45 Võ Văn Tần, kho B', postalCode: '700000' }
  : { name: `${storeName} 退货仓`, phone: '+86 571 8888 0101', region: '浙江省 杭州市 余杭区', line: '仓前街道 文一西路 1000 号 3 号库', postalCode: '311121' });

export async function seedDemoReturnAddresses(ctx: Ctx): Promise<number> {
  const bare = await queryRows<{ id: string; name: string }>(ctx.db, sql`
    select s.id, s.name from stores s join store_members m on m.store_id = s.id and m.role = 'owner' join users u on u.id = m.user_id
    where u.email like '%@trio.demo' and not exists (select 1 from store_return_addresses r where r.store_id = s.id) order by s.id`);
  for (const s of bare) await addReturnAddress(ctx, ctx.db, s.id, { ...addressFor(s.name), isDefault: true });
  return bare.length;
}
