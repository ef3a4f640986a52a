// Pure rules of the catalog: live and draft state machines, the SKU matrix, price changes. No I/O.
import { defineMachine } from '../../kernel/state-machine.ts';
import { applyBasisPoints } from '../../kernel/money.ts';
import { Invalid } from '../../kernel/errors.ts';
import type { DRAFT_STATES, LIVE_STATES, DraftSku, VariantAttribute } from './schema.ts';

export type LiveState = (typeof LIVE_STATES)[number];
export type DraftState = (typeof DRAFT_STATES)[number];

export type LiveEvent =
  | 'publish' | 'delist' | 'relist' | 'sell_out' | 'restock'
  | 'delist_violation' | 'reinstate' | 'deposit_short' | 'deposit_covered' | 'ban';

const anyLive: LiveState[] = ['listed', 'delisted_by_merchant', 'sold_out', 'delisted_deposit'];
export const liveMachine = defineMachine<LiveState, LiveEvent>('product', [
  { from: 'not_live', event: 'publish', to: 'listed' },
  { from: 'listed', event: 'delist', to: 'delisted_by_merchant' },
  { from: 'sold_out', event: 'delist', to: 'delisted_by_merchant' },
  { from: 'delisted_by_merchant', event: 'relist', to: 'listed' },
  { from: 'listed', event: 'sell_out', to: 'sold_out' },
  { from: 'sold_out', event: 'restock', to: 'listed' },
  ...anyLive.map((from) => ({ from, event: 'delist_violation' as const, to: 'delisted_violation' as const })),
  { from: 'delisted_violation', event: 'reinstate', to: 'listed' },
  { from: 'listed', event: 'deposit_short', to: 'delisted_deposit' },
  { from: 'sold_out', event: 'deposit_short', to: 'delisted_deposit' },
  { from: 'delisted_deposit', event: 'deposit_covered', to: 'listed' },
  ...([...anyLive, 'not_live', 'delisted_violation'] as LiveState[]).map((from) => ({ from, event: 'ban' as const, to: 'banned' as const })),
]);

/** Who may fire a live event by hand; the others are fired by the system. */
export const LIVE_EVENT_ROLES: Partial<Record<LiveEvent, 'merchant' | 'operator'>> = {
  delist: 'merchant',
  relist: 'merchant',
  delist_violation: 'operator',
  reinstate: 'operator',
  ban: 'operator',
};

/** The live events that are the operator's (LIVE_EVENT_ROLES). */
export const OPERATOR_MOVES = ['delist_violation', 'reinstate', 'ban'] as const satisfies readonly LiveEvent[];
export type OperatorMove = (typeof OPERATOR_MOVES)[number];

/** The operator's moves on a product in this live state, as the live machine allows. */
export function operatorMoves(state: LiveState): OperatorMove[] {
  return OPERATOR_MOVES.filter((e) => liveMachine.can(state, e));
}

export type DraftEvent = 'edit' | 'submit' | 'cancel_review' | 'pass' | 'fail';
export const draftMachine = defineMachine<DraftState, DraftEvent>('product_draft', [
  { from: 'new', event: 'edit', to: 'new' },
  { from: 'editing', event: 'edit', to: 'editing' },
  { from: 'review_failed', event: 'edit', to: 'editing' },
  { from: 'review_passed', event: 'edit', to: 'editing' },
  { from: 'new', event: 'submit', to: 'in_review' },
  { from: 'editing', event: 'submit', to: 'in_review' },
  { from: 'review_failed', event: 'submit', to: 'in_review' },
  { from: 'in_review', event: 'cancel_review', to: 'editing' },
  { from: 'in_review', event: 'pass', to: 'review_passed' },
  { from: 'in_review', event: 'fail', to: 'review_failed' },
]);

/** What the merchant may do next with a product, by hand, from its page. */
export const MERCHANT_MOVES = ['submit', 'cancel_review', 'delist', 'relist'] as const;
export type MerchantMove = (typeof MERCHANT_MOVES)[number];

/**
 * The moves the product's states allow the merchant now: the draft's (submit, cancel the review) and the live copy's
 * (delist, relist), as the state machines say. Whether the member's role may make them is the store's permissions.
 */
export function merchantMoves(live: LiveState, draft: DraftState): MerchantMove[] {
  return MERCHANT_MOVES.filter((m) => (m === 'submit' || m === 'cancel_review' ? draftMachine.can(draft, m) : liveMachine.can(live, m)));
}

