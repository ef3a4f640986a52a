// Shapes of the gifts API's answers (send, share, claim, my gifts, decoration, offline shops) and small helpers.
import { useQuery } from '@tanstack/react-query';
import { api } from './api.ts';
import type { Channel } from './catalog.ts';
import type { OrderState } from './orders.ts';
import type { AfterSaleState, AfterSaleType } from './aftersales.ts';

export const GIFT_STATES = ['awaiting_payment', 'waiting', 'claimed', 'expired', 'refunded', 'cancelled'] as const;
export type GiftState = (typeof GIFT_STATES)[number];
export const GIFT_KINDS = ['single', 'first_come', 'lottery'] as const;
export type GiftKind = (typeof GIFT_KINDS)[number];
export const CLAIM_STATES = ['won', 'claimed', 'lapsed'] as const;
export type ClaimState = (typeof CLAIM_STATES)[number];
export const CARD_PATTERNS = ['plain', 'dots', 'stripes', 'hearts'] as const;
export type CardPattern = (typeof CARD_PATTERNS)[number];
export const NOT_GIFTABLE = ['category_excluded', 'price_above_cap', 'gifting_off', 'not_on_sale'] as const;
export type NotGiftableReason = (typeof NOT_GIFTABLE)[number];

/** The longest message a giver may write on the card. */
export const MESSAGE_MAX = 100;
/** At most this many stickers on one card. */
export const STICKERS_MAX = 10;

export type Sticker = { id: string; label: string; glyph: string };
export type CardDesign = { id: string; name: string; background: string; accent: string; pattern: CardPattern };
export type Theme = { coverImageId: string | null; background: string; accent: string; text: string };
export type GiftDecoration = { theme: Theme; stickers: Sticker[]; cards: CardDesign[] };
export type PlacedSticker = { stickerId: string; x: number; y: number };
/** A placed sticker as a gift link shows it: with its glyph. */
export type ShownSticker = PlacedSticker & { glyph?: string; label?: string };

export type GiftOptions = {
  giftable: boolean;
  reason: NotGiftableReason | null;
  priceCap: number;
  skus: { id: string; attrs: Record<string, string>; price: number; currency: string; stock: number; giftable: boolean }[];
  decoration: GiftDecoration;
};

/** The recorded draw: winners are buyer ids, winnerNames their names in the same order. */
export type LotteryDraw = { seed: string; algorithm: string; participants: string[]; winners: string[]; winnerNames: string[]; drawnAt: string };

export type SentGift = {
  id: string;
  state: GiftState;
  stateCode: number;
  kind: GiftKind;
  source: 'buyer' | 'merchant';
  productId: string;
  title: string;
  imageId: string | null;
  skuId: string;
  attrs: Record<string, string>;
  unitQuantity: number;
  units: number;
  unitsClaimed: number;
  unitsReturned: number;
  unitPrice: number;
  amount: number;
  currency: string;
  message: string;
  receiverName: string | null;
  cardId: string | null;
  stickers: PlacedSticker[];
  channel: Channel;
  shopId: string | null;
  paymentId: string | null;
  sharePath: string | null;
  createdAt: string;
  paidAt: string | null;
  expiresAt: string | null;
  joinDeadline: string | null;
  entries: number;
  draw: LotteryDraw | null;
  claims: { claimantName: string; state: ClaimState; claimedAt: string | null; orderState: OrderState | null; afterSale?: { type: AfterSaleType; state: AfterSaleState } | null }[];
};

export type ReceivedGift = {
  giftId: string;
  /** null for a store's free gift named for me and not claimed yet. */
  claimId: string | null;
  title: string;
  imageId: string | null;
  attrs: Record<string, string>;
  unitQuantity: number;
  giverName: string;
  message: string;
  state: ClaimState | 'unclaimed';
  giftState: GiftState;
  /** The link to claim with, while there is something to claim (won, or a free gift for me). */
  sharePath: string | null;
  orderId: string | null;
  orderState: OrderState | null;
  shipments: { carrier: string; trackingNo: string; createdAt: string }[];
  claimedAt: string | null;
  expiresAt: string | null;
  /** The claim's order item (what after-sales is asked of); null before a claim. */
  orderItemId: string | null;
  /** What may be asked now (empty: nothing); no amount: the refund is the whole share, back to the giver's payment. */
  afterSaleTypes: AfterSaleType[];
  /** The item's latest after-sales request. */
  afterSale: { id: string; type: AfterSaleType; state: AfterSaleState } | null;
};

export type GiftPage = {
  giftId: string;
  state: GiftState;
  stateCode: number;
  kind: GiftKind;
  source: 'buyer' | 'merchant';
  giverName: string;
  message: string;
  receiverName: string | null;
  title: string;
  productId: string;
  imageIds: string[];
  attrs: Record<string, string>;
  skuId?: string;
  unitQuantity: number;
  unitsLeft: number;
  decoration: { theme: Theme; card: CardDesign | null; stickers: ShownSticker[] };
  skus: { id: string; attrs: Record<string, string>; available: boolean }[];
  expiresAt: string | null;
  joinDeadline: string | null;
  entries: number;
  joined: boolean;
  draw: LotteryDraw | null;
  viewer: { signedIn: boolean; isGiver: boolean; canClaim: boolean; claimed: boolean; won: boolean; orderId: string | null };
};

export type SendGiftResult = { gift: SentGift; paymentId: string | null; amount: number; currency: string; payDeadline: string | null };

export type GiftShopStats = { gifts: number; orders: number; sales: number; currency: string };
export type GiftShop = { id: string; name: string; address: string; productIds: string[] | null; scanPath: string; createdAt: string; archivedAt: string | null; stats: GiftShopStats };
export type PublicGiftShop = { id: string; name: string; address: string; storeId: string; storeName: string; products: { id: string; title: string; imageId: string | null; price: number; currency: string; giftable: boolean }[] };

/** What the merchant prints: on a gift order. */
export type GiftCardText = { cardId: string | null; cardName: string | null; giverName: string; receiverName: string | null; message: string };
export type OrderGift = { giftId: string; card: GiftCardText } | null;

export const GIFT_TONES: Record<GiftState, string> = {
  awaiting_payment: 'warning',
  waiting: 'info',
  claimed: 'success',
  expired: 'muted',
  refunded: 'muted',
  cancelled: 'muted',
};
export const CLAIM_TONES: Record<ClaimState | 'unclaimed', string> = { unclaimed: 'info', won: 'info', claimed: 'success', lapsed: 'muted' };

export const giftOptionsKey = (productId: string) => ['gift-options', productId] as const;

/** Can this product be sent as a gift, which SKUs, and how the merchant decorated it (public). */
export function useGiftOptions(productId: string | null | undefined) {
  return useQuery({
    queryKey: giftOptionsKey(productId ?? ''),
    enabled: !!productId,
    queryFn: ({ signal }) => api<GiftOptions>(`/api/products/${productId}/gift-options`, { signal }),
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
