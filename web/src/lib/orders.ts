// Shapes of the orders, payments and settlement API's answers, the cart query, and Idempotency-Key keeping.
import { useCallback, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../auth/session.tsx';
import { api, client, data, type Schemas } from './api.ts';
import { enumValues } from './api/schema.ts';
import type { Channel } from './catalog.ts';
import type { OrderAfterSale } from './aftersales.ts';

export const ORDER_STATES = enumValues.OrderState;
export type OrderState = Schemas['OrderState'];
export const ITEM_STATES = ['awaiting_payment', 'awaiting_shipment', 'shipped', 'received', 'cancelled', 'closed'] as const;
export type ItemState = (typeof ITEM_STATES)[number];
export type RefundState = 'none' | 'partial' | 'full';
export const ORDER_EVENTS = ['created', 'paid', 'price_lowered', 'address_changed', 'shipped', 'received', 'auto_received', 'cancelled', 'payment_timeout', 'settled', 'refunded', 'closed_refunded', 'shipped_complete'] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];
export type ActorRole = 'buyer' | 'merchant' | 'operator' | 'system';

export type CartProblem = 'sold_out' | 'not_enough_stock' | 'unavailable';
export type CartLine = {
  skuId: string;
  productId: string;
  storeId: string;
  storeName: string;
  title: string;
  attrs: Record<string, string>;
  imageId: string | null;
  unitPrice: number;
  currency: string;
  quantity: number;
  stock: number;
  available: boolean;
  problem: CartProblem | null;
  lineTotal: number;
  channel: Channel;
};
export type Cart = { currency: string; total: number; lines: CartLine[]; stores: { storeId: string; storeName: string; subtotal: number; lineCount: number }[] };

export type AddressInput = { name: string; phone: string; region: string; line: string; postalCode?: string };
export type Address = AddressInput & { id: string; postalCode: string | null; isDefault: boolean };

export type OrderItem = {
  id: string;
  productId: string;
  skuId: string;
  title: string;
  attrs: Record<string, string>;
  imageId: string | null;
  unitPrice: number;
  quantity: number;
  amount: number;
  discount: number;
  state: ItemState;
  refundState: RefundState;
  /** What after-sales refunds gave back of it, minor units. */
  refundedAmount?: number;
};
export type OrderSummary = {
  id: string;
  storeId: string;
  storeName: string;
  state: OrderState;
  channel: Channel;
  currency: string;
  itemsTotal: number;
  discount: number;
  total: number;
  paymentId: string;
  createdAt: string;
  payDeadline: string;
  paidAt: string | null;
  items: OrderItem[];
  buyerName?: string;
};
export type Shipment = { id: string; carrier: string; trackingNo: string; createdAt: string; itemIds: string[] };
export type OrderEventRow = { event: OrderEvent | string; actorRole: ActorRole; at: string; detail: Record<string, unknown> | string | null };
export type OrderDetail = OrderSummary & {
  address: AddressInput;
  note: string | null;
  shippedAt: string | null;
  receiveDeadline: string | null;
  receivedAt: string | null;
  settleAt: string | null;
  settledAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  shipments: Shipment[];
  events: OrderEventRow[];
  /** A gift order: the card the merchant prints (giver, receiver, message, design). */
  gift?: { giftId: string; card: null | { cardId: string | null; cardName: string | null; giverName: string; receiverName: string | null; message: string; stickers?: { stickerId: string; x: number; y: number }[] } } | null;
  /** Made at an offline shop (scan-to-gift). */
  shopId?: string | null;
  shopName?: string | null;
  /** The after-sales requests of its items, oldest first. */
  afterSales?: OrderAfterSale[];
};
export type OrderPage = { orders: OrderSummary[]; total: number };
export type CheckoutResult = { paymentId: string; amount: number; currency: string; payDeadline: string; orders: OrderSummary[] };

