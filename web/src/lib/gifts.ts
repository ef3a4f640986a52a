// The gifts API's answers (send, share, claim, my gifts, decoration, offline shops), named after the server's
// OpenAPI document (./api/schema.ts, generated), and small helpers.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import i18n from '../i18n/index.ts';
import { client, data, type Answer, type Schemas } from './api.ts';
import { enumValues } from './api/schema.ts';

export const GIFT_STATES = enumValues.GiftState;
export type GiftState = Schemas['GiftState'];
export const GIFT_KINDS = enumValues.GiftKind;
export type GiftKind = Schemas['GiftKind'];
export const CLAIM_STATES = enumValues.ClaimState;
export type ClaimState = Schemas['ClaimState'];
export type ReceivedGiftState = Schemas['ReceivedGiftState'];
export const CARD_PATTERNS = enumValues.CardPattern;
export type CardPattern = Schemas['CardPattern'];
export const NOT_GIFTABLE = enumValues.NotGiftableReason;
export type NotGiftableReason = Schemas['NotGiftableReason'];

/** The longest message a giver may write on the card. */
export const MESSAGE_MAX = 100;
/** At most this many stickers on one card. */
export const STICKERS_MAX = 10;

export type Sticker = Schemas['GiftSticker'];
export type CardDesign = Schemas['GiftCardDesign'];
export type Theme = Schemas['GiftTheme'];
export type GiftDecoration = Schemas['GiftDecoration'];
export type PlacedSticker = Schemas['PlacedSticker'];
/** A placed sticker as a gift link shows it: with its glyph. */
export type ShownSticker = PlacedSticker & { glyph?: string; label?: string };

export type GiftOptions = Schemas['GiftOptions'];
/** The recorded draw: winners are buyer ids, winnerNames their names in the same order. */
export type LotteryDraw = Schemas['LotteryDraw'];
/** A gift as its giver (or its store) sees it. */
export type SentGift = Schemas['Gift'];
export type ReceivedGift = Schemas['ReceivedGift'];
/** The page a gift link opens. */
export type GiftPage = Schemas['GiftLink'];
export type SendGiftResult = Schemas['GiftCheckout'];
export type GiftShop = Schemas['GiftShop'];
export type GiftShopStats = GiftShop['stats'];
export type PublicGiftShop = Schemas['PublicGiftShop'];

/** The gift a merchant's order delivers, and the card to print with it. */
export type OrderGift = Answer<'/api/merchant/stores/{storeId}/orders/{orderId}', 'get'>['gift'];
export type GiftCardText = NonNullable<NonNullable<OrderGift>['card']>;

export const GIFT_TONES: Record<GiftState, string> = {
  awaiting_payment: 'warning',
  waiting: 'info',
  claimed: 'success',
  expired: 'muted',
  refunded: 'muted',
  cancelled: 'muted',
};
export const CLAIM_TONES: Record<ReceivedGiftState, string> = { unclaimed: 'info', won: 'info', claimed: 'success', lapsed: 'muted' };

export const giftOptionsKey = (productId: string) => ['gift-options', productId] as const;

/** Can this product be sent as a gift, which SKUs, and how the merchant decorated it (public). */
export function useGiftOptions(productId: string | null | undefined) {
  return useQuery({
    queryKey: giftOptionsKey(productId ?? ''),
    enabled: !!productId,
    queryFn: ({ signal }) => data(client.GET('/api/products/{productId}/gift-options', { params: { path: { productId: productId! } }, signal })),
  });
}

/** The full address of a path inside this app (for share links and QR codes). */
export function absoluteUrl(path: string) {
  return new URL(path, window.location.origin).toString();
}

/** Characters as the server counts them (Unicode code points: an emoji is one). */
export const messageLength = (s: string) => [...s].length;

/** A short id made of the label, unique among `taken`: "Red heart" -> "red-heart", "red-heart-2". */
export function slugId(label: string, taken: string[]) {
  const base =
    label
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 24) || 'item';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

/**
 * The platform's default card designs and stickers (the server's DEFAULT_DECORATION) carry English names: shown in
 * the reader's language when a name is still the default one (gifts.defaults in the translations; a unit test keeps
 * the English texts equal to the server's names). A merchant's own names are shown as written.
 */
export function useDecorationNames() {
  const { t } = useTranslation();
  const named = (kind: 'card' | 'sticker', id: string, name: string) => {
    const key = `gifts.defaults.${kind}.${id}`;
    return i18n.exists(key) && t(key, { lng: 'en' }) === name ? t(key) : name;
  };
  return {
    card: (c: { id: string; name: string }) => named('card', c.id, c.name),
    sticker: (s: { id: string; label: string }) => named('sticker', s.id, s.label),
  };
}
