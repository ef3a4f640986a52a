// Demo data, loaded once on first start: the category tree, an operator, merchants in different states, buyers.
import type { FastifyBaseLogger } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { Actor } from '../kernel/auth.ts';
import type { Ctx } from '../kernel/context.ts';
import { createUser } from '../modules/accounts/index.ts';
import { users } from '../modules/accounts/schema.ts';
import { categories, categoryQualifications } from '../modules/merchants/schema.ts';
import { bumpTreeVersion, loadIndex, qualificationsOf } from '../modules/merchants/categories.ts';
import { depositSummary, recordDepositEntry } from '../modules/merchants/deposits.ts';
import { uploadDocument } from '../modules/merchants/documents.ts';
import { applyForStore, approveApplication, changeStoreStatus, getStore, requestCategories } from '../modules/merchants/stores.ts';
import { textPdf } from './pdf.ts';
import { demoCategories, type Level1Seed } from '../modules/merchants/demo-categories.ts';
import { seedDemoGifts } from './gifts.ts';
import { seedDemoReturnAddresses } from './return-addresses.ts';
import { seedDemoMiniSite } from './mini-site.ts';
import { setRate } from '../modules/catalog/exchange-rates.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, DEMO_PASSWORD_HASH, type DemoLogin } from './logins.ts';
import { linksChanged } from '../modules/minisite/link-cache.ts';
import { ADVISORY_LOCKS } from '../db/advisory-locks.ts';

/** Inserts a category tree (level by level) with its qualifications. */
export async function seedCategories(tx: Db, tree: Level1Seed[]) {
  let order = 0;
  for (const l1 of tree) {
    const [a] = await tx
      .insert(categories)
      .values({ level: 1, code: l1.code, names: l1.names, policy: 'open', deposit: l1.deposit, commissionBp: l1.commissionBp, giftExcluded: l1.giftExcluded ?? false, sortOrder: order++ })
      .returning({ id: categories.id });
    const quals: (typeof categoryQualifications.$inferInsert)[] = (l1.qualifications ?? []).map((q) => ({ categoryId: a.id, kind: q.kind, mandatory: q.mandatory, names: q.names }));
    for (const l2 of l1.children) {
      const [b] = await tx.insert(categories).values({ level: 2, parentId: a.id, code: l2.code, names: l2.names, policy: 'open', sortOrder: order++ }).returning({ id: categories.id });
      const leaves = await tx
        .insert(categories)
        .values(l2.children.map((c) => ({
          level: 3, parentId: b.id, code: c.code, names: c.names, policy: c.policy, sortOrder: order++,
          deposit: c.depositOverride ?? null, commissionBp: c.commissionBp ?? null, sevenDayReturn: c.sevenDayReturn ?? true,
        })))
        .returning({ id: categories.id, code: categories.code });
      for (const c of l2.children) {
        const id = leaves.find((l) => l.code === c.code)!.id;
        for (const q of c.qualifications ?? []) quals.push({ categoryId: id, kind: q.kind, mandatory: q.mandatory, names: q.names });
      }
    }
    if (quals.length) await tx.insert(categoryQualifications).values(quals).onConflictDoNothing();
  }
  await bumpTreeVersion(tx);
}

/** A one-page PDF standing in for a scanned document in the demo: "Business Licence — Jade Mountain Tea (demo)". */
export function demoPdf(title: string, storeName: string) {
  return textPdf([`${title} — ${storeName} (demo)`, 'Trio demo document: not a real licence.']);
}

/** Names of the documents the operator's checks of a store ask for (the category tree names the others). */
const CHECK_DOCUMENT_NAMES: Record<string, string> = { business_licence: 'Business Licence', brand_authorisation: 'Brand Authorisation Letter' };

/**
 * The demo accounts and stores (what a newcomer signs in with), once: on first start before the server listens. The
 * products, gift settings, mini-site and orders come after, while the server answers (loadDemoRest in ./rest.ts).
 */
