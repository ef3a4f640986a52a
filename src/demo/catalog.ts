// Demo catalog: a few thousand listed products across the open demo stores, with titles in the store's languages,
// variants, prices, stock and generated pictures. Loaded store by store, each in one transaction, while the server
// answers on first start (./rest.ts), so it writes in bulk (no per-product service calls) and stays deterministic
// (seeded generator, no Math.random).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Ctx } from '../kernel/context.ts';
import { productDrafts, products, skus, stockFlows, type DraftContent, type DraftSku, type VariantAttribute } from '../modules/catalog/schema.ts';
import { attrsKey } from '../modules/catalog/rules.ts';
import { writeImageFiles } from '../modules/catalog/images.ts';
import { productImages } from '../modules/catalog/schema.ts';
import { bumpCatalog } from '../modules/catalog/versions.ts';
import { COMMON_SENTENCES, TEMPLATES, type CategoryTemplate, type Dimension, type Lang } from './catalog-templates.ts';
import { renderPlaceholder } from './placeholder-images.ts';
import { rng, type Rng } from './random.ts';

export type DemoCatalogStore = {
  storeId: string;
  /** Recorded as the actor of the initial stock entries. */
  ownerId: string;
  /** Share of titles per language, e.g. { zh: 0.85, en: 0.15 } (among the languages a category has templates for). */
  languages: Partial<Record<Lang, number>>;
  /** About how many products the store lists. */
  products: number;
  /** The store's approved third-level categories; those without a template get no products. */
  categories: { id: number; code: string }[];
};

/** Distinct pictures per category (reused across its products). */
const PICTURES_PER_CATEGORY = 2;
const CHUNK = 500;

type PlannedSku = DraftSku & { id: string; key: string };
export type PlannedProduct = {
  id: string;
  storeId: string;
  categoryId: number;
  code: string;
  title: string;
  description: string;
  attributes: VariantAttribute[];
  skus: PlannedSku[];
  /** Positions in the category's pictures, the first is the main one. */
  pictures: number[];
  liveState: 'listed' | 'sold_out';
  createdAt: Date;
  listedAt: Date;
};

/** A price in fen that looks like a shop's: 9.90, 38.90, 128.00, 199.00, 1299.00. */
export function shopPrice(yuan: number): number {
  if (yuan < 100) return Math.max(1, Math.round(yuan)) * 100 - 10;
  if (yuan < 1000) {
    const tens = Math.floor(yuan / 10);
    return (tens * 10 + (tens % 2 ? 9 : 8)) * 100;
  }
  return (Math.floor(yuan / 100) * 100 + 99) * 100;
}

/** Which value positions of a dimension a product takes: one (often), or a few neighbours / any few. */
function takeValues(r: Rng, dim: Dimension, count: number, limit: number): number[] {
  const most = Math.min(dim.max ?? 3, count, limit);
  const n = most <= 1 || r.chance(0.35) ? 1 : r.int(2, most);
  if (dim.ordered) {
    const start = r.int(0, count - n);
    return Array.from({ length: n }, (_, i) => start + i);
  }
  return r.sample(Array.from({ length: count }, (_, i) => i), n);
}

function chooseLang(r: Rng, store: DemoCatalogStore, t: CategoryTemplate): Lang {
  const entries = (Object.entries(store.languages) as [Lang, number][]).filter(([l]) => t.titles[l]);
  if (!entries.length) return Object.keys(t.titles)[0] as Lang;
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let x = r.next() * total;
  for (const [l, w] of entries) if ((x -= w) < 0) return l;
  return entries[0][0];
}

