// Offline shops (scan-to-gift): a physical shop or counter of a store with a QR code, optionally limited to some
// of the store's products. Gifts sent from a shop carry the 'offline' channel and the shop's id.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { products } from '../catalog/schema.ts';
import { giftShops } from './schema.ts';

/** The shop a gift of productId is sent from: 404 gift_shop_not_found (unknown or archived), 422 product_not_in_shop. */
export async function shopForGift(tx: Db, shopId: string, productId: string): Promise<{ id: string; storeId: string; name: string; address: string }> {
  const [shop] = await tx.select().from(giftShops).where(eq(giftShops.id, shopId));
  if (!shop || shop.archivedAt) throw new NotFound('gift_shop');
  const [product] = await tx.select({ storeId: products.storeId }).from(products).where(eq(products.id, productId));
  if (!product || product.storeId !== shop.storeId || (shop.productIds && !shop.productIds.includes(productId))) {
    throw new Invalid('product_not_in_shop', 'This shop does not offer this product as a gift.', { shopId, productId });
  }
  return { id: shop.id, storeId: shop.storeId, name: shop.name, address: shop.address };
}
