// The demo brand's mini-site: "Jade Mountain Tea House 翠山茶舍", owned by the tea merchant (tea@trio.demo) and linked
// to its open store, hosted at /m/jade-mountain with a few sections in English, Chinese and Vietnamese (published).
// Its allowed origins are the demo host page's (examples/host-page, TRIO_DEMO_HOST_PORT) and Trio itself. Its app id
// and secret are fixed and public (demo only), so the demo host page can sign requests. Runs on every start inside the
// demo seed's lock and adds only what is missing (a database seeded by an earlier version gets it once).
import { sql } from 'drizzle-orm';
import { pgArray, queryRows } from '../db/client.ts';
import type { Ctx } from '../kernel/context.ts';
import { loadSharp } from '../kernel/sharp.ts';
import { DEFAULT_DEMO_HOST_PORT } from '../config.ts';
import { secretKey } from '../modules/minisite/signature.ts';
import { linksChanged } from '../modules/minisite/link-cache.ts';
import { inviteMiniSite, moveLink } from '../modules/minisite/links.ts';
import { addSection, publishSections, uploadSectionImage } from '../modules/minisite/sections.ts';

/** Demo only: a mini-site's real secret is random and shown once. */
export const DEMO_MINI_SITE = { appId: 'ms_de000000000000a1', secret: 'trio-demo-mini-site-secret-2026', slug: 'jade-mountain', name: 'Jade Mountain Tea House 翠山茶舍' } as const;

/** Origins the demo host page is served at (by name and by address). */
export const hostPageOrigins = (port: number) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`];

/** The tea merchant and its first store (open ones only when asked). */
async function teaStore(ctx: Ctx, openOnly: boolean) {
  const [tea] = await queryRows<{ userId: string; displayName: string; storeId: string }>(ctx.db, sql`
    select u.id as "userId", u.display_name as "displayName", s.id as "storeId" from users u
    join store_members m on m.user_id = u.id and m.role = 'owner' join stores s on s.id = m.store_id ${openOnly ? sql`and s.status = 'open'` : sql``}
    where u.email = 'tea@trio.demo' order by s.created_at limit 1`);
  return tea;
}

async function demoSiteId(ctx: Ctx) {
  const [site] = await queryRows<{ id: string }>(ctx.db, sql`select id from mini_sites where app_id = ${DEMO_MINI_SITE.appId}`);
  return site?.id;
}

/** The demo mini-site and its sections, whichever is missing: how many of each it added. */
export async function seedDemoMiniSite(ctx: Ctx): Promise<{ miniSites: number; sections: number }> {
  const miniSites = await addMiniSite(ctx);
  return { miniSites, sections: await addSections(ctx) };
}

async function addMiniSite(ctx: Ctx): Promise<number> {
  if (await demoSiteId(ctx)) return 0;
  const owner = await teaStore(ctx, true);
  if (!owner) return 0;
  const now = ctx.clock.now();
  // With the host page off (port 0), its default port's origins: turned on later, it works without a change.
  const hostPort = ctx.config.demoHostPort || DEFAULT_DEMO_HOST_PORT;
  const origins = [...hostPageOrigins(hostPort), new URL(ctx.config.publicUrl).origin];
  const [{ id }] = await queryRows<{ id: string }>(ctx.db, sql`
    insert into mini_sites (app_id, secret_hash, secret_rotated_at, slug, name, allowed_origins, callback_url, default_locale, created_by, created_at, updated_at)
    values (${DEMO_MINI_SITE.appId}, ${secretKey(DEMO_MINI_SITE.secret)}, ${now}, ${DEMO_MINI_SITE.slug}, ${DEMO_MINI_SITE.name},
      ${pgArray([...new Set(origins)])}::text[], ${`http://localhost:${hostPort}/trio/notices`}, 'zh', ${owner.userId}, ${now}, ${now})
    returning id`);
  await ctx.db.execute(sql`insert into mini_site_owners (mini_site_id, user_id, added_at) values (${id}, ${owner.userId}, ${now})`);
  // Invited by the store and accepted by the brand, as a person would: both moves are in the audit log.
  const actor = { kind: 'user' as const, userId: owner.userId, role: 'merchant' as const, displayName: owner.displayName, sessionId: 'seed' };
  const link = await inviteMiniSite(ctx, actor, owner.storeId, DEMO_MINI_SITE.appId);
  await moveLink(ctx, actor, { miniSiteId: id }, link.id, 'accept');
  return 1;
}

const BANNER = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="480" viewBox="0 0 1200 480">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#d9efe2"/><stop offset="1" stop-color="#2f7a57"/></linearGradient></defs>
<rect width="1200" height="480" fill="url(#g)"/>
<path d="M0 360 C200 280 360 320 520 260 S860 160 1200 220 V480 H0Z" fill="#1f5e42" opacity=".55"/>
<path d="M0 420 C260 360 480 400 700 340 S1000 300 1200 330 V480 H0Z" fill="#13402c" opacity=".7"/>
</svg>`;

