// The demo brand's hosted mini-site (/m/jade-mountain): Jade Mountain Tea's own site, linked to its store, with a few
// sections in English, Chinese and Vietnamese, published. Added once: when the tea merchant owns a mini-site (the
// links part of the demo may make one), that one gets the sections if it has none; otherwise one is made here.
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import type { Ctx } from '../kernel/context.ts';
import { newAppId, newAppSecret, secretKey } from '../modules/minisite/signature.ts';
import { addSection, publishSections, uploadSectionImage } from '../modules/minisite/sections.ts';

const BANNER = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="480" viewBox="0 0 1200 480">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#d9efe2"/><stop offset="1" stop-color="#2f7a57"/></linearGradient></defs>
<rect width="1200" height="480" fill="url(#g)"/>
<path d="M0 360 C200 280 360 320 520 260 S860 160 1200 220 V480 H0Z" fill="#1f5e42" opacity=".55"/>
<path d="M0 420 C260 360 480 400 700 340 S1000 300 1200 330 V480 H0Z" fill="#13402c" opacity=".7"/>
</svg>`;

export async function seedDemoMiniSite(ctx: Ctx): Promise<number> {
  const [tea] = await queryRows<{ userId: string; storeId: string }>(ctx.db, sql`
    select u.id as "userId", s.id as "storeId" from users u join store_members m on m.user_id = u.id and m.role = 'owner' join stores s on s.id = m.store_id
    where u.email = 'tea@trio.demo' order by s.created_at limit 1`);
  if (!tea) return 0;
  const now = ctx.clock.now();
  let [site] = await queryRows<{ id: string }>(ctx.db, sql`select o.mini_site_id as id from mini_site_owners o where o.user_id = ${tea.userId} order by o.added_at limit 1`);
  if (!site) {
    [site] = await queryRows<{ id: string }>(ctx.db, sql`
      insert into mini_sites (app_id, secret_hash, secret_rotated_at, slug, name, allowed_origins, default_locale, created_by, created_at, updated_at)
      values (${newAppId()}, ${secretKey(newAppSecret())}, ${now}, 'jade-mountain', '玉山茶 Jade Mountain Tea', '{}'::text[], 'zh', ${tea.userId}, ${now}, ${now})
      on conflict do nothing returning id`);
    if (!site) return 0;
    await ctx.db.execute(sql`insert into mini_site_owners (mini_site_id, user_id, added_at) values (${site.id}, ${tea.userId}, ${now})`);
    await ctx.db.execute(sql`insert into mini_site_links (store_id, mini_site_id, state, invited_by, invited_at, expires_at, answered_by, answered_at, updated_at)
      values (${tea.storeId}, ${site.id}, 'linked', ${tea.userId}, ${now}, ${now}, ${tea.userId}, ${now}, ${now})`);
  }
  const [{ n }] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from mini_site_sections where mini_site_id = ${site.id}`);
  if (n > 0) return 0;
  const linked = await queryRows<{ id: string }>(ctx.db, sql`
    select p.id from products p join mini_site_links l on l.store_id = p.store_id and l.mini_site_id = ${site.id} and l.state = 'linked'
    where p.live_state = 'listed' order by p.created_at limit 4`);
  const image = await uploadSectionImage(ctx, tea.userId, site.id, await sharp(Buffer.from(BANNER)).png({ compressionLevel: 1 }).toBuffer());
  const sections = [
    { kind: 'hero', visible: true, data: { imageId: image.id }, content: {
      zh: { title: '一山一茶，四季新鲜', subtitle: '自 1998 年起，在玉山手工制茶' },
      en: { title: 'One mountain, fresh teas all year', subtitle: 'Hand-made on Jade Mountain since 1998' },
      vi: { title: 'Một ngọn núi, trà tươi quanh năm', subtitle: 'Làm thủ công trên núi Ngọc từ năm 1998' } } },
    { kind: 'story', visible: true, data: {}, content: {
      zh: { title: '我们的故事', body: '## 三代茶人\n我们在海拔 **1,200 米**的茶园里采摘、揉捻、烘焙。\n\n- 手工采摘\n- 小批量烘焙' },
      en: { title: 'Our story', body: '## Three generations of tea makers\nWe pick, roll and roast on gardens at **1,200 m**.\n\n- Picked by hand\n- Roasted in small batches' },
      vi: { title: 'Câu chuyện của chúng tôi', body: '## Ba thế hệ làm trà\nChúng tôi hái, vò và sao trà trên đồi cao **1.200 m**.\n\n- Hái bằng tay\n- Sao từng mẻ nhỏ' } } },
    ...(linked.length ? [{ kind: 'featured', visible: true, data: { productIds: linked.map((p) => p.id) }, content: { zh: { title: '当季推荐' }, en: { title: 'This season' }, vi: { title: 'Mùa này' } } }] : []),
    { kind: 'store', visible: true, data: { storeId: tea.storeId }, content: { zh: { title: '在 Trio 上的店铺' }, en: { title: 'Our store on Trio' }, vi: { title: 'Cửa hàng của chúng tôi trên Trio' } } },
    { kind: 'membership', visible: true, data: {}, content: {
      zh: { title: '加入会员', body: '会员可享积分与专属价格。' }, en: { title: 'Become a member', body: 'Members collect points and get member prices.' },
      vi: { title: 'Trở thành thành viên', body: 'Thành viên được tích điểm và hưởng giá thành viên.' } } },
  ] as const;
  for (const s of sections) await addSection(ctx, tea.userId, site.id, s as never);
  await publishSections(ctx, tea.userId, site.id);
  return sections.length;
}
