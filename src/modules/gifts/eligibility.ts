// May this product (this SKU) be sent as a gift? Not when its category or any category above it is excluded by the
// operator, the merchant switched gifting off, it is not on sale, or the SKU costs more than the platform's cap.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { shownSql } from '../catalog/index.ts';
import { decorationOf } from './decoration.ts';
import { productNotGiftable, skuNotGiftable, type NotGiftableReason, type ProductGiftFacts } from './rules.ts';

type FactsRow = ProductGiftFacts & { productId: string; storeId: string; title: string; imageIds: string[]; currency: string; shown: boolean };

/** SQL: is category `c` (a column) or one of its ancestors (three levels at most) excluded from gifting? */
export const categoryExcludedSql = (c: ReturnType<typeof sql>) => sql`coalesce((
  select c1.gift_excluded or coalesce(c2.gift_excluded, false) or coalesce(c3.gift_excluded, false)
  from categories c1 left join categories c2 on c2.id = c1.parent_id left join categories c3 on c3.id = c2.parent_id
  where c1.id = ${c}), false)`;

async function productFacts(db: Db, productId: string): Promise<FactsRow> {
  const [row] = await queryRows<FactsRow>(db, sql`
    select p.id as "productId", p.store_id as "storeId", p.title, p.image_ids as "imageIds", p.currency,
      ${categoryExcludedSql(sql`p.category_id`)} as "categoryExcluded", p.gifting_enabled as "giftingEnabled",
      (p.live_state in ('listed', 'sold_out')) as "onSale", ${shownSql(sql`p`)} as "shown"
    from products p where p.id = ${productId}`);
  if (!row) throw new NotFound('product');
  return row;
}

export type GiftOptions = {
  productId: string; storeId: string; title: string; imageIds: string[]; currency: string;
  giftable: boolean; reason: NotGiftableReason | null; priceCap: number;
  skus: { id: string; attrs: Record<string, string>; price: number; currency: string; stock: number; giftable: boolean }[];
  decoration: Awaited<ReturnType<typeof decorationOf>>;
};

/**
 * What the "send as gift" screen needs of a product: may it be a gift, which SKUs, the merchant's decoration. Public,
 * so only for a product the storefront shows (listed, in an open store); any other is not found.
 */
export async function giftOptions(ctx: Ctx, productId: string): Promise<GiftOptions> {
  const facts = await productFacts(ctx.db, productId);
  if (!facts.shown) throw new NotFound('product');
  const cap = ctx.config.giftPriceCapMinor;
  const skuRows = await queryRows<{ id: string; attrs: Record<string, string>; price: number | string; currency: string; stock: number }>(ctx.db, sql`
    select id, attrs, price, currency, stock from skus where product_id = ${productId} and active order by attrs_key, id`);
  const skus = skuRows.map((s) => {
    const price = Number(s.price);
    return { id: s.id, attrs: s.attrs, price, currency: s.currency, stock: Number(s.stock), giftable: skuNotGiftable(facts, price, cap) === null };
  });
  const reason = productNotGiftable(facts) ?? (skus.some((s) => s.giftable) ? null : 'price_above_cap');
  return {
    productId, storeId: facts.storeId, title: facts.title, imageIds: facts.imageIds, currency: facts.currency,
    giftable: reason === null, reason, priceCap: cap, skus, decoration: await decorationOf(ctx.db, productId),
  };
}

/** The product of a SKU, refused with 422 product_not_giftable {reason} when it may not be sent as a gift. */
export async function assertGiftable(db: Db, skuId: string, cap: number): Promise<{ productId: string; storeId: string }> {
  const [sku] = await queryRows<{ productId: string; price: number | string; active: boolean }>(db, sql`
    select product_id as "productId", price, active from skus where id = ${skuId}`);
  if (!sku) throw new NotFound('sku', { skuId });
  const facts = await productFacts(db, sku.productId);
  const reason = skuNotGiftable({ ...facts, onSale: facts.onSale && sku.active }, Number(sku.price), cap);
  if (reason) throw new Invalid('product_not_giftable', notGiftableText[reason], { reason, productId: sku.productId });
  return { productId: sku.productId, storeId: facts.storeId };
}

const notGiftableText: Record<NotGiftableReason, string> = {
  category_excluded: 'Products of this category cannot be sent as gifts.',
  price_above_cap: 'This product costs more than a gift may cost.',
  gifting_off: 'The merchant does not offer this product as a gift.',
  not_on_sale: 'This product is not on sale.',
};