export type PaymentState = 'awaiting' | 'paid' | 'closed';
export type Payment = {
  id: string;
  purpose: 'orders' | 'deposit' | 'gift';
  state: PaymentState;
  amount: number;
  currency: string;
  description: string;
  expiresAt: string;
  paidAt: string | null;
  storeId: string | null;
  provider: 'sandbox' | 'wechatpay';
  /** The gift this payment pays for (purpose 'gift'). */
  giftId?: string | null;
};
export type Prepay = {
  paymentId: string;
  outTradeNo: string;
  method: 'jsapi' | 'native';
  provider: 'sandbox' | 'wechatpay';
  amount: number;
  currency: string;
  codeUrl?: string;
  cashierUrl?: string;
};
export type TradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'PAYERROR' | 'REFUND';
export type CashierView = { prepayId: string; outTradeNo: string; mchid: string; description: string; amount: number; currency: string; tradeState: TradeState; timeExpire: string | null };

export type BalanceEntry = { id: string | number; orderId: string; kind: 'settlement'; gross: number; commission: number; net: number; createdAt: string };
export type StoreBalance = { currency: string; balance: number; pending: { orders: number; amount: number }; entries: BalanceEntry[]; total: number };
export type PlatformLedger = {
  currency: string;
  commissionTotal: number;
  grossTotal: number;
  settledOrders: number;
  entries: (BalanceEntry & { storeId: string; storeName: string })[];
  total: number;
};

/** Carriers merchants use most; any other name can be typed. */
export const CARRIERS = ['SF Express 顺丰速运', 'ZTO Express 中通快递', 'YTO Express 圆通速递', 'STO Express 申通快递', 'Yunda 韵达快递', 'JD Logistics 京东物流', 'China Post EMS', 'Viettel Post', 'Giao Hàng Nhanh (GHN)', 'Giao Hàng Tiết Kiệm (GHTK)'];
/** Orders a merchant can still act on before shipment: ship what is awaiting shipment. */
export const SHIPPABLE: OrderState[] = ['awaiting_shipment', 'partly_shipped'];
/** The buyer may change the delivery address until the first shipment. */
export const ADDRESS_CHANGEABLE: OrderState[] = ['awaiting_payment', 'awaiting_shipment'];

export const cartKey = ['buyer', 'cart'] as const;
export const addressesKey = ['buyer', 'addresses'] as const;

/** The signed-in buyer's cart (nothing for anyone else). */
export function useCart() {
  const { user } = useSession();
  return useQuery({ queryKey: cartKey, enabled: user?.role === 'buyer', queryFn: ({ signal }) => data(client.GET('/api/cart', { signal })) });
}

export function useAddresses() {
  return useQuery({ queryKey: addressesKey, queryFn: ({ signal }) => api<Address[]>('/api/addresses', { signal }) });
}

/** Items in the cart, counted by quantity. */
export const cartCount = (cart: Cart | undefined) => (cart ? cart.lines.reduce((n, l) => n + l.quantity, 0) : 0);

function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Outside a secure context (plain http on a LAN address) randomUUID is missing: build a v4 UUID by hand.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * One Idempotency-Key per form submission: the same request sent again (a retry after a network error or a
 * double click) reuses its key, so the server does the work once; a changed request gets a new key.
 * Call `done()` after success so the next, separate submission is new even with the same content.
 */
export function useIdempotencyKey() {
  const last = useRef<{ body: string; key: string } | null>(null);
  const keyFor = useCallback((body: unknown) => {
    const text = JSON.stringify(body ?? null);
    if (!last.current || last.current.body !== text) last.current = { body: text, key: uuid() };
    return last.current.key;
  }, []);
  const done = useCallback(() => {
    last.current = null;
  }, []);
  return { keyFor, done };
}

/** A short order number from its id, for lists and headings (the full id stays in the address). */
export function shortId(id: string) {
  return id.replace(/-/g, '').slice(0, 10).toUpperCase();
}
