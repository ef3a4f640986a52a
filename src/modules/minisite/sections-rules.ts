// Pure rules of the hosted mini-site's sections. No I/O.
import type { SectionKind } from './sections-schema.ts';

export const SITE_LOCALES = ['en', 'zh', 'vi'] as const;
export type SiteLocale = (typeof SITE_LOCALES)[number];
/** Most products a featured-products section shows; most coupons a coupon shelf shows. */
export const MAX_FEATURED_PRODUCTS = 12;
export const MAX_SHELF_COUPONS = 12;

export type SectionTexts = { title?: string; subtitle?: string; body?: string };
export type SectionContent = Partial<Record<SiteLocale, SectionTexts>>;

function hasText(t: SectionTexts | undefined): t is SectionTexts {
  return !!t && Object.values(t).some((v) => typeof v === 'string' && v.trim() !== '');
}

/**
 * The texts a visitor asking for `lang` reads: that language's when the owner wrote it, else the mini-site's default
 * language's (always there). Returns which language was used.
 */
export function textsFor(content: SectionContent, lang: string, defaultLocale: string): { lang: SiteLocale; texts: SectionTexts } {
  const fallback = (SITE_LOCALES.includes(defaultLocale as SiteLocale) ? defaultLocale : 'en') as SiteLocale;
  if (SITE_LOCALES.includes(lang as SiteLocale) && hasText(content[lang as SiteLocale])) return { lang: lang as SiteLocale, texts: content[lang as SiteLocale]! };
  return { lang: fallback, texts: content[fallback] ?? {} };
}

/** True when the content has this language (the default language must be there; its texts may be optional ones left empty). */
export function hasLanguage(content: SectionContent, lang: string): boolean {
  return !!content[lang as SiteLocale];
}

/** Kinds whose section refers to a linked store (its id in data.storeId). */
export const STORE_KINDS: readonly SectionKind[] = ['coupons', 'store'];

/** New positions after moving: the ids in their new order must be exactly the current ids (same set, no repeats). */
export function sameSet(current: readonly string[], wanted: readonly string[]): boolean {
  if (current.length !== wanted.length) return false;
  const set = new Set(current);
  return new Set(wanted).size === wanted.length && wanted.every((id) => set.has(id));
}