/** The hosted site's sections (banner, story, featured teas, store card, member notice), published; once, when it has none. */
async function addSections(ctx: Ctx): Promise<number> {
  const tea = await teaStore(ctx, false);
  const siteId = await demoSiteId(ctx);
  if (!tea || !siteId) return 0;
  const [{ n }] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from mini_site_sections where mini_site_id = ${siteId}`);
  if (n > 0) return 0;
  const linked = await queryRows<{ id: string }>(ctx.db, sql`
    select p.id from products p join mini_site_links l on l.store_id = p.store_id and l.mini_site_id = ${siteId} and l.state = 'linked'
    where p.live_state = 'listed' order by p.created_at limit 4`);
  const image = await uploadSectionImage(ctx, tea.userId, siteId, await (await loadSharp())(Buffer.from(BANNER)).png({ compressionLevel: 1 }).toBuffer());
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
  for (const s of sections) await addSection(ctx, tea.userId, siteId, s as never);
  await publishSections(ctx, tea.userId, siteId);
  return sections.length;
}

export type DemoHostPage = { appId: string; storeId: string; productIds: string[]; unlinkedProductId?: string; couponId?: string };

/** The tea store's demo coupon, shown by the host page's <store-coupon> (a fixed id: seeding it again changes nothing). */
export const DEMO_COUPON_ID = 'de000000-0000-4000-8000-00000000c001';

/**
 * What the demo host page shows: the demo mini-site's app id, two products of the tea store, and one of a store it is
 * not linked with. The page's origins (its port may have changed since the seed) are added to the mini-site's allowed
 * ones, and the mini-site is linked with the tea store again when that link was ended.
 */
export async function demoHostPage(ctx: Ctx, hostPort: number): Promise<DemoHostPage | undefined> {
  const db = ctx.db;
  const tea = await teaStore(ctx, false);
  const siteId = await demoSiteId(ctx);
  if (!tea || !siteId) return undefined;
  const now = ctx.clock.now();
  await db.execute(sql`update mini_sites set allowed_origins = array(select distinct unnest(allowed_origins || ${pgArray(hostPageOrigins(hostPort))}::text[])) where id = ${siteId}`);
  await db.execute(sql`
    insert into mini_site_links (store_id, mini_site_id, state, invited_by, invited_at, expires_at, answered_by, answered_at, updated_at)
    select ${tea.storeId}, ${siteId}, 'linked', ${tea.userId}, ${now}, ${new Date(now.getTime() + 7 * 86400_000)}, ${tea.userId}, ${now}, ${now}
    where not exists (select 1 from mini_site_links where store_id = ${tea.storeId} and mini_site_id = ${siteId} and state in ('pending', 'linked'))`);
  await linksChanged(db);
  const listed = (storeSql: ReturnType<typeof sql>, n: number) => queryRows<{ id: string }>(db, sql`
    select p.id from products p where ${storeSql} and p.live_state = 'listed'
      and exists (select 1 from skus s where s.product_id = p.id and s.active and s.stock > 0) order by p.listed_at, p.id limit ${n}`);
  const products = await listed(sql`p.store_id = ${tea.storeId}`, 2);
  const [unlinked] = await listed(sql`p.store_id <> ${tea.storeId} and not exists (select 1 from mini_site_links l where l.store_id = p.store_id and l.mini_site_id = ${siteId} and l.state = 'linked')`, 1);
  // A store coupon anyone may claim for a year: 10 yuan off from 100, usable 30 days after claiming.
  await db.execute(sql`
    insert into coupons (id, store_id, title, scope, kind, threshold, amount, currency, audience, state, total_quantity, per_person_limit,
      claim_starts_at, claim_ends_at, use_window, use_days, created_at, updated_at)
    values (${DEMO_COUPON_ID}, ${tea.storeId}, 'Tea house welcome: ¥10 off ¥100 · 茶舍见面礼', 'store', 'spend_off', 10000, 1000, 'CNY', 'all', 'active', 500, 1,
      ${now}, ${new Date(now.getTime() + 365 * 86400_000)}, 'days', 30, ${now}, ${now})
    on conflict (id) do nothing`);
  return { appId: DEMO_MINI_SITE.appId, storeId: tea.storeId, productIds: products.map((p) => p.id), unlinkedProductId: unlinked?.id, couponId: DEMO_COUPON_ID };
}
