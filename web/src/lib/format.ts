// Display formatting for money (minor units -> major, for display only), percentages, dates and localized names.
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../src/kernel/money.ts';
import { isLang, localeTag } from '../i18n/index.ts';
import type { Names } from './types.ts';

export function useFormat() {
  const { i18n } = useTranslation();
  const tag = localeTag(i18n.language);
  const lang: keyof Names = isLang(i18n.language) ? i18n.language : 'en';
  return {
    lang,
    /** Integer minor units (fen) shown in the major unit. */
    money(minor: number, currency = 'CNY') {
      // One rule with the server's notices (¥58.90, 58,90 CN¥): kernel/money.ts.
      return formatMoney(minor, currency, tag);
    },
    /** Basis points as a percentage: 500 -> 5 %. */
    bp(bp: number) {
      return new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 2 }).format(bp / 10000);
    },
    percent(p: number) {
      return new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 2 }).format(p / 100);
    },
    number(n: number) {
      return new Intl.NumberFormat(tag).format(n);
    },
    /** A count of a unit of time, short: 13 h, 2 d, 25 min (unit: 'minute' | 'hour' | 'day'). */
    unit(n: number, unit: string) {
      return new Intl.NumberFormat(tag, { style: 'unit', unit, unitDisplay: 'short' }).format(n);
    },
    date(iso: string) {
      return new Intl.DateTimeFormat(tag, { dateStyle: 'medium' }).format(new Date(iso));
    },
    dateTime(iso: string) {
      return new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
    },
    name(names: Names | null | undefined) {
      if (!names) return '';
      return names[lang] || names.en;
    },
  };
}

/** Parses a major-unit amount typed by a person ("1,234.5") into integer minor units, or null. */
export function parseMajorAmount(text: string): number | null {
  const clean = text.replace(/[\s,，_]/g, '');
  if (!/^\d+(\.\d{0,2})?$/.test(clean)) return null;
  const [whole, frac = ''] = clean.split('.');
  return Number(whole) * 100 + Number((frac + '00').slice(0, 2));
}

/** The local date-time text a datetime-local input takes: "2026-05-03T18:30". */
export function localDateTimeInput(d: Date) {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Integer fen -> "12.5" style yuan text for an input, without floating point. */
export function fenToYuanText(fen: number) {
  const whole = Math.floor(fen / 100);
  const frac = String(fen % 100).padStart(2, '0');
  return frac === '00' ? String(whole) : `${whole}.${frac.replace(/0$/, '')}`;
}
