// A merchant's gift decoration of a product: the gift page theme, the stickers a giver may place on the card and
// the greeting-card designs. Products without a saved decoration use DEFAULT_DECORATION. The merchant also switches
// "send as gift" on or off per product here.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { bumpCatalog } from '../catalog/index.ts';
import { productImages, products } from '../catalog/schema.ts';
import { giftDecorations, type GiftDecoration } from './schema.ts';

export const CARD_PATTERNS = ['plain', 'dots', 'stripes', 'hearts'] as const;
export const MAX_STICKERS = 12;
export const MAX_CARDS = 6;
/** A sticker's glyph: an emoji or a short text of at most this many characters (grapheme clusters). */
export const MAX_GLYPH_CHARS = 4;

/** What every product's gift page looks like until its merchant decorates it. */
export const DEFAULT_DECORATION: GiftDecoration = {
  theme: { coverImageId: null, background: '#fff4e6', accent: '#e8590c', text: '#343a40' },
  stickers: [
    { id: 'heart', label: 'Heart', glyph: '❤️' },
    { id: 'gift', label: 'Gift', glyph: '🎁' },
    { id: 'star', label: 'Star', glyph: '⭐' },
    { id: 'flower', label: 'Flower', glyph: '🌸' },
  ],
  cards: [
    { id: 'classic', name: 'Classic', background: '#ffffff', accent: '#e8590c', pattern: 'plain' },
    { id: 'celebration', name: 'Celebration', background: '#fff9db', accent: '#f08c00', pattern: 'dots' },
  ],
};

/** The product's saved decoration, or the default one. */
export async function decorationOf(tx: Db, productId: string): Promise<GiftDecoration> {
  const [row] = await tx.select({ decoration: giftDecorations.decoration }).from(giftDecorations).where(eq(giftDecorations.productId, productId));
  return row?.decoration ?? DEFAULT_DECORATION;
}

/**
 * SQL: the name of card `cardId` in the product's decoration (in the default one when the product has none), or
 * null: what `decorationOf(...).cards.find(...)?.name` gives, read by a claim's own statement instead of a read before it.
 */
export function cardNameSql(productId: string, cardId: string | null) {
  const fallback = DEFAULT_DECORATION.cards.find((c) => c.id === cardId)?.name ?? null;
  return sql`(select case when d.product_id is null then ${fallback}::text
      else (select c->>'name' from jsonb_array_elements(d.decoration->'cards') c where c->>'id' = ${cardId}::text limit 1) end
    from (select 1) one left join gift_decorations d on d.product_id = ${productId}::uuid)`;
}

const COLOUR = /^#[0-9a-f]{6}$/i;
const ITEM_ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The rules of a decoration beyond its shape, each with its own code (422): invalid_colour, too_many_stickers,
 * too_many_cards, invalid_glyph, invalid_decoration_id, duplicate_decoration_id. Colours come back lower-case.
 */
