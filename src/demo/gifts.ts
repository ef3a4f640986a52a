// Demo gift settings: a decoration for a few products of the tea and toy shops, one offline shop (scan-to-gift QR
// code) per open demo store, and jewellery and education excluded from gifts. Runs on every start inside the demo
// seed's lock and adds only what is missing, so a database seeded before gifts existed gets them once.
import { sql } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../db/client.ts';
import type { Ctx } from '../kernel/context.ts';
import { giftDecorations, giftShops, type GiftDecoration } from '../modules/gifts/schema.ts';
import { bumpTreeVersion } from '../modules/merchants/categories.ts';

/** Level-1 categories whose products may not be sent as gifts (the operator may change it). */
export const DEMO_GIFT_EXCLUDED = ['jewellery', 'education'];

type DemoShop = { email: string; name: string; address: string; /** Limit the shop to this many of the store's newest products (null: all). */ products: number | null };
const SHOPS: DemoShop[] = [
  { email: 'tea@trio.demo', name: '西湖茶室 West Lake tea room', address: '杭州市西湖区龙井路 18 号', products: null },
  { email: 'toys@trio.demo', name: '天一广场柜台 Tianyi Square counter', address: '宁波市海曙区中山东路 188 号 天一广场 B1', products: 6 },
  { email: 'home@trio.demo', name: 'Showroom Quận 1', address: '45 Lê Thánh Tôn, Bến Nghé, Quận 1, TP. Hồ Chí Minh', products: null },
  { email: 'beauty@trio.demo', name: '天河城专柜 Tianhe counter', address: '广州市天河区天河路 208 号 天河城 2F', products: null },
];

type Theme = Omit<GiftDecoration, 'theme'> & { theme: Omit<GiftDecoration['theme'], 'coverImageId'> };
const THEMES: Record<string, Theme[]> = {
  'tea@trio.demo': [
    {
      theme: { background: '#eef6ee', accent: '#2b8a3e', text: '#1b3a23' },
      stickers: [{ id: 'leaf', label: 'Tea leaf', glyph: '🍃' }, { id: 'cup', label: 'Tea cup', glyph: '🍵' }, { id: 'moon', label: 'Moon', glyph: '🌕' }, { id: 'fu', label: 'Blessing', glyph: '福' }],
      cards: [
        { id: 'spring', name: '春茶 Spring tea', background: '#f4fce3', accent: '#5c940d', pattern: 'plain' },
        { id: 'mid-autumn', name: '中秋 Mid-Autumn', background: '#fff4e6', accent: '#d9480f', pattern: 'dots' },
      ],
    },
    {
      theme: { background: '#fdf6e3', accent: '#a0522d', text: '#3b2a1a' },
      stickers: [{ id: 'cup', label: 'Tea cup', glyph: '🍵' }, { id: 'lantern', label: 'Lantern', glyph: '🏮' }, { id: 'thanks', label: 'Thank you', glyph: '谢谢' }],
      cards: [{ id: 'thanks', name: '谢师 For a teacher', background: '#fff9db', accent: '#a0522d', pattern: 'stripes' }],
    },
  ],
  'toys@trio.demo': [
    {
      theme: { background: '#e7f5ff', accent: '#1971c2', text: '#1c2b3a' },
      stickers: [{ id: 'panda', label: 'Panda', glyph: '🐼' }, { id: 'balloon', label: 'Balloon', glyph: '🎈' }, { id: 'cake', label: 'Cake', glyph: '🎂' }, { id: 'star', label: 'Star', glyph: '⭐' }, { id: 'rocket', label: 'Rocket', glyph: '🚀' }],
      cards: [
        { id: 'birthday', name: '生日快乐 Happy birthday', background: '#fff0f6', accent: '#d6336c', pattern: 'hearts' },
        { id: 'childrens-day', name: '六一 Children\'s Day', background: '#e3fafc', accent: '#0c8599', pattern: 'dots' },
      ],
    },
  ],
};
/** How many products of each store get a decoration (the themes are used in turn). */
const DECORATED = 3;

export async function seedDemoGifts(ctx: Ctx) {
  const db = ctx.db;
  const stores = await queryRows<{ storeId: string; email: string; shops: number }>(db, sql`
    select m.store_id as "storeId", u.email, (select count(*) from gift_shops g where g.store_id = m.store_id)::int as shops
    from store_members m join users u on u.id = m.user_id join stores s on s.id = m.store_id and s.status = 'open'
    where m.role = 'owner' and u.email = any(${pgArray(SHOPS.map((x) => x.email))}::text[])`);
  // Nothing to do once every demo store has its shop (the operator's and merchants' later changes are theirs).
  const missing = stores.filter((s) => s.shops === 0);
  if (!missing.length) return { shops: 0, decorations: 0 };
  const first = missing.length === stores.length;
  if (first) {
    await db.execute(sql`update categories set gift_excluded = true where level = 1 and code = any(${pgArray(DEMO_GIFT_EXCLUDED)}::text[])`);
    await bumpTreeVersion(db);
  }
  const now = ctx.clock.now();
  let decorations = 0;
  for (const s of missing) {
    const plan = SHOPS.find((x) => x.email === s.email)!;
    const newest = await newestProducts(db, s.storeId, Math.max(plan.products ?? 0, DECORATED));
    await db.insert(giftShops).values({ storeId: s.storeId, name: plan.name, address: plan.address, productIds: plan.products ? newest.slice(0, plan.products).map((p) => p.id) : null, createdAt: now });
    const themes = THEMES[s.email] ?? [];
    if (!themes.length) continue;
    const rows = newest.slice(0, DECORATED).map((p, i) => {
      const t = themes[i % themes.length];
      return { productId: p.id, storeId: s.storeId, decoration: { ...t, theme: { coverImageId: p.imageIds[0] ?? null, ...t.theme } }, updatedAt: now };
    });
    if (rows.length) decorations += (await db.insert(giftDecorations).values(rows).onConflictDoNothing().returning({ id: giftDecorations.productId })).length;
  }
  return { shops: missing.length, decorations };
}

function newestProducts(db: Db, storeId: string, n: number) {
  return queryRows<{ id: string; imageIds: string[] }>(db, sql`
    select p.id, p.image_ids as "imageIds" from products p
    where p.store_id = ${storeId} and p.live_state = 'listed' and p.gifting_enabled
    order by p.listed_at desc, p.id limit ${n}`);
}
