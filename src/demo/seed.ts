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
import { applyForStore, approveApplication, changeStoreStatus, requestCategories } from '../modules/merchants/stores.ts';
import { demoCategories, type Level1Seed } from '../modules/merchants/demo-categories.ts';

export const DEMO_PASSWORD = 'trio-demo-2026';

/** Inserts a category tree (level by level) with its qualifications. */
export async function seedCategories(tx: Db, tree: Level1Seed[]) {
  let order = 0;
  for (const l1 of tree) {
    const [a] = await tx
      .insert(categories)
      .values({ level: 1, code: l1.code, names: l1.names, policy: 'open', deposit: l1.deposit, commissionBp: l1.commissionBp, sortOrder: order++ })
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

/** A tiny valid PDF, standing in for a scanned licence in the demo. */
export function demoPdf(title: string) {
  return Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${title}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
}

type Login = { role: string; email: string; note: string };

export async function seedDemo(ctx: Ctx, log: FastifyBaseLogger): Promise<{ password: string; logins: Login[] } | undefined> {
  // One process seeds; others wait on the lock and then find the data there.
  return ctx.db.transaction(async (lockTx) => {
    await lockTx.execute(sql`SELECT pg_advisory_xact_lock(7243002)`);
    const [existing] = await lockTx.select({ id: users.id }).from(users).where(eq(users.email, 'operator@trio.demo'));
    if (existing) return { password: DEMO_PASSWORD, logins: LOGINS };
    const t0 = Date.now();
    await seedEverything({ ...ctx, db: lockTx as unknown as Db });
    log.info({ ms: Date.now() - t0 }, 'demo data loaded');
    return { password: DEMO_PASSWORD, logins: LOGINS };
  });
}

const LOGINS: Login[] = [
  { role: 'operator', email: 'operator@trio.demo', note: 'platform operator console' },
  { role: 'merchant', email: 'tea@trio.demo', note: 'Jade Mountain Tea: open, deposit paid' },
  { role: 'merchant', email: 'fashion@trio.demo', note: 'Lotus Fashion: in review (targeted category waits)' },
  { role: 'merchant', email: 'digital@trio.demo', note: 'Northwind Digital: open, deposit owed' },
  { role: 'merchant', email: 'books@trio.demo', note: 'Old Street Books: closing' },
  { role: 'buyer', email: 'lin@trio.demo', note: 'buyer, Shanghai (tier 1)' },
  { role: 'buyer', email: 'minh@trio.demo', note: 'buyer, Hanoi (overseas)' },
];

async function seedEverything(ctx: Ctx) {
  const db = ctx.db;
  await seedCategories(db, demoCategories);
  const mk = (email: string, role: 'operator' | 'merchant' | 'buyer', displayName: string, extra: Record<string, unknown> = {}) =>
    createUser(db, { email, role, displayName, password: DEMO_PASSWORD, ...extra });
  const [operator, tea, fashion, digital, books] = await Promise.all([
    mk('operator@trio.demo', 'operator', 'Platform Ops'),
    mk('tea@trio.demo', 'merchant', 'Chen Wei', { locale: 'zh' }),
    mk('fashion@trio.demo', 'merchant', 'Nguyễn Thu Hà', { locale: 'vi' }),
    mk('digital@trio.demo', 'merchant', 'Alex Turner'),
    mk('books@trio.demo', 'merchant', 'Wang Fang', { locale: 'zh' }),
    mk('lin@trio.demo', 'buyer', 'Lin Xiaoyu', { birthYear: 1994, gender: 'female', city: 'Shanghai', cityTier: 'tier_1', locale: 'zh' }),
    mk('minh@trio.demo', 'buyer', 'Trần Minh', { birthYear: 1988, gender: 'male', city: 'Hanoi', cityTier: 'overseas', locale: 'vi' }),
    mk('zhao@trio.demo', 'buyer', 'Zhao Lei', { birthYear: 2001, gender: 'male', city: 'Chengdu', cityTier: 'new_tier_1', locale: 'zh' }),
    mk('sun@trio.demo', 'buyer', 'Sun Mei', { birthYear: 1976, gender: 'female', city: 'Luoyang', cityTier: 'tier_3', locale: 'zh' }),
    mk('emma@trio.demo', 'buyer', 'Emma Clarke', { birthYear: 1999, gender: 'female', city: 'London', cityTier: 'overseas' }),
    mk('he@trio.demo', 'buyer', 'He Jun', { birthYear: 1965, gender: 'male', city: 'Ganzhou', cityTier: 'tier_4_below', locale: 'zh' }),
  ]);
  const actor = (u: typeof operator): Extract<Actor, { kind: 'user' }> => ({ kind: 'user', userId: u.id, role: u.role, displayName: u.displayName, sessionId: 'seed' });
  const op = actor(operator);
  const index = await loadIndex(db);
  const leaves = [...index.byId.values()].filter((c) => c.level === 3);
  const pick = (prefix: string, policy: 'open' | 'targeted', n: number) => leaves.filter((c) => c.code.startsWith(prefix) && c.policy === policy).slice(0, n);

  /** Uploads one document per mandatory qualification and asks for the categories. */
  async function apply(user: typeof operator, storeId: string, cats: typeof leaves) {
    const items = [];
    for (const c of cats) {
      const documentIds = [];
      for (const q of qualificationsOf(index, c.id).filter((q) => q.mandatory)) {
        const d = await uploadDocument(ctx, user.id, storeId, { kind: q.kind, fileName: `${q.kind}.pdf`, data: demoPdf(q.names.en) });
        documentIds.push(d.id);
      }
      items.push({ categoryId: c.id, documentIds });
    }
    return requestCategories(ctx, actor(user), storeId, items);
  }

  // Jade Mountain Tea: open categories, approved at once; deposit paid in full.
  const teaStore = await applyForStore(ctx, actor(tea), { storeName: 'Jade Mountain Tea 翠山茶庄', storeType: 'flagship', subjectType: 'enterprise', legalEntity: { name: 'Hangzhou Cuishan Tea Co., Ltd.', registrationNumber: '91330100MA2TEA0001' } });
  await apply(tea, teaStore.id, [...pick('food', 'open', 2), ...pick('agriculture', 'open', 1)]);
  const dueTea = (await depositSummary(db, teaStore.id)).due;
  if (dueTea > 0) await recordDepositEntry(ctx, op, teaStore.id, { kind: 'payment', amount: dueTea, note: 'Bank transfer received' });

  // Lotus Fashion: one open category approved, one targeted waiting for the operator.
  const fashionStore = await applyForStore(ctx, actor(fashion), { storeName: 'Lotus Fashion Hà Nội', storeType: 'specialty', subjectType: 'enterprise', legalEntity: { name: 'Lotus Fashion JSC', registrationNumber: '0109876543-LF' } });
  const targeted = leaves.find((c) => c.policy === 'targeted' && c.code.startsWith('jewellery'))!;
  await apply(fashion, fashionStore.id, [...pick('apparel', 'open', 2), targeted]);

  // Northwind Digital: open, approved, nothing paid yet: deposit owed.
  const digitalStore = await applyForStore(ctx, actor(digital), { storeName: 'Northwind Digital', storeType: 'enterprise', subjectType: 'enterprise', legalEntity: { name: 'Northwind Trading (Shenzhen) Ltd.', registrationNumber: '91440300NW00000042' } });
  await apply(digital, digitalStore.id, pick('digital', 'open', 2));

  // Old Street Books: an individual business that opened, then asked to close.
  const booksStore = await applyForStore(ctx, actor(books), { storeName: 'Old Street Books 老街书店', storeType: 'individual', subjectType: 'individual_business', legalEntity: { name: 'Wang Fang (individual business)', registrationNumber: '92110105MA0BOOKS1' } });
  const bookCats = leaves.filter((c) => c.code.startsWith('books') && c.policy !== 'paused').slice(0, 2);
  const apps = await apply(books, booksStore.id, bookCats);
  for (const a of apps) if (a.status === 'in_review') await approveApplication(ctx, op, a.id);
  await changeStoreStatus(ctx, actor(books), booksStore.id, 'request_close');
}