function buildProduct(r: Rng, store: DemoCatalogStore, category: { id: number; code: string }, t: CategoryTemplate, now: number, seen: Set<string>): PlannedProduct {
  const lang = chooseLang(r, store, t);
  // Variants: each dimension takes one or more values, at most six SKUs in all.
  let room = 6;
  const taken = t.dims.map((d) => {
    const values = d.values[lang] ?? d.values[Object.keys(d.values)[0] as Lang]!;
    const idx = takeValues(r, d, values.length, room);
    room = Math.max(1, Math.floor(room / idx.length));
    return { dim: d, name: d.name[lang] ?? Object.values(d.name)[0]!, values, titleValues: d.titleValues?.[lang] ?? values, idx };
  });
  // A single value the title can say ("$0") becomes part of the product; otherwise the values make SKUs.
  const said = new Set(t.titles[lang]!.flat().filter((w) => /^\$\d$/.test(w)).map((w) => Number(w.slice(1))));
  const inTitle = (k: number) => taken[k].idx.length === 1 && said.has(k);
  let title = '';
  for (let attempt = 0; attempt < 12; attempt++) {
    title = t.titles[lang]!
      .map((part) => r.pick(part))
      .map((w) => {
        const m = /^\$(\d)$/.exec(w);
        if (!m) return w;
        const k = Number(m[1]);
        return taken[k] && inTitle(k) ? taken[k].titleValues[taken[k].idx[0]] : '';
      })
      .filter(Boolean)
      .join(' ');
    if (!seen.has(title)) break;
  }
  seen.add(title);
  const sentences = r.sample(t.descriptions[lang] ?? [], r.int(1, 2));
  if (r.chance(0.5)) sentences.push(r.pick(COMMON_SENTENCES[lang] ?? []));
  const description = sentences.join(lang === 'zh' ? '' : ' ');

  const varying = taken.filter((_, k) => !inTitle(k));
  const attributes: VariantAttribute[] = varying.map((tk) => ({ name: tk.name, values: tk.idx.map((i) => tk.values[i]) }));
  const base = t.price[0] * Math.pow(t.price[1] / t.price[0], Math.pow(r.next(), 1.6));
  const fixedFactor = taken.filter((_, k) => inTitle(k)).reduce((f, tk) => f * (tk.dim.factors?.[tk.idx[0]] ?? 1), 1);
  let combos: { attrs: Record<string, string>; factor: number }[] = [{ attrs: {}, factor: fixedFactor }];
  for (const tk of varying) {
    combos = combos.flatMap((c) => tk.idx.map((i) => ({ attrs: { ...c.attrs, [tk.name]: tk.values[i] }, factor: c.factor * (tk.dim.factors?.[i] ?? 1) })));
  }
  // Stock: a few products sold out, a few SKUs at zero or running low, the rest comfortable.
  const soldOut = r.chance(0.03);
  const planned: PlannedSku[] = combos.map((c) => {
    const roll = r.next();
    const stock = soldOut || roll < 0.06 ? 0 : roll < 0.16 ? r.int(1, 9) : r.int(10, 500);
    return { id: randomUUID(), key: attrsKey(c.attrs), attrs: c.attrs, price: shopPrice(base * c.factor), stock };
  });
  const total = planned.reduce((s, k) => s + k.stock, 0);

  const listedAt = new Date(now - r.int(10, 60 * 24 * 60) * 60_000);
  const createdAt = new Date(listedAt.getTime() - r.int(30, 72 * 60) * 60_000);
  const pictures = r.sample([...Array(PICTURES_PER_CATEGORY).keys()], r.int(1, PICTURES_PER_CATEGORY));
  // The main picture differs between products that share a set.
  const rot = r.int(0, pictures.length - 1);
  return {
    id: randomUUID(),
    storeId: store.storeId,
    categoryId: category.id,
    code: category.code,
    title,
    description,
    attributes,
    skus: planned,
    pictures: [...pictures.slice(rot), ...pictures.slice(0, rot)],
    liveState: total > 0 ? 'listed' : 'sold_out',
    createdAt,
    listedAt,
  };
}

