// i18next with English, Simplified Chinese and Vietnamese. The choice is kept in localStorage; the default comes from the browser.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { zh } from './zh.ts';
import { vi } from './vi.ts';
import { LOCALE_TAGS } from '../../../src/kernel/money.ts';

export const LANGUAGES = [
  { code: 'en', label: 'English', tag: LOCALE_TAGS.en },
  { code: 'zh', label: '简体中文', tag: LOCALE_TAGS.zh },
  { code: 'vi', label: 'Tiếng Việt', tag: LOCALE_TAGS.vi },
] as const;
export type Lang = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'trio.lang';

export function isLang(v: unknown): v is Lang {
  return LANGUAGES.some((l) => l.code === v);
}

/** The remembered choice, else the first browser language we speak, else English. */
export function initialLanguage(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    /* storage blocked: fall through */
  }
  // (No navigator outside a browser: the web's pure modules are also imported by Node tests.)
  const tags = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language];
  for (const tag of tags) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return 'en';
}

export function currentLang(): Lang {
  return isLang(i18n.language) ? i18n.language : 'en';
}

/** BCP 47 tag for Intl formatting. */
export function localeTag(lang: string = currentLang()): string {
  return LANGUAGES.find((l) => l.code === lang)?.tag ?? 'en-US';
}

export async function setLanguage(lang: Lang) {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* not remembered, still switched */
  }
  await i18n.changeLanguage(lang);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = localeTag(lng);
  document.title = i18n.t('app.title');
});

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, zh: { translation: zh }, vi: { translation: vi } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
