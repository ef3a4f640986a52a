// The catalog API's answers (generated from the server's document, see ./api/schema.ts), the channel chosen in the
// address, and what the signed-in store member may do with products.
import { useSyncExternalStore } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../auth/session.tsx';
import { useTranslation } from 'react-i18next';
import { enumValues } from './api/schema.ts';
import { client, data, type Answer, type RequestBody, type Schemas } from './api.ts';
import type { Permission } from './permissions.ts';

export const CHANNELS = enumValues.Channel;
export type Channel = Schemas['Channel'];
export const LIVE_STATES = enumValues.LiveState;
export type LiveState = Schemas['LiveState'];
export const DRAFT_STATES = enumValues.DraftState;
export type DraftState = Schemas['DraftState'];

export type Attribute = Schemas['VariantAttribute'];
export type ListingItem = Schemas['ListingItem'];
export type StorefrontProduct = Schemas['StorefrontProduct'];
/** @deprecated the old name of StorefrontProduct, kept for the pages that still import it. */
export type ProductView = StorefrontProduct;
/** The draft as the editor sends it (defaults may be left out) and as the server answers it. */
export type DraftInput = Schemas['ProductContentInput'];
export type DraftContent = Schemas['ProductContent'];
export type MerchantSku = Schemas['MerchantSku'];
export type MerchantProduct = Schemas['MerchantProduct'];
export type MerchantProductRow = Schemas['MerchantProductRow'];
export type PriceChange = RequestBody<'/api/merchant/stores/{storeId}/prices/preview', 'post'>['change'];
export type PriceSelection = RequestBody<'/api/merchant/stores/{storeId}/prices/preview', 'post'>['selection'];
export type PriceResult = Schemas['PriceChangeResult'];
export type StockFlow = Schemas['StockFlow'];
export type StockOp = RequestBody<'/api/merchant/stores/{storeId}/skus/{skuId}/stock', 'post'>['op'];
export type PriceHistoryRow = Schemas['PriceHistoryEntry'];
export type ReviewItem = Schemas['ProductReviewItem'];
export type StoreChannel = Schemas['StoreChannel'];
export type StorefrontStore = Answer<'/api/storefront/stores/{storeId}', 'get'>;
export type StorefrontHome = Schemas['StorefrontHome'];
export type ApproxAmount = Schemas['ApproxAmount'];
export type DisplayCurrency = Schemas['DisplayCurrency'];
export const DISPLAY_CURRENCIES = enumValues.DisplayCurrency;
export type ExchangeRate = Schemas['ExchangeRate'];

export type DisplayChoice = Schemas['DisplayChoice'];
const DISPLAY_KEY = 'trio.displayCurrency';

/**
 * The currency a buyer reads approximate prices in by default: Vietnamese in the interface means VND (the language is
 * the buyer's choice of where they are from). Only for reading: carts, checkout and payment use the store's price in
 * the store's currency.
 */
export function displayCurrencyFor(language: string): DisplayCurrency | undefined {
  return language === 'vi' ? 'VND' : undefined;
}

// A signed-out visitor's choice lives in this browser; the signed-in buyer's on the account (PATCH /api/me).
const listeners = new Set<() => void>();
function storedChoice(): DisplayChoice | null {
  try {
    const v = localStorage.getItem(DISPLAY_KEY);
    return v === 'none' || (DISPLAY_CURRENCIES as readonly string[]).includes(v ?? '') ? (v as DisplayChoice) : null;
  } catch {
    return null;
  }
}
function subscribe(f: () => void) {
  listeners.add(f);
  const onStorage = (e: StorageEvent) => e.key === DISPLAY_KEY && f();
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(f);
    window.removeEventListener('storage', onStorage);
  };
}