export function checkDecoration(d: GiftDecoration): GiftDecoration {
  const colour = (path: string, value: string) => {
    if (!COLOUR.test(value)) throw new Invalid('invalid_colour', `${path} must be a colour written #rrggbb, e.g. #e8590c.`, { path, value });
    return value.toLowerCase();
  };
  if (d.stickers.length > MAX_STICKERS) throw new Invalid('too_many_stickers', `A decoration has at most ${MAX_STICKERS} stickers.`, { max: MAX_STICKERS, count: d.stickers.length });
  if (d.cards.length > MAX_CARDS) throw new Invalid('too_many_cards', `A decoration has at most ${MAX_CARDS} card designs.`, { max: MAX_CARDS, count: d.cards.length });
  const ids = (what: string, list: { id: string }[]) => {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      const path = `${what}.${i}.id`;
      if (!ITEM_ID.test(x.id)) throw new Invalid('invalid_decoration_id', `${path}: an id is 1 to 40 lower-case letters, digits, "-" or "_".`, { path, value: x.id });
      if (seen.has(x.id)) throw new Invalid('duplicate_decoration_id', `${path}: "${x.id}" is used twice.`, { path, value: x.id });
      seen.add(x.id);
    });
  };
  ids('stickers', d.stickers);
  ids('cards', d.cards);
  d.stickers.forEach((s, i) => {
    const chars = [...segmenter.segment(s.glyph)].length;
    if (chars < 1 || chars > MAX_GLYPH_CHARS || s.glyph.trim() !== s.glyph) {
      throw new Invalid('invalid_glyph', `stickers.${i}.glyph: a glyph is an emoji or 1 to ${MAX_GLYPH_CHARS} characters.`, { path: `stickers.${i}.glyph`, value: s.glyph });
    }
  });
  return {
    theme: { coverImageId: d.theme.coverImageId, background: colour('theme.background', d.theme.background), accent: colour('theme.accent', d.theme.accent), text: colour('theme.text', d.theme.text) },
    stickers: d.stickers.map((s) => ({ id: s.id, label: s.label, glyph: s.glyph })),
    cards: d.cards.map((c, i) => ({ id: c.id, name: c.name, background: colour(`cards.${i}.background`, c.background), accent: colour(`cards.${i}.accent`, c.accent), pattern: c.pattern })),
  };
}

/** The product of this store (404 product_not_found otherwise), locked when asked. */
async function storeProduct(tx: Db, storeId: string, productId: string, lock = false) {
  const q = tx.select({ id: products.id, title: products.title, giftingEnabled: products.giftingEnabled }).from(products).where(and(eq(products.id, productId), eq(products.storeId, storeId)));
  const [p] = lock ? await q.for('update') : await q;
  if (!p) throw new NotFound('product');
  return p;
}

export async function merchantDecoration(db: Db, storeId: string, productId: string) {
  await storeProduct(db, storeId, productId);
  return decorationOf(db, productId);
}

export async function saveDecoration(ctx: Ctx, actor: Actor, storeId: string, productId: string, input: GiftDecoration) {
  const decoration = checkDecoration(input);
  return inTransaction(ctx, async (tx) => {
    const p = await storeProduct(tx, storeId, productId, true);
    const cover = decoration.theme.coverImageId;
    if (cover) {
      const [img] = await tx.select({ id: productImages.id }).from(productImages).where(and(eq(productImages.id, cover), eq(productImages.storeId, storeId)));
      if (!img) throw new Invalid('cover_image_not_in_store', 'The cover image must be one of this store\'s uploaded images.', { path: 'theme.coverImageId', value: cover });
    }
    const before = await decorationOf(tx, productId);
    const now = ctx.clock.now();
    await tx.insert(giftDecorations).values({ productId, storeId, decoration, updatedAt: now })
      .onConflictDoUpdate({ target: giftDecorations.productId, set: { decoration, updatedAt: now } });
    await recordAudit(tx, actor, { action: 'product.gift_decoration', entityType: 'product', entityId: productId, storeId, summary: p.title, before, after: decoration }, now);
    // Buyers' gift pages may be cached with the catalog.
    await bumpCatalog(tx, storeId);
    return decoration;
  });
}

export async function giftingOf(db: Db, storeId: string, productId: string) {
  return { enabled: (await storeProduct(db, storeId, productId)).giftingEnabled };
}

/** The merchant's per-product "send as gift" switch. */
export async function setGifting(ctx: Ctx, actor: Actor, storeId: string, productId: string, enabled: boolean) {
  return inTransaction(ctx, async (tx) => {
    const p = await storeProduct(tx, storeId, productId, true);
    if (p.giftingEnabled === enabled) return { enabled };
    const now = ctx.clock.now();
    await tx.update(products).set({ giftingEnabled: enabled, updatedAt: now }).where(eq(products.id, productId));
    await recordAudit(tx, actor, { action: enabled ? 'product.gifting_on' : 'product.gifting_off', entityType: 'product', entityId: productId, storeId, summary: p.title, before: { giftingEnabled: p.giftingEnabled }, after: { giftingEnabled: enabled } }, now);
    await bumpCatalog(tx, storeId);
    return { enabled };
  });
}
