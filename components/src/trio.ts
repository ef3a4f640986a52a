// What the cards share: where Trio is, the token per mini-site, reads, live data, money and words.
import { LANGS, TEXTS, type Lang, type TextKey } from './texts.ts';

/** Trio's address: where this script was loaded from (cards read from and link to it). */
export const TRIO = (() => {
  const script = document.currentScript as HTMLScriptElement | null;
  try {
    return new URL(script?.src ?? '', location.href).origin;
  } catch {
    return location.origin;
  }
})();

export class CardError extends Error {
  constructor(readonly code: string, message: string, readonly status = 0) {
    super(message);
  }
}

/** A read of Trio's API; a refusal becomes a CardError with its problem code. */
export async function read<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(TRIO + path, { credentials: 'omit', ...init });
  } catch {
    // The answer was not readable: Trio did not let this origin read it, or Trio cannot be reached.
    throw new CardError('origin_not_allowed', 'Trio did not answer this site.');
  }
  if (res.ok) return (await res.json()) as T;
  const problem = (await res.json().catch(() => ({}))) as { code?: string; detail?: string };
  throw new CardError(problem.code ?? `http_${res.status}`, problem.detail ?? res.statusText, res.status);
}

type Token = { token: string; expiresAt: string };
const tokens = new Map<string, Promise<Token>>();

/** The token of a mini-site for this page's origin (one per app id, asked again when it ends). */
export function token(appId: string, fresh = false): Promise<Token> {
  let t = tokens.get(appId);
  if (!t || fresh) {
    // text/plain: a simple request, no preflight (the server reads the JSON either way).
    t = read<Token>('/api/components/token', { method: 'POST', body: JSON.stringify({ appId }), headers: { 'content-type': 'text/plain' } });
    tokens.set(appId, t);
    t.catch(() => tokens.delete(appId));
  }
  return t;
}

/** A read that needs the token: asked again once with a new token when the old one has ended. */
export async function readWithToken<T>(appId: string, path: string): Promise<T> {
  const sep = path.includes('?') ? '&' : '?';
  try {
    return await read<T>(`${path}${sep}token=${encodeURIComponent((await token(appId)).token)}`);
  } catch (err) {
    if ((err as CardError).code !== 'component_token_expired') throw err;
    return read<T>(`${path}${sep}token=${encodeURIComponent((await token(appId, true)).token)}`);
  }
}

// ---- live data: one event stream per mini-site for every product card of the page; polling when it cannot stream

type Listener = (card: unknown) => void;
type Feed = { listeners: Map<string, Set<Listener>>; source?: EventSource; timer?: number; poll?: number };
const feeds = new Map<string, Feed>();
/** How often a card reads again when live data cannot stream. */
const POLL_MS = 2000;

/** Calls `fn` with each new card of the product (after the first, which the card read itself). Returns the stop. */
export function follow(appId: string, productId: string, fn: Listener): () => void {
  let feed = feeds.get(appId);
  if (!feed) feeds.set(appId, (feed = { listeners: new Map() }));
  const set = feed.listeners.get(productId) ?? new Set();
  feed.listeners.set(productId, set);
  const grew = set.size === 0;
  set.add(fn);
  if (grew) restart(appId, feed);
  return () => {
    set.delete(fn);
    if (!set.size) feed.listeners.delete(productId);
  };
}

function restart(appId: string, feed: Feed) {
  // Cards that connect together share one stream: wait a moment for the others.
  clearTimeout(feed.timer);
  feed.timer = window.setTimeout(() => void open(appId, feed), 30);
}

function deliver(feed: Feed, productId: string, card: unknown) {
  for (const fn of feed.listeners.get(productId) ?? []) fn(card);
}

async function open(appId: string, feed: Feed, fresh = false) {
  feed.source?.close();
  clearInterval(feed.poll);
  const ids = [...feed.listeners.keys()];
  if (!ids.length) return;
  let t: Token;
  try {
    t = await token(appId, fresh);
  } catch {
    return;
  }
  if (typeof EventSource === 'undefined') return polling(appId, feed);
  const source = new EventSource(`${TRIO}/api/components/live?products=${ids.join(',')}&token=${encodeURIComponent(t.token)}`);
  feed.source = source;
  source.addEventListener('product', (e) => {
    const card = JSON.parse((e as MessageEvent).data) as { id: string };
    deliver(feed, card.id, card);
  });
  source.addEventListener('unavailable', (e) => {
    const u = JSON.parse((e as MessageEvent).data) as { productId: string; code: string };
    deliver(feed, u.productId, new CardError(u.code, ''));
  });
  // The token ended (or the server is going away): a new token, a new stream.
  const again = () => {
    source.close();
    window.setTimeout(() => void open(appId, feed, true), 500);
  };
  source.addEventListener('expired', again);
  source.addEventListener('closing', again);
  source.onerror = () => {
    // A refusal (too many streams, a link ended) closes it for good: read every few seconds instead.
    if (source.readyState === EventSource.CLOSED && feed.source === source) polling(appId, feed);
  };
}

function polling(appId: string, feed: Feed) {
  clearInterval(feed.poll);
  feed.poll = window.setInterval(() => {
    for (const id of feed.listeners.keys()) {
      readWithToken(appId, `/api/components/products/${id}`).then(
        (card) => deliver(feed, id, card),
        (err: unknown) => deliver(feed, id, err),
      );
    }
  }, POLL_MS);
}

// ---- words and money

/** The card's language: its `lang` attribute, else the page's <html lang>, else English. */
export function langOf(el: Element): Lang {
  const raw = (el.getAttribute('lang') || document.documentElement.lang || 'en').toLowerCase().slice(0, 2);
  return (LANGS as string[]).includes(raw) ? (raw as Lang) : 'en';
}

export function say(lang: Lang, key: TextKey, vars: Record<string, string | number> = {}): string {
  return TEXTS[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

const LOCALE: Record<Lang, string> = { en: 'en', zh: 'zh-CN', vi: 'vi-VN' };

/** Integer minor units shown in the currency, without a floating-point step (the amount is given as a decimal string). */
export function money(lang: Lang, minor: number, currency: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const s = String(Math.abs(minor)).padStart(digits + 1, '0');
  const decimal = `${minor < 0 ? '-' : ''}${digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s}`;
  const whole = digits === 0 || /^0+$/.test(s.slice(-digits));
  const format = new Intl.NumberFormat(LOCALE[lang], { style: 'currency', currency, minimumFractionDigits: whole ? 0 : digits, maximumFractionDigits: digits });
  return format.format(decimal as unknown as number);
}

export function date(lang: Lang, iso: string): string {
  return new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: 'medium' }).format(new Date(iso));
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text for HTML (merchant-typed titles are text, never markup). */
export const esc = (v: unknown) => String(v).replace(/[&<>"']/g, (c) => ESC[c]);