/** The store's products, category by category in proportion to the templates' weights (pure: no I/O). */
export function planStore(store: DemoCatalogStore, now: number): PlannedProduct[] {
  const cats = store.categories.filter((c) => TEMPLATES[c.code]);
  const totalWeight = cats.reduce((s, c) => s + TEMPLATES[c.code].weight, 0);
  const out: PlannedProduct[] = [];
  for (const c of cats) {
    const t = TEMPLATES[c.code];
    const n = Math.round((store.products * t.weight) / totalWeight);
    const r = rng(`trio-demo|${store.categories.map((x) => x.code).join(',')}|${c.code}`);
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) out.push(buildProduct(r, store, c, t, now, seen));
  }
  return out;
}

/** Runs tasks at most n at a time, in the order they were queued. */
function limiter(n: number) {
  let running = 0;
  const queue: (() => void)[] = [];
  const done = () => {
    running--;
    queue.shift()?.();
  };
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        running++;
        task().then(resolve, reject).finally(done);
      };
      if (running < n) start();
      else queue.push(start);
    });
}

/** Pictures drawn as PNG, by category template code. */
export type DemoPictures = Map<string, Promise<Buffer[]>>;

/**
 * Starts drawing the pictures of these categories (every template by default) on sharp's threads and returns at
 * once: the seed calls it first, so the drawing runs while the database is busy with the rest of the demo.
 */
export function drawDemoPictures(codes: string[] = Object.keys(TEMPLATES)): DemoPictures {
  return new Map(codes.filter((code) => TEMPLATES[code]).map((code) => {
    const t = TEMPLATES[code];
    const drawn = Promise.all(Array.from({ length: PICTURES_PER_CATEGORY }, (_, i) =>
      renderPlaceholder(t.motifs[i % t.motifs.length], t.palette, rng(`picture|${code}|${i}`))));
    drawn.catch(() => {}); // the seed may fail before anything waits on it
    return [code, drawn] as const;
  }));
}

/**
 * Encodes the store's pictures through the ordinary upload path (so the renditions exist), several at a time on
 * sharp's threads, without touching the database; image rows by category code, for insertPictures.
 */
function encodePictures(ctx: Ctx, store: DemoCatalogStore, drawn: DemoPictures, limit: ReturnType<typeof limiter>): Promise<Map<string, ImageRow[]>> {
  const codes = store.categories.map((c) => c.code).filter((code) => TEMPLATES[code]);
  return Promise.all(codes.map(async (code) => {
    const pngs = await (drawn.get(code) ?? drawDemoPictures([code]).get(code)!);
    const rows = await Promise.all(pngs.map((png) => limit(async () => (await writeImageFiles(ctx, store.storeId, png)).row)));
    return [code, rows] as const;
  })).then((entries) => new Map(entries));
}

type ImageRow = typeof productImages.$inferInsert;

