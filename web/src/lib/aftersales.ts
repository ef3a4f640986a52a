// Shapes of the after-sales API's answers (requests, timeline, dispute desk), which actions each side has in each
// state, deadlines as "time left", and what an item may still ask back.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from './api.ts';
import { useFormat } from './format.ts';
import type { OrderDetail, OrderItem } from './orders.ts';

export const AFTERSALE_TYPES = ['refund', 'return', 'exchange'] as const;
export type AfterSaleType = (typeof AFTERSALE_TYPES)[number];
export const AFTERSALE_STATES = [
  'merchant_processing', 'merchant_rejected', 'waiting_buyer_confirm', 'waiting_buyer_return', 'return_closed',
  'waiting_merchant_receipt', 'refunding', 'refunded', 'refund_failed', 'in_dispute', 'user_cancelled',
  'exchange_reshipped', 'completed', 'closed',
] as const;
export type AfterSaleState = (typeof AFTERSALE_STATES)[number];
export const OPEN_STATES: AfterSaleState[] = [
  'merchant_processing', 'merchant_rejected', 'waiting_buyer_confirm', 'waiting_buyer_return', 'waiting_merchant_receipt',
  'refunding', 'refund_failed', 'in_dispute', 'exchange_reshipped',
];
/** At most this many requests per item, ever (the server's MAX_REQUESTS_PER_ITEM). */
export const MAX_REQUESTS_PER_ITEM = 5;

export type Parcel = { carrier: string; trackingNo: string; at: string } | null;
export type AfterSale = {
  id: string; storeId: string; storeName: string; orderId: string; orderItemId: string; type: AfterSaleType; state: AfterSaleState;
  /** A gift's order; `moneyHidden` when its recipient reads it: every amount is null (the price is the giver's). */
  gift: boolean; moneyHidden: boolean;
  quantity: number; amount: number | null; agreedAmount: number | null; currency: string; reason: string; detail: string; photoIds: string[];
  exchangeSkuId: string | null; rejectReason: string | null; proposal: { amount: number | null; note: string; at: string } | null;
  returnParcel: Parcel; reshipParcel: Parcel; disputeReason: string | null;
  decision: { outcome: 'refund_full' | 'refund_partial' | 'reject'; amount: number | null; note: string; decidedBy: string; at: string } | null;
  refundId: string | null; dueAt: string | null; createdAt: string; updatedAt: string; closedAt: string | null;
  item: { id: string; title: string; attrs: Record<string, string>; imageId: string | null; skuId: string; quantity: number } | null;
};
export type AfterSaleEventRow = { event: string; actorRole: string; fromState: string | null; toState: string | null; detail: unknown; at: string };
export type AfterSaleDetail = AfterSale & { timeline: AfterSaleEventRow[] };
export type AfterSalePage = { afterSales: AfterSale[]; total: number };
/** The operator's desk adds the buyer, the payment and what the item paid and got back. */
export type DeskMoney = { buyerId: string; buyerName: string; paymentId: string | null; refundAmount: number; itemPaid: number; itemRefunded: number };
export type DeskRow = AfterSale & DeskMoney;
export type DeskDetail = AfterSaleDetail & DeskMoney;
export type DeskPage = { items: DeskRow[]; total: number };
/** What the order detail lists of its requests. */
export type OrderAfterSale = { id: string; orderItemId: string; type: AfterSaleType; state: AfterSaleState; amount: number; agreedAmount: number | null };

export const STATE_TONES: Record<AfterSaleState, string> = {
  merchant_processing: 'warning', merchant_rejected: 'danger', waiting_buyer_confirm: 'warning', waiting_buyer_return: 'info',
  return_closed: 'muted', waiting_merchant_receipt: 'info', refunding: 'info', refunded: 'success', refund_failed: 'danger',
  in_dispute: 'warning', user_cancelled: 'muted', exchange_reshipped: 'info', completed: 'success', closed: 'muted',
};

export type BuyerAction = 'cancel' | 'accept-proposal' | 'decline-proposal' | 'return-shipment' | 'confirm-exchange' | 'dispute';
export type MerchantAction = 'accept' | 'reject' | 'propose' | 'confirm-receipt' | 'reship' | 'retry-refund';

