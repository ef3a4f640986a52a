// Shapes of the catalog API's answers (see /openapi.json) and the channel chosen in the address.
import { useSearchParams } from 'react-router';

export const CHANNELS = ['store', 'mini_site', 'service_account', 'live', 'offline'] as const;
export type Channel = (typeof CHANNELS)[number];
export const LIVE_STATES = ['not_live', 'listed', 'delisted_by_merchant', 'sold_out', 'delisted_violation', 'delisted_deposit', 'banned'] as const;
export type LiveState = (typeof LIVE_STATES)[number];
export const DRAFT_STATES = ['new', 'editing', 'in_review', 'review_failed', 'review_passed'] as const;
export type DraftState = (typeof DRAFT_STATES)[number];
/** At most this many left on some SKU: the merchant's list highlights the product. */
export const LOW_STOCK = 5;

export type Attribute = { name: string; values: string[] };
export type ListingItem = {
  id: string;
  storeId: string;
  categoryId: number;
  title: string;
  imageIds: string[];
  currency: string;
  minPrice: number | null;
  skus: { id: string; attrs: Record<string, string>; price: number; stock: number }[];
};
export type ProductView = {
  id: string;
  storeId: string;
  categoryId: number;
  title: string;
  description: string;
  attributes: Attribute[];
  imageIds: string[];
  currency: string;
  liveState: string;
  skus: { id: string; attrs: Record<string, string>; price: number; stock: number; available: boolean }[];
};
export type DraftContent = {
  title: string;
  description: string;
  categoryId: number;
  attributes: Attribute[];
  skus: { attrs: Record<string, string>; price: number; stock: number }[];
  imageIds: string[];
};
export type MerchantSku = { id: string; attrs: Record<string, string>; price: number; currency: string; stock: number };
export type MerchantProduct = {
  id: string;
  storeId: string;
  categoryId: number;
  title: string;
  description: string;
  attributes: Attribute[];
  imageIds: string[];
  liveState: LiveState;
  stateReason: string | null;
  currency: string;
  updatedAt: string;
  skus: MerchantSku[];
  draft: { state: DraftState; reason: string | null; content: DraftContent; updatedAt: string };
};
export type MerchantProductRow = {
  id: string;
  title: string;
  categoryId: number;
  liveState: LiveState;
  draftState: DraftState;
  stock: number;
  minStock: number | null;
  minPrice: number | null;
  maxPrice: number | null;
  updatedAt: string;
};
export type PriceChange = { type: 'set'; price: number } | { type: 'amount'; delta: number } | { type: 'percent'; percent: number };
export type PriceSelection = { all?: boolean; categoryId?: number; productIds?: string[]; skuIds?: string[] };
export type PriceResult = {
  count: number;
  changeId?: string;
  changes: { skuId: string; productId: string; title: string; attrs: Record<string, string>; oldPrice: number; newPrice: number }[];
};
export type StockFlow = { id: number; skuId: string; delta: number; stockAfter: number; reason: string; note: string | null; at: string };
export type PriceHistoryRow = { id: number; skuId: string; oldPrice: number; newPrice: number; changeId: string; actorName: string | null; at: string };
export type ReviewItem = {
  productId: string;
  storeId: string;
  draftState: DraftState;
  liveState: LiveState;
  reason: string | null;
  content: DraftContent;
  submittedAt: string | null;
};

export const thumbUrl = (imageId: string) => `/api/storefront/images/${imageId}/thumb`;
export const largeUrl = (imageId: string) => `/api/storefront/images/${imageId}/large`;

/** "weight: 250g · colour: green" */
export function attrsLabel(attrs: Record<string, string>) {
  return Object.entries(attrs)
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ');
}

/** The channel a storefront address asks for (?channel=mini_site); the store channel by default. */
export function useChannel(): Channel {
  const [params] = useSearchParams();
  const c = params.get('channel');
  return (CHANNELS as readonly string[]).includes(c ?? '') ? (c as Channel) : 'store';
}

/** Keeps a non-default channel on links inside the storefront. */
export function withChannel(path: string, channel: Channel) {
  if (channel === 'store') return path;
  return `${path}${path.includes('?') ? '&' : '?'}channel=${channel}`;
}

/** Every combination of attribute values, in order: [{weight: 250g}, {weight: 500g}]. */
export function skuMatrix(attributes: Attribute[]): Record<string, string>[] {
  let rows: Record<string, string>[] = [{}];
  for (const a of attributes) {
    const values = a.values.filter((v) => v.trim());
    if (!a.name.trim() || values.length === 0) continue;
    rows = rows.flatMap((r) => values.map((v) => ({ ...r, [a.name.trim()]: v.trim() })));
  }
  return rows;
}

export const comboKey = (attrs: Record<string, string>) =>
  Object.keys(attrs)
    .sort()
    .map((k) => `${k}=${attrs[k]}`)
    .join('|');