/** Inserts the encoded pictures' rows on the seed's transaction (one statement at a time); image ids by category code. */
async function insertPictures(ctx: Ctx, encoded: Map<string, ImageRow[]>): Promise<Map<string, string[]>> {
  const ids = new Map<string, string[]>();
  for (const [code, rows] of encoded) {
    if (rows.length) await ctx.db.insert(productImages).values(rows);
    ids.set(code, rows.map((r) => r.id!));
  }
  return ids;
}

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Inserts one store's planned products: live copy, passed draft, SKUs and their opening stock entries. */
async function insertProducts(ctx: Ctx, store: DemoCatalogStore, planned: PlannedProduct[], pictures: Map<string, string[]>) {
  const db = ctx.db;
  const currency = ctx.config.currency;
  // Multi-row inserts from one JSON parameter per chunk: the database parses one value instead of thousands.
  for (const part of chunks(planned)) {
    const rows = part.map((p) => {
      const imageIds = p.pictures.map((i) => pictures.get(p.code)![i]);
      const content: DraftContent = {
        title: p.title, description: p.description, categoryId: p.categoryId, attributes: p.attributes,
        skus: p.skus.map((s) => ({ attrs: s.attrs, price: s.price, stock: s.stock })), imageIds,
      };
      return {
        id: p.id, category_id: p.categoryId, title: p.title, description: p.description, attributes: p.attributes, image_ids: imageIds,
        live_state: p.liveState, created_at: p.createdAt, listed_at: p.listedAt, submitted_at: new Date(p.listedAt.getTime() - 20 * 60_000), content,
      };
    });
    const json = JSON.stringify(rows);
    await db.execute(sql`
      insert into ${products} (id, store_id, category_id, title, description, attributes, image_ids, live_state, currency, search_text, created_at, updated_at, listed_at)
      select x.id, ${store.storeId}, x.category_id, x.title, x.description, x.attributes, x.image_ids, x.live_state, ${currency},
        lower(trio_unaccent(x.title || ' ' || x.description)), x.created_at, x.listed_at, x.listed_at
      from json_to_recordset(${json}::json) as x(id uuid, category_id int, title text, description text, attributes jsonb, image_ids jsonb, live_state text, created_at timestamptz, listed_at timestamptz)`);
    await db.execute(sql`
      insert into ${productDrafts} (product_id, store_id, state, content, submitted_at, reviewed_at, updated_at)
      select x.id, ${store.storeId}, 'review_passed', x.content, x.submitted_at, x.listed_at, x.listed_at
      from json_to_recordset(${json}::json) as x(id uuid, content jsonb, submitted_at timestamptz, listed_at timestamptz)`);
  }
  const all = planned.flatMap((p) => p.skus.map((s) => ({ p, s })));
  for (const part of chunks(all, 2 * CHUNK)) {
    const json = JSON.stringify(part.map(({ p, s }) => ({
      id: s.id, product_id: p.id, attrs: s.attrs, attrs_key: s.key, price: s.price, stock: s.stock, listed_at: p.listedAt, created_at: p.createdAt,
    })));
    await db.execute(sql`
      insert into ${skus} (id, store_id, product_id, attrs, attrs_key, price, currency, stock, updated_at)
      select x.id, ${store.storeId}, x.product_id, x.attrs, x.attrs_key, x.price, ${currency}, x.stock, x.listed_at
      from json_to_recordset(${json}::json) as x(id uuid, product_id uuid, attrs jsonb, attrs_key text, price bigint, stock int, listed_at timestamptz)`);
    await db.execute(sql`
      insert into ${stockFlows} (store_id, sku_id, delta, stock_after, reason, note, actor_id, at)
      select ${store.storeId}, x.id, x.stock, x.stock, 'initial', 'Opening stock', ${store.ownerId}, x.created_at
      from json_to_recordset(${json}::json) as x(id uuid, stock int, created_at timestamptz)`);
  }
  return all.length;
}

export type DemoStoreStats = { products: number; soldOut: number; skus: number; images: number };

/**
 * Starts encoding the pictures of these stores through the ordinary upload path (renditions written, no database),
 * three at a time on sharp's threads; per store, a promise of its image rows by category code.
 */
export function encodeDemoPictures(ctx: Ctx, stores: DemoCatalogStore[], drawn: DemoPictures = drawDemoPictures(stores.flatMap((s) => s.categories.map((c) => c.code)))) {
  const limit = limiter(3);
  const encoded = stores.map((s) => encodePictures(ctx, s, drawn, limit));
  // Nothing waits on a rejected store's pictures once an earlier store failed: keep them from being unhandled.
  for (const p of encoded) p.catch(() => {});
  return encoded;
}

/** Lists one store's demo products with its encoded pictures, in the caller's transaction (ctx.db). */
export async function insertDemoStore(ctx: Ctx, store: DemoCatalogStore, encoded: Map<string, ImageRow[]>): Promise<DemoStoreStats> {
  const planned = planStore(store, ctx.clock.now().getTime());
  const set = await insertPictures(ctx, encoded);
  const skuCount = await insertProducts(ctx, store, planned, set);
  await bumpCatalog(ctx.db);
  return {
    products: planned.length,
    soldOut: planned.filter((p) => p.liveState === 'sold_out').length,
    skus: skuCount,
    images: [...set.values()].reduce((n, l) => n + l.length, 0),
  };
}