/** The buyer's actions in a state, the main one first. */
export function buyerActions(r: Pick<AfterSale, 'state' | 'type'>): BuyerAction[] {
  switch (r.state) {
    case 'merchant_processing': return ['cancel'];
    case 'waiting_buyer_confirm': return ['accept-proposal', 'decline-proposal', 'cancel'];
    case 'merchant_rejected': return ['dispute', 'cancel'];
    case 'waiting_buyer_return': return ['return-shipment', 'cancel'];
    case 'exchange_reshipped': return ['confirm-exchange'];
    default: return [];
  }
}

/** The merchant's actions in a state, the main one first. */
export function merchantActions(r: Pick<AfterSale, 'state' | 'type'>): MerchantAction[] {
  switch (r.state) {
    case 'merchant_processing': return ['accept', 'propose', 'reject'];
    case 'waiting_merchant_receipt': return r.type === 'exchange' ? ['reship'] : ['confirm-receipt'];
    case 'refund_failed': return ['retry-refund'];
    default: return [];
  }
}

/** Who the request waits for in its state (the deadline's owner). */
export function waitsFor(state: AfterSaleState): 'merchant' | 'buyer' | 'operator' | 'payment' | null {
  if (state === 'merchant_processing' || state === 'waiting_merchant_receipt' || state === 'refund_failed') return 'merchant';
  if (state === 'waiting_buyer_confirm' || state === 'waiting_buyer_return' || state === 'merchant_rejected' || state === 'exchange_reshipped') return 'buyer';
  if (state === 'in_dispute') return 'operator';
  if (state === 'refunding') return 'payment';
  return null;
}

/** What may still be asked back for `quantity` units (as the server's refundableFor: pro rata, the rest for the last units). */
export function refundableFor(item: Pick<OrderItem, 'amount' | 'discount' | 'quantity'>, quantity: number, refunded: number) {
  const paid = item.amount - item.discount;
  const left = Math.max(0, paid - refunded);
  if (quantity >= item.quantity) return left;
  return Math.min(Math.floor((paid * quantity) / item.quantity), left);
}

export type ItemAfterSales = { open: OrderAfterSale | undefined; all: OrderAfterSale[]; types: AfterSaleType[]; refunded: number };
/**
 * What the buyer may ask for an item: nothing before payment, after cancellation or a full refund, while a request
 * is open, after five requests, or after the window (it closes when the order settles: receipt + the store's days);
 * an unshipped item only a refund.
 */
export function itemAfterSales(order: OrderDetail, item: OrderItem, now = Date.now()): ItemAfterSales {
  const all = (order.afterSales ?? []).filter((a) => a.orderItemId === item.id);
  const open = all.find((a) => OPEN_STATES.includes(a.state));
  const refunded = item.refundedAmount ?? 0;
  const closed = !!order.receivedAt && !!order.settleAt && new Date(order.settleAt).getTime() <= now;
  const allowed = ['awaiting_shipment', 'shipped', 'received'].includes(item.state) && item.refundState !== 'full' && !open && all.length < MAX_REQUESTS_PER_ITEM && !closed && !order.settledAt;
  const types: AfterSaleType[] = !allowed ? [] : item.state === 'awaiting_shipment' ? ['refund'] : ['refund', 'return', 'exchange'];
  return { open, all, types, refunded };
}

/** Ticks every minute so "time left" stays true on an open page. */
function useNow(ms = 60_000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}

/** "13 h", "2 d", "25 min" left until `iso`; null when it has passed. */
export function useTimeLeft(iso: string | null) {
  const f = useFormat();
  const now = useNow();
  if (!iso) return { left: null as string | null, overdue: false, hours: Infinity };
  const ms = new Date(iso).getTime() - now;
  if (ms <= 0) return { left: null, overdue: true, hours: 0 };
  const hours = ms / 3_600_000;
  const unit = hours >= 48 ? { n: Math.floor(hours / 24), unit: 'day' } : hours >= 1 ? { n: Math.floor(hours), unit: 'hour' } : { n: Math.max(1, Math.ceil(ms / 60_000)), unit: 'minute' };
  return { left: f.unit(unit.n, unit.unit), overdue: false, hours };
}

/** A photo of evidence as an object URL (the photo needs the bearer header, so it is fetched, not linked). */
export function usePhotoUrl(id: string) {
  const q = useQuery({ queryKey: ['after-sales', 'photo', id], staleTime: Infinity, gcTime: 5 * 60_000, queryFn: ({ signal }) => api<Blob>(`/api/after-sales/photos/${id}`, { signal, blob: true }) });
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!q.data) return;
    const u = URL.createObjectURL(q.data);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [q.data]);
  return { url, error: q.error, pending: q.isPending };
}