/** The buyer's choice (account or browser; null: by language), the currency it resolves to, and how to change it. */
export function useDisplayChoice() {
  const { i18n } = useTranslation();
  const { user, updateUser } = useSession();
  const local = useSyncExternalStore(subscribe, storedChoice, () => null);
  const choice: DisplayChoice | null = user ? (user.displayCurrency ?? null) : local;
  const currency: DisplayCurrency | undefined = choice === 'none' ? undefined : (choice ?? displayCurrencyFor(i18n.language));
  const choose = async (next: DisplayChoice | null) => {
    if (user) {
      updateUser(await data(client.PATCH('/api/me', { body: { displayCurrency: next } })));
      return;
    }
    if (next === null) localStorage.removeItem(DISPLAY_KEY);
    else localStorage.setItem(DISPLAY_KEY, next);
    listeners.forEach((f) => f());
  };
  return { choice, currency, choose };
}

export function useDisplayCurrency(): DisplayCurrency | undefined {
  return useDisplayChoice().currency;
}

/** The currencies the operator has a rate into: the ones a buyer may choose. */
export function useDisplayCurrencies() {
  return useQuery({
    queryKey: ['storefront', 'display-currencies'],
    queryFn: ({ signal }) => data(client.GET('/api/storefront/display-currencies', { signal })),
    staleTime: 5 * 60_000,
  });
}

/**
 * What a store member may do with products, from the permissions the store detail answers (`me.permissions`). The
 * server refuses the rest anyway; the pages hide or disable those controls and say why.
 */
export function productRights(store: { me: { permissions: readonly Permission[] } }) {
  const has = (p: Permission) => store.me.permissions.includes(p);
  return {
    /** Create products, edit and submit drafts, delist and relist, upload images, switch channels. */
    write: has('catalog.write'),
    price: has('prices.write'),
    stock: has('stock.write'),
  };
}
export type ProductRights = ReturnType<typeof productRights>;

/** What the bulk price change acts on: every product, one category, or the ticked rows. */
export type BulkScope = 'all' | 'category' | 'selected';
/** The scope the merchant picked, and whether rows were ticked when they picked it. */
export type BulkScopeChoice = { scope: BulkScope; withSelection: boolean };

/**
 * The bulk price panel's scope: it starts from the ticked rows when there are any, else from the whole store. A
 * scope the merchant picked holds until rows get ticked or all unticked (a new selection is a new intent), and never
 * points at nothing (no ticked rows, or no approved category).
 */
export function bulkScope(choice: BulkScopeChoice | null, selectedCount: number, hasCategories: boolean): BulkScope {
  const ticked = selectedCount > 0;
  if (choice && choice.withSelection === ticked && (choice.scope !== 'selected' || ticked) && (choice.scope !== 'category' || hasCategories)) return choice.scope;
  return ticked ? 'selected' : 'all';
}

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
  return CHANNELS.find((x) => x === c) ?? 'store';
}

/** The mini-site a buyer came through (?via=<appId>) and the customisation file it uploaded (?media=<mediaId>). */
export function useVia(): { via: string | null; media: string | null } {
  const [params] = useSearchParams();
  return { via: params.get('via') || null, media: params.get('media') || null };
}

/** The query string part that carries useVia() on to the next page ('' when the buyer did not come through a mini-site). */
export function viaQuery(v: { via: string | null; media: string | null }) {
  return `${v.via ? `&via=${encodeURIComponent(v.via)}` : ''}${v.media ? `&media=${encodeURIComponent(v.media)}` : ''}`;
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

/** The store's listed products (up to 200): what a free gift, a gift shop's list or a cooperation gift is chosen from. */
export function useListedProducts(storeId: string, enabled = true) {
  return useQuery({
    queryKey: ['merchant', 'products', storeId, { live: 'listed', all: true }],
    enabled,
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/products', { params: { path: { storeId }, query: { liveState: 'listed', limit: 200 } }, signal })),
  });
}

/** One of the store's products with its SKUs, once one is chosen (the editor's query: the same cache). */
export function useMerchantProduct(storeId: string, productId: string) {
  return useQuery({
    queryKey: ['merchant', 'product', storeId, productId],
    enabled: !!productId,
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/products/{productId}', { params: { path: { storeId, productId } }, signal })),
  });
}
