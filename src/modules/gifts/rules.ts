// Pure rules of gifts: the state machine, the lottery draw anyone can recompute, eligibility, limits. No I/O.
import { createHmac } from 'node:crypto';
import { defineMachine } from '../../kernel/state-machine.ts';
import type { GiftState } from './schema.ts';

export type GiftEvent = 'pay' | 'payment_timeout' | 'claim_last' | 'expire' | 'refund';

/**
 * Every move a gift can make. A merchant's free gift is born `waiting` (no payment) and ends `expired` when units
 * were left; a buyer's gift goes on to `refunded` once the refund of its unclaimed units reached the giver, or at
 * once (in the expiry's transaction) when coupons and points paid all of it and come back instead of a payment.
 */
export const giftMachine = defineMachine<GiftState, GiftEvent>('gift', [
  { from: 'awaiting_payment', event: 'pay', to: 'waiting' },
  { from: 'awaiting_payment', event: 'payment_timeout', to: 'cancelled' },
  { from: 'waiting', event: 'claim_last', to: 'claimed' },
  { from: 'waiting', event: 'expire', to: 'expired' },
  { from: 'expired', event: 'refund', to: 'refunded' },
]);

/** A gift's message is at most this many characters (Unicode code points, as PostgreSQL's char_length counts). */
export const MESSAGE_MAX = 100;
/** Stickers a giver may place on one card. */
export const STICKERS_MAX = 10;
/** Units of a group gift. */
export const GROUP_UNITS_MIN = 2;
export const GROUP_UNITS_MAX = 1000;
/** Unknown gift links are counted per client address over this window. */
export const TOKEN_MISS_WINDOW_MINUTES = 10;

export const messageLength = (message: string) => [...message].length;

export const NOT_GIFTABLE_REASONS = ['category_excluded', 'price_above_cap', 'gifting_off', 'not_on_sale'] as const;
export type NotGiftableReason = (typeof NOT_GIFTABLE_REASONS)[number];

export type ProductGiftFacts = { categoryExcluded: boolean; giftingEnabled: boolean; onSale: boolean };

/** Why a product cannot be sent as a gift at all, or null (its SKUs may still be above the price cap one by one). */
export function productNotGiftable(f: ProductGiftFacts): NotGiftableReason | null {
  if (f.categoryExcluded) return 'category_excluded';
  if (!f.giftingEnabled) return 'gifting_off';
  if (!f.onSale) return 'not_on_sale';
  return null;
}

/** Why this SKU of the product cannot be sent as a gift, or null. */
export function skuNotGiftable(f: ProductGiftFacts, price: number, cap: number): NotGiftableReason | null {
  return productNotGiftable(f) ?? (price > cap ? 'price_above_cap' : null);
}

/** The recorded algorithm of lottery draws (stored with each draw, so it can be recomputed). */
export const DRAW_ALGORITHM =
  'hmac-sha256-fisher-yates-v1: participants sorted; for i = 0.. while i < min(n, len): r = len - i; ' +
  'u = first 4 bytes (big-endian) of HMAC-SHA256(key = seed bytes, message = counter as 8-byte big-endian), counter += 1, ' +
  'drawn again while u >= 2^32 - (2^32 mod r); j = i + (u mod r); swap(i, j); winners = the first min(n, len)';

/**
 * The winners of a lottery: a partial Fisher-Yates shuffle of the participants driven by HMAC-SHA256(seed, counter),
 * with rejection sampling so each position is exactly uniform. Pure and deterministic: the same seed, participants
 * and n always give the same winners, in draw order. Fewer participants than n: everyone wins.
 */
export function drawWinners(seedHex: string, participants: readonly string[], n: number): string[] {
  const seed = Buffer.from(seedHex, 'hex');
  const list = [...participants];
  const take = Math.min(Math.max(n, 0), list.length);
  let counter = 0n;
  const next = () => {
    const msg = Buffer.alloc(8);
    msg.writeBigUInt64BE(counter++);
    return createHmac('sha256', seed).update(msg).digest().readUInt32BE(0);
  };
  for (let i = 0; i < take; i++) {
    const r = list.length - i;
    const limit = 2 ** 32 - (2 ** 32 % r);
    let u = next();
    while (u >= limit) u = next();
    const j = i + (u % r);
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list.slice(0, take);
}

/** The order a lottery's participants are drawn from: by id, so the record fixes it. */
export const sortParticipants = (ids: readonly string[]) => [...ids].sort();
