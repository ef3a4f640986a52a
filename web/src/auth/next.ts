// Where to go after signing in or registering: the page that sent the visitor here (`?next=`), when it is a path of
// this site in the signed-in role's area; anything else goes to the role's home. Never an open redirect.
import type { Role } from '../lib/api.ts';

export function homeFor(role: Role) {
  return role === 'operator' ? '/operator' : role === 'merchant' ? '/merchant' : '/';
}

/** A path of this site: one leading `/` (not `//` or `/\`, which browsers read as another host; so no scheme either),
 *  no backslash, whitespace or control character (browsers drop tabs and newlines: `/\t/evil.example` is `//evil…`). */
export function isSameSitePath(next: string): boolean {
  return next.startsWith('/') && next[1] !== '/' && !/[\u0000-\u0020\u007f-\u009f\\]/.test(next);
}

const areaOf = (path: string): Role => (/^\/operator(?:[/?#]|$)/.test(path) ? 'operator' : /^\/merchant(?:[/?#]|$)/.test(path) ? 'merchant' : 'buyer');

/** Back to `next` if it is a same-site path in this role's area; else the role's home. */
export function nextFor(role: Role, next: string | null | undefined): string {
  if (!next || !isSameSitePath(next)) return homeFor(role);
  return areaOf(next) === role ? next : homeFor(role);
}

/** `?next=…` to carry the same `next` on to another auth page (sign-in ↔ register); empty when there is none to keep. */
export function keepNext(next: string | null | undefined): string {
  return next && isSameSitePath(next) ? `?next=${encodeURIComponent(next)}` : '';
}
