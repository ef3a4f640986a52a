// Pure rules of mini-sites: the link's state machine, and what an allowed origin, a callback URL and a slug may be.
// No I/O.
import { defineMachine } from '../../kernel/state-machine.ts';
import type { LinkState } from './schema.ts';

export type LinkEvent = 'accept' | 'reject' | 'expire' | 'cancel' | 'unlink';

/**
 * The store invites (a new row in `pending`); the mini-site's owner accepts or rejects; an unanswered invitation
 * expires (the sweep); the store may withdraw it while pending; either side ends a linked one. Every end is final: a
 * new invitation is a new row.
 */
export const linkMachine = defineMachine<LinkState, LinkEvent>('mini_site_link', [
  { from: 'pending', event: 'accept', to: 'linked' },
  { from: 'pending', event: 'reject', to: 'rejected' },
  { from: 'pending', event: 'expire', to: 'expired' },
  { from: 'pending', event: 'cancel', to: 'cancelled' },
  { from: 'linked', event: 'unlink', to: 'unlinked' },
]);

/** Who may make each move: the store (its people with minisites.manage), the mini-site's owners, or the scheduler. */
export const LINK_EVENT_SIDES: Record<LinkEvent, readonly ('store' | 'site' | 'system')[]> = {
  accept: ['site'],
  reject: ['site'],
  expire: ['system'],
  cancel: ['store'],
  unlink: ['store', 'site'],
};

/** The languages a hosted mini-site speaks. */
export const MINI_SITE_LOCALES = ['en', 'zh', 'vi'] as const;
export type MiniSiteLocale = (typeof MINI_SITE_LOCALES)[number];

export const MAX_ALLOWED_ORIGINS = 20;
/** A slug is the path of the hosted site (/m/<slug>): lowercase letters, digits and inner dashes, 3 to 40 long. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$/;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function parse(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** https anywhere; http only on this machine (a developer's localhost). */
function schemeAllowed(u: URL) {
  return u.protocol === 'https:' || (u.protocol === 'http:' && LOCAL_HOSTS.has(u.hostname));
}

/**
 * True when the value is exactly an origin as a browser sends it in `Origin`: scheme://host[:port], lowercase, no
 * path, query, fragment, user or trailing slash; https, or http for localhost/127.0.0.1.
 */
export function isAllowedOrigin(value: string): boolean {
  const u = parse(value);
  return !!u && schemeAllowed(u) && u.origin === value;
}

/** True when the value is a callback URL Trio will post notices to: https (http only on localhost), no user or fragment. */
export function isAllowedCallbackUrl(value: string): boolean {
  const u = parse(value);
  return !!u && schemeAllowed(u) && !u.username && !u.password && !u.hash && value.length <= 2000;
}

/** The first origin that is not allowed, or undefined. */
export function badOrigin(origins: readonly string[]): string | undefined {
  return origins.find((o) => !isAllowedOrigin(o));
}
