// The after-sales API's answers (aliases of the generated types: requests, timeline, dispute desk), deadlines as
// "time left", and the photo query. What each side may do with a request, and what an item may still ask, are the
// server's answers (`actions` of a request, `afterSale` of an order item).
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { client, data, type Schemas } from './api.ts';
import { enumValues } from './api/schema.ts';
import { timeLeft } from './deadline.ts';
import { useFormat } from './format.ts';

export const AFTERSALE_TYPES = enumValues.AfterSaleType;
export type AfterSaleType = Schemas['AfterSaleType'];
export const AFTERSALE_STATES = enumValues.AfterSaleState;
export type AfterSaleState = Schemas['AfterSaleState'];
/** A move on a request, named as the last part of its route path. */
export type AfterSaleAction = Schemas['AfterSaleAction'];

export type AfterSale = Schemas['AfterSale'];
export type Parcel = AfterSale['returnParcel'];
export type AfterSaleDetail = Schemas['AfterSaleDetail'];
export type AfterSaleEventRow = AfterSaleDetail['timeline'][number];
export type AfterSalePage = Schemas['AfterSalePage'];
/** The operator's desk adds the buyer, the payment and what the item paid and got back. */
export type DeskRow = Schemas['DeskAfterSale'];
export type DeskDetail = Schemas['DeskAfterSaleDetail'];
export type DeskPage = Schemas['DeskPage'];
/** What the order detail lists of its requests. */
export type OrderAfterSale = Schemas['OrderDetail']['afterSales'][number];

export const STATE_TONES: Record<AfterSaleState, string> = {
  merchant_processing: 'warning', merchant_rejected: 'danger', waiting_buyer_confirm: 'warning', waiting_buyer_return: 'info',
  return_closed: 'muted', waiting_merchant_receipt: 'info', refunding: 'info', refunded: 'success', refund_failed: 'danger',
  in_dispute: 'warning', user_cancelled: 'muted', exchange_reshipped: 'info', completed: 'success', closed: 'muted',
};

export type BuyerAction = Extract<AfterSaleAction, 'cancel' | 'accept-proposal' | 'decline-proposal' | 'return-shipment' | 'confirm-exchange' | 'dispute'>;
export type MerchantAction = Extract<AfterSaleAction, 'accept' | 'reject' | 'propose' | 'confirm-receipt' | 'reship' | 'retry-refund'>;



/** Ticks every minute so "time left" stays true on an open page. */
function useNow(ms = 60_000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}

/** "13 h", "2 d", "25 min" left until `iso` (the one rounding of lib/deadline.ts); null when it has passed. */
export function useTimeLeft(iso: string | null) {
  const f = useFormat();
  const now = useNow();
  if (!iso) return { left: null as string | null, overdue: false, hours: Infinity };
  const l = timeLeft(iso, now);
  if (l.overdue) return { left: null, overdue: true, hours: 0 };
  return { left: f.unit(l.n, l.unit), overdue: false, hours: l.ms / 3_600_000 };
}

/** A photo of evidence as an object URL (the photo needs the bearer header, so it is fetched, not linked). */
export function usePhotoUrl(id: string) {
  const q = useQuery({ queryKey: ['after-sales', 'photo', id], staleTime: Infinity, gcTime: 5 * 60_000, queryFn: ({ signal }) => data(client.GET('/api/after-sales/photos/{id}', { params: { path: { id } }, parseAs: 'blob', signal })) });
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!q.data) return;
    const u = URL.createObjectURL(q.data);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [q.data]);
  return { url, error: q.error, pending: q.isPending };
}

/** A store's return addresses (the default first). */
export const returnAddressesKey = (storeId: string) => ['merchant', 'return-addresses', storeId];
export function useReturnAddresses(storeId: string) {
  return useQuery({
    queryKey: returnAddressesKey(storeId),
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/return-addresses', { params: { path: { storeId } }, signal })),
  });
}
