// Approximate prices in the buyer's display currency, from operator-set rates. Display only: checkout and payment
// read the SKU's own price and currency, never these (test/catalog/exchange-rates.test.ts checks both).
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { exponent } from '../../kernel/money.ts';
import { recordAudit } from '../audit/index.ts';
import { exchangeRates, type DisplayCurrency } from './schema.ts';
import { bumpCatalog } from './versions.ts';


/** "3450.25" -> 345025n / 100n; refuses anything but plain positive decimal text (no float ever parses it). */
export function parseRate(rate: string): { num: bigint; den: bigint } {
  const m = /^(\d{1,12})(?:\.(\d{1,8}))?$/.exec(rate);
  if (!m) throw new Invalid('rate_invalid', 'A rate is a positive decimal number such as 3450.25 (at most 8 decimals).');
  const frac = m[2] ?? '';
  const num = BigInt(m[1] + frac);
  if (num === 0n) throw new Invalid('rate_invalid', 'A rate is above zero.');
  return { num, den: 10n ** BigInt(frac.length) };
}

/**
 * `amount` minor units of `from` in minor units of `to` at `rate` (units of `to` per unit of `from`), rounded half
 * up (amounts are never negative), in integer arithmetic: amount × num × 10^exp(to) / (den × 10^exp(from)).
 */
export function convertMinor(amount: number, from: string, to: string, rate: string): number {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`an amount to convert is a non-negative integer, got ${amount}`);
  const { num, den } = parseRate(rate);
  const top = BigInt(amount) * num * 10n ** BigInt(exponent(to));
  const bottom = den * 10n ** BigInt(exponent(from));
  const q = top / bottom;
  return Number((top % bottom) * 2n >= bottom ? q + 1n : q);
}

export type Approx = { amount: number; currency: string };
/** The approximate amount, or null without a rate (or when it is already in that currency). */
export type RateBook = (amount: number, from: string) => Approx | null;

/** The rates into `to`, as a function over (amount, from); read once per cached page. */
export async function rateBook(db: Db, to: DisplayCurrency | undefined): Promise<RateBook> {
  if (!to) return () => null;
  const rows = await db.select().from(exchangeRates).where(eq(exchangeRates.toCurrency, to));
  const byFrom = new Map<string, string>(rows.map((r) => [r.fromCurrency, r.rate]));
  return (amount, from) => {
    const rate = from === to ? undefined : byFrom.get(from);
    return rate === undefined ? null : { amount: convertMinor(amount, from, to, rate), currency: to };
  };
}

/** The currencies a buyer may choose to read approximate prices in: those the operator has set a rate into. */
export async function displayCurrencies(db: Db): Promise<DisplayCurrency[]> {
  const rows = await db.selectDistinct({ to: exchangeRates.toCurrency }).from(exchangeRates).orderBy(asc(exchangeRates.toCurrency));
  return rows.map((r) => r.to);
}

const view = (r: typeof exchangeRates.$inferSelect) => ({ from: r.fromCurrency, to: r.toCurrency, rate: r.rate, updatedAt: r.updatedAt.toISOString() });

export async function listRates(db: Db) {
  return (await db.select().from(exchangeRates).orderBy(asc(exchangeRates.fromCurrency), asc(exchangeRates.toCurrency))).map(view);
}

/** Sets a rate (audited); storefront pages show the new approximate amounts at once (the catalog version moves). */
export async function setRate(ctx: Ctx, actor: Actor, from: DisplayCurrency, to: DisplayCurrency, rate: string) {
  if (from === to) throw new Invalid('rate_same_currency', 'A rate converts between two different currencies.');
  parseRate(rate);
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const [before] = await tx.select().from(exchangeRates).where(and(eq(exchangeRates.fromCurrency, from), eq(exchangeRates.toCurrency, to))).for('update');
    const updatedBy = actor.kind === 'user' ? actor.userId : null;
    const [row] = await tx
      .insert(exchangeRates)
      .values({ fromCurrency: from, toCurrency: to, rate, updatedAt: now, updatedBy })
      .onConflictDoUpdate({ target: [exchangeRates.fromCurrency, exchangeRates.toCurrency], set: { rate, updatedAt: now, updatedBy } })
      .returning();
    await recordAudit(tx, actor, { action: 'exchange_rate.set', entityType: 'exchange_rate', entityId: `${from}-${to}`, summary: `1 ${from} = ${rate} ${to}`, before: before ? { rate: before.rate } : null, after: { rate } }, now);
    await bumpCatalog(tx);
    return view(row);
  });
}

export async function removeRate(ctx: Ctx, actor: Actor, from: DisplayCurrency, to: DisplayCurrency) {
  return inTransaction(ctx, async (tx) => {
    const [gone] = await tx.delete(exchangeRates).where(and(eq(exchangeRates.fromCurrency, from), eq(exchangeRates.toCurrency, to))).returning();
    if (!gone) throw new NotFound('exchange_rate');
    await recordAudit(tx, actor, { action: 'exchange_rate.removed', entityType: 'exchange_rate', entityId: `${from}-${to}`, summary: `${from} → ${to}`, before: { rate: gone.rate }, after: null }, ctx.clock.now());
    await bumpCatalog(tx);
    return { from, to };
  });
}
