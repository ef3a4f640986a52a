// The orders, payments and settlement API's answers (aliases of the generated types), the cart and address queries,
// and Idempotency-Key keeping.
import { useCallback, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../auth/session.tsx';
import { client, data, type Schemas } from './api.ts';
import { enumValues } from './api/schema.ts';

// The server's state lists and answers, as its OpenAPI document declares them (./api/schema.ts).
export const ORDER_STATES = enumValues.OrderState;
export type OrderState = Schemas['OrderState'];
export const ITEM_STATES = enumValues.ItemState;
export type ItemState = Schemas['ItemState'];
export type RefundState = Schemas['RefundState'];
export const ORDER_EVENTS = enumValues.OrderEvent;
export type OrderEvent = Schemas['OrderEvent'];
export type ActorRole = Schemas['ActorRole'];
/** What the caller may do with an order now (the server answers it: `actions` of an order). */
export type OrderAction = Schemas['OrderAction'];

export type Cart = Schemas['Cart'];
export type CartLine = Cart['lines'][number];
export type CartProblem = NonNullable<CartLine['problem']>;

export type AddressInput = Schemas['ShippingAddress'];
export type Address = Schemas['Address'];

export type OrderItem = Schemas['OrderItem'];
export type OrderSummary = Schemas['OrderSummary'];
export type OrderDetail = Schemas['OrderDetail'];
/** An item of an order's detail, with what its buyer may ask about it now. */
export type OrderDetailItem = OrderDetail['items'][number];
export type Shipment = OrderDetail['shipments'][number];
export type OrderEventRow = OrderDetail['events'][number];
export type OrderPage = Schemas['OrderPage'];
export type CheckoutResult = Schemas['CheckoutResult'];

export type PaymentState = Schemas['PaymentState'];
export type Payment = Schemas['Payment'];
export type Prepay = Schemas['Prepay'];
export type TradeState = Schemas['TradeState'];
export type CashierView = Schemas['CashierView'];

export type StoreBalance = Schemas['StoreBalance'];
export type BalanceEntry = StoreBalance['entries'][number];
export type PlatformLedger = Schemas['PlatformLedger'];
export type PlatformLedgerEntry = PlatformLedger['entries'][number];

/** Carriers merchants use most; any other name can be typed. */
/** Whether the caller may make this move on the order now (the server's answer). */
export const canDo = (order: { actions: OrderAction[] }, action: OrderAction) => order.actions.includes(action);

export const cartKey = ['buyer', 'cart'] as const;
export const addressesKey = ['buyer', 'addresses'] as const;

/** The signed-in buyer's cart (nothing for anyone else). */
export function useCart() {
  const { user } = useSession();
  return useQuery({ queryKey: cartKey, enabled: user?.role === 'buyer', queryFn: ({ signal }) => data(client.GET('/api/cart', { signal })) });
}

export function useAddresses() {
  return useQuery({ queryKey: addressesKey, queryFn: ({ signal }) => data(client.GET('/api/addresses', { signal })) });
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