export async function seedDemo(ctx: Ctx, log: FastifyBaseLogger): Promise<{ password: string; logins: DemoLogin[]; fresh: boolean } | undefined> {
  // One process seeds; others wait on the lock and then find the data there.
  return ctx.db.transaction(async (lockTx) => {
    await lockTx.execute(sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.demo})`);
    const [existing] = await lockTx.select({ id: users.id }).from(users).where(eq(users.email, 'operator@trio.demo'));
    if (existing) return { password: DEMO_PASSWORD, logins: DEMO_LOGINS, fresh: false };
    const t0 = Date.now();
    await seedEverything({ ...ctx, db: lockTx as unknown as Db });
    log.info({ ms: Date.now() - t0 }, 'demo accounts and stores loaded');
    return { password: DEMO_PASSWORD, logins: DEMO_LOGINS, fresh: true };
  });
}

type Leaf = { id: number; code: string; policy: string };

/** The demo stores that list products: their owner, languages and about how many products. */
export const CATALOG_STORES = [
  { email: 'tea@trio.demo', languages: { zh: 0.85, en: 0.15 }, products: 560 },
  { email: 'toys@trio.demo', languages: { zh: 1 }, products: 600 },
  { email: 'home@trio.demo', languages: { vi: 1 }, products: 640 },
  { email: 'beauty@trio.demo', languages: { zh: 0.75, en: 0.25 }, products: 600 },
] as const;

/** The categories each store of CATALOG_STORES asks for (and lists products in), by owner e-mail; the same on every start over one tree. */
export function catalogCategories<L extends Leaf>(leaves: L[]): Record<(typeof CATALOG_STORES)[number]['email'], L[]> {
  const pick = (prefix: string, policy: 'open' | 'targeted', n: number) => leaves.filter((c) => c.code.startsWith(prefix) && c.policy === policy).slice(0, n);
  const byCode = (...codes: string[]) => codes.map((code) => leaves.find((c) => c.code === code)!);
  return {
    'tea@trio.demo': [...pick('food', 'open', 2), ...pick('agriculture', 'open', 1), ...byCode('food.tea.green_tea', 'food.tea.pu_erh', 'food.tea.flower_tea')],
    'toys@trio.demo': byCode('baby.toys.building_blocks', 'baby.toys.plush', 'baby.toys.educational', 'baby.toys.figures', 'baby.kids_clothing.kids_clothes', 'baby.gear.feeding'),
    'home@trio.demo': byCode('home.textiles.bedding_sets', 'home.textiles.duvets', 'home.textiles.pillows', 'home.textiles.curtains', 'home.kitchenware.tableware', 'home.kitchenware.drinkware'),
    'beauty@trio.demo': byCode('beauty.skincare.cleansers', 'beauty.skincare.serums', 'beauty.skincare.moisturisers', 'beauty.skincare.masks', 'beauty.makeup.lipstick', 'beauty.hair_body.shampoo'),
  };
}

async function seedEverything(ctx: Ctx): Promise<void> {
  const db = ctx.db;
  await seedCategories(db, demoCategories);
  const passwordHash = DEMO_PASSWORD_HASH;
  const mk = (email: string, role: 'operator' | 'merchant' | 'buyer', displayName: string, extra: Record<string, unknown> = {}) =>
    createUser(db, { email, role, displayName, password: DEMO_PASSWORD, ...extra }, { passwordHash });
  // One after another: they share the seed's one transaction, and a client runs one query at a time.
  const made = [];
  for (const make of [
    () => mk('operator@trio.demo', 'operator', 'Platform Ops'),
    () => mk('tea@trio.demo', 'merchant', 'Chen Wei', { locale: 'zh' }),
    () => mk('fashion@trio.demo', 'merchant', 'Nguyễn Thu Hà', { locale: 'vi' }),
    () => mk('digital@trio.demo', 'merchant', 'Alex Turner'),
    () => mk('books@trio.demo', 'merchant', 'Wang Fang', { locale: 'zh' }),
    () => mk('toys@trio.demo', 'merchant', 'Liu Yang', { locale: 'zh' }),
    () => mk('home@trio.demo', 'merchant', 'Phạm Thị Lan', { locale: 'vi' }),
    () => mk('beauty@trio.demo', 'merchant', 'Zhou Min', { locale: 'zh' }),
    () => mk('lin@trio.demo', 'buyer', 'Lin Xiaoyu', { birthYear: 1994, gender: 'female', city: 'Shanghai', cityTier: 'tier_1', locale: 'zh' }),
    () => mk('minh@trio.demo', 'buyer', 'Trần Minh', { birthYear: 1988, gender: 'male', city: 'Hanoi', cityTier: 'overseas', locale: 'vi' }),
    () => mk('zhao@trio.demo', 'buyer', 'Zhao Lei', { birthYear: 2001, gender: 'male', city: 'Chengdu', cityTier: 'new_tier_1', locale: 'zh' }),
    () => mk('sun@trio.demo', 'buyer', 'Sun Mei', { birthYear: 1976, gender: 'female', city: 'Luoyang', cityTier: 'tier_3', locale: 'zh' }),
    () => mk('emma@trio.demo', 'buyer', 'Emma Clarke', { birthYear: 1999, gender: 'female', city: 'London', cityTier: 'overseas' }),
    () => mk('he@trio.demo', 'buyer', 'He Jun', { birthYear: 1965, gender: 'male', city: 'Ganzhou', cityTier: 'tier_4_below', locale: 'zh' }),
  ]) made.push(await make());
  const [operator, tea, fashion, digital, books, toys, home, beauty] = made;
  const actor = (u: typeof operator): Extract<Actor, { kind: 'user' }> => ({ kind: 'user', userId: u.id, role: u.role, displayName: u.displayName, sessionId: 'seed' });
  const op = actor(operator);
  // Vietnamese buyers see approximate prices in VND next to the CNY ones (the operator's console sets it).
  await setRate(ctx, op, 'CNY', 'VND', '3500');
  const index = await loadIndex(db);
  const leaves = [...index.byId.values()].filter((c) => c.level === 3);
  const pick = (prefix: string, policy: 'open' | 'targeted', n: number) => leaves.filter((c) => c.code.startsWith(prefix) && c.policy === policy).slice(0, n);
  const cats = catalogCategories(leaves);

  /** Uploads the documents the store's checks need and one per mandatory qualification, and asks for the categories. */
  async function apply(user: typeof operator, store: { id: string; name: string }, cats: typeof leaves) {
    const doc = async (kind: string, title: string) =>
      (await uploadDocument(ctx, user.id, store.id, { kind, fileName: `${kind}.pdf`, data: demoPdf(title, store.name) })).id;
    const checkDocs = [];
    for (const kind of (await getStore(db, store.id)).checks.documents) checkDocs.push(await doc(kind, CHECK_DOCUMENT_NAMES[kind] ?? kind));
    const items = [];
    for (const c of cats) {
      const documentIds = [...checkDocs];
      for (const q of qualificationsOf(index, c.id).filter((q) => q.mandatory)) documentIds.push(await doc(q.kind, q.names.en));
      items.push({ categoryId: c.id, documentIds });
    }
    return requestCategories(ctx, actor(user), store.id, items);
  }

  /** The operator approves what a store asked for (the checks of a new entity's first store, targeted categories). */
  async function approveAll(apps: Awaited<ReturnType<typeof apply>>) {
    for (const a of apps) if (a.status === 'in_review') await approveApplication(ctx, op, a.id);
  }

  /** An open store: checked and approved by the operator, the deposit paid in full. */
  async function openStore(user: typeof operator, input: Parameters<typeof applyForStore>[2], cats: typeof leaves) {
    const store = await applyForStore(ctx, actor(user), input);
    await approveAll(await apply(user, store, cats));
    const due = (await depositSummary(db, store.id)).due;
    if (due > 0) await recordDepositEntry(ctx, op, store.id, { kind: 'payment', amount: due, note: 'Bank transfer received' });
    return { store, cats };
  }

  // Jade Mountain Tea: open categories, approved at once; deposit paid in full.
  await openStore(tea, { storeName: 'Jade Mountain Tea 翠山茶庄', storeType: 'flagship', subjectType: 'enterprise', legalEntity: { name: 'Hangzhou Cuishan Tea Co., Ltd.', registrationNumber: '91330100MA2TEA0001' } },
    cats['tea@trio.demo']);

  // Three more open stores with products: toys (Chinese), home (Vietnamese), beauty (Chinese and English).
  await openStore(toys, { storeName: 'Little Panda Toys 小熊猫玩具', storeType: 'specialty', subjectType: 'enterprise', legalEntity: { name: 'Ningbo Xiaoxiongmao Toys Co., Ltd.', registrationNumber: '91330200MA2TOYS007' } },
    cats['toys@trio.demo']);
  await openStore(home, { storeName: 'Saigon Home & Living', storeType: 'specialty', subjectType: 'enterprise', legalEntity: { name: 'Saigon Home & Living Co., Ltd.', registrationNumber: '0316543210-SHL' } },
    cats['home@trio.demo']);
  await openStore(beauty, { storeName: 'Beauty Garden 美丽花园', storeType: 'flagship', subjectType: 'enterprise', legalEntity: { name: 'Guangzhou Meili Huayuan Cosmetics Co., Ltd.', registrationNumber: '91440101MA5BEAUTY9' } },
    cats['beauty@trio.demo']);

  // Lotus Fashion: a new entity's first store, so all three categories went to the operator (with its licence); the
  // two open ones are approved, the targeted one still waits, and the store opens once it is decided.
  const fashionStore = await applyForStore(ctx, actor(fashion), { storeName: 'Lotus Fashion Hà Nội', storeType: 'specialty', subjectType: 'enterprise', legalEntity: { name: 'Lotus Fashion JSC', registrationNumber: '0109876543-LF' } });
  const targeted = leaves.find((c) => c.policy === 'targeted' && c.code.startsWith('jewellery'))!;
  await approveAll((await apply(fashion, fashionStore, [...pick('apparel', 'open', 2), targeted])).filter((a) => a.categoryId !== targeted.id));

  // Northwind Digital: open, approved, nothing paid yet: deposit owed.
  const digitalStore = await applyForStore(ctx, actor(digital), { storeName: 'Northwind Digital', storeType: 'enterprise', subjectType: 'enterprise', legalEntity: { name: 'Northwind Trading (Shenzhen) Ltd.', registrationNumber: '91440300NW00000042' } });
  await approveAll(await apply(digital, digitalStore, pick('digital', 'open', 2)));

  // Old Street Books: an individual business that opened, then asked to close.
  const booksStore = await applyForStore(ctx, actor(books), { storeName: 'Old Street Books 老街书店', storeType: 'individual', subjectType: 'individual_business', legalEntity: { name: 'Wang Fang (individual business)', registrationNumber: '92110105MA0BOOKS1' } });
  const bookCats = leaves.filter((c) => c.code.startsWith('books') && c.policy !== 'paused').slice(0, 2);
  await approveAll(await apply(books, booksStore, bookCats));
  await changeStoreStatus(ctx, actor(books), booksStore.id, 'request_close');
}