/** Canonical key of a SKU's attribute combination: names sorted, so {size,colour} and {colour,size} agree. */
export function attrsKey(attrs: Record<string, string>): string {
  return Object.keys(attrs).sort().map((k) => `${k}=${attrs[k]}`).join('|');
}

/** Checks a SKU matrix against the product's attributes and the platform price cap. */
export function validateSkus(attributes: VariantAttribute[], list: DraftSku[], priceCap: number) {
  if (list.length === 0) throw new Invalid('sku_required', 'A product needs at least one SKU.');
  const names = attributes.map((a) => a.name);
  if (new Set(names).size !== names.length) throw new Invalid('attribute_duplicate', 'Each variant attribute may appear once.');
  const seen = new Set<string>();
  const codes = new Set<string>();
  list.forEach((s, i) => {
    const keys = Object.keys(s.attrs).sort();
    if (keys.join('|') !== [...names].sort().join('|')) {
      throw new Invalid('sku_attributes_mismatch', `SKU ${i + 1} must give exactly one value for each attribute (${names.join(', ') || 'none'}).`, { index: i });
    }
    for (const a of attributes) {
      if (!a.values.includes(s.attrs[a.name])) throw new Invalid('sku_attribute_value_unknown', `SKU ${i + 1}: "${s.attrs[a.name]}" is not a value of ${a.name}.`, { index: i });
    }
    const key = attrsKey(s.attrs);
    if (seen.has(key)) throw new Invalid('sku_duplicate', `Two SKUs have the same combination (${key.replace(/\|/g, ', ')}).`, { index: i });
    seen.add(key);
    if (!Number.isSafeInteger(s.price) || s.price <= 0) throw new Invalid('price_invalid', `SKU ${i + 1}: a price is a positive whole number of minor units (fen).`, { index: i });
    if (s.price > priceCap) throw new Invalid('price_over_cap', `SKU ${i + 1}: the price is above the platform cap of ${priceCap} minor units.`, { index: i, cap: priceCap });
    if (!Number.isInteger(s.stock) || s.stock < 0) throw new Invalid('stock_invalid', `SKU ${i + 1}: stock is a whole number, never below zero.`, { index: i });
    if (s.barcode && !barcodeValid(s.barcode)) throw new Invalid('barcode_invalid', `SKU ${i + 1}: "${s.barcode}" is not an EAN-13 or UPC-A barcode (12 or 13 digits, the last a check digit).`, { index: i });
    if (s.code) {
      if (codes.has(s.code)) throw new Invalid('sku_code_duplicate', `SKU ${i + 1}: the SKU code ${s.code} is given twice.`, { index: i, skuCode: s.code });
      codes.add(s.code);
    }
  });
}

/** An EAN-13 or UPC-A (GTIN-13 / GTIN-12): digits only, the last the check digit (weights 3, 1, ... from the right). */
export function barcodeValid(code: string): boolean {
  if (!/^(\d{12}|\d{13})$/.test(code)) return false;
  const digits = [...code].map(Number);
  const check = digits.pop()!;
  const sum = digits.reverse().reduce((s, d, i) => s + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}

export type PriceChange = { type: 'set'; price: number } | { type: 'amount'; delta: number } | { type: 'percent'; percent: number };

/** The new price; a percentage rounds half away from zero in minor units. Throws when the result is not a valid price. */
export function newPrice(old: number, change: PriceChange, priceCap: number): number {
  let next: number;
  if (change.type === 'set') next = change.price;
  else if (change.type === 'amount') next = old + change.delta;
  else {
    const bp = change.percent * 100;
    if (!Number.isInteger(bp)) throw new Invalid('percent_precision', 'A percentage has at most two decimals.');
    next = old + applyBasisPoints(old, bp);
  }
  if (!Number.isSafeInteger(next) || next <= 0) throw new Invalid('price_not_positive', `This change would make a price of ${old} become ${next}: prices stay above zero, so nothing was changed.`, { oldPrice: old, newPrice: next });
  if (next > priceCap) throw new Invalid('price_over_cap', `This change would make a price of ${old} become ${next}, above the platform cap of ${priceCap}; nothing was changed.`, { oldPrice: old, newPrice: next, cap: priceCap });
  return next;
}

/** Live state after a stock change: sold out when no active SKU has stock, listed again on restock. */
export function stockEvent(state: LiveState, totalStock: number): LiveEvent | undefined {
  if (state === 'listed' && totalStock === 0) return 'sell_out';
  if (state === 'sold_out' && totalStock > 0) return 'restock';
  return undefined;
}
