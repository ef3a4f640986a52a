// A merchant's gift decoration of a product: the gift page theme, the stickers a giver may place on the card and
// the greeting-card designs. Products without a saved decoration use DEFAULT_DECORATION.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { giftDecorations, type GiftDecoration } from './schema.ts';

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
