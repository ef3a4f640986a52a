/** Money is an integer amount in the currency's minor unit, with its currency. Never a float. */
export type Money = { amount: number; currency: string };

/** Currencies a buyer may read approximate prices in (operator-set rates); display only, never paid in. */
export const DISPLAY_CURRENCIES = ['CNY', 'VND', 'USD', 'EUR', 'HKD', 'JPY'] as const;
export type DisplayCurrency = (typeof DISPLAY_CURRENCIES)[number];
/** A buyer's saved choice: a display currency, 'none' (only the real prices), or null (default by language). */
export const DISPLAY_CHOICES = ['none', ...DISPLAY_CURRENCIES] as const;
export type DisplayChoice = (typeof DISPLAY_CHOICES)[number];

/** Minor units per major unit, ISO 4217 exponent. */
const EXPONENT: Record<string, number> = { CNY: 2, USD: 2, EUR: 2, HKD: 2, VND: 0, JPY: 0 };

export function exponent(currency: string): number {
  return EXPONENT[currency] ?? 2;
}

/** The BCP 47 tag each language of Trio formats money, numbers and dates in (the web's screens and the notices). */
export const LOCALE_TAGS = { en: 'en-US', zh: 'zh-CN', vi: 'vi-VN' } as const;

/**
 * Money for a person to read in a locale: ¥58.90 (zh-CN), CN¥58.90 (en-US), 58,90 CN¥ (vi-VN), ₫150,000. Whole
 * amounts show no decimals (¥58). Pure and the same everywhere: the web's screens and the server's notices use it.
 * Exact: the amount reaches Intl.NumberFormat as a decimal string made in integer arithmetic, never a float.
 */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = exponent(currency);
  const scale = 10 ** digits;
  // A derived figure (an average) may not be whole: shown to the nearest minor unit.
  const abs = Math.round(Math.abs(minor));
  const frac = abs % scale;
  const decimal = `${minor < 0 && abs > 0 ? '-' : ''}${Math.floor(abs / scale)}${digits ? `.${String(frac).padStart(digits, '0')}` : ''}`;
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: frac === 0 ? 0 : digits, maximumFractionDigits: digits });
  // format() takes a decimal string exactly (Intl.NumberFormat v3; lib.es2023 types it, this project's lib is older).
  return format.format(decimal as unknown as number);
}

export function assertMinor(amount: number): number {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`money amount must be an integer in minor units, got ${amount}`);
  return amount;
}

/** amount * bp / 10000, rounded half away from zero, in integer arithmetic. */
export function applyBasisPoints(amount: number, bp: number): number {
  assertMinor(amount);
  const product = BigInt(amount) * BigInt(bp);
  const q = product / 10000n;
  const r = product % 10000n;
  const abs = r < 0n ? -r : r;
  const rounded = abs * 2n >= 10000n ? q + (product < 0n ? -1n : 1n) : q;
  return Number(rounded);
}


/** amount * bp / 10000 rounded down (toward zero for amounts >= 0), in integer arithmetic: the money rules of M6. */
export function floorBasisPoints(amount: number, bp: number): number {
  assertMinor(amount);
  if (amount < 0 || bp < 0) throw new RangeError('floorBasisPoints takes non-negative amounts and basis points');
  return Number((BigInt(amount) * BigInt(bp)) / 10000n);
}
