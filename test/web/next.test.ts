// Where sign-in and registration send a visitor back to: the one `next` rule both pages use (never an open redirect).
import { describe, expect, it } from 'vitest';
import { homeFor, isSameSitePath, keepNext, nextFor } from '../../web/src/auth/next.ts';

describe('nextFor', () => {
  it('goes back to a same-site path of the role\'s area, query and hash kept', () => {
    expect(nextFor('buyer', '/g/AbC_123-xyz')).toBe('/g/AbC_123-xyz');
    expect(nextFor('buyer', '/p/42?sku=7#reviews')).toBe('/p/42?sku=7#reviews');
    expect(nextFor('merchant', '/merchant/stores/9')).toBe('/merchant/stores/9');
    expect(nextFor('operator', '/operator?tab=queue')).toBe('/operator?tab=queue');
  });

  it('sends anything that is not a same-site path to the role\'s home', () => {
    const outside = [
      'https://evil.example/g/1', 'http:/evil.example', 'javascript:alert(1)', 'data:text/html,hi', '//evil.example', '///evil.example',
      '/\\evil.example', '\\\\evil.example', '/\t/evil.example', '/\n/evil.example', ' /g/1', '/g/1 ', 'g/1', '', '/a\\b',
    ];
    for (const next of outside) {
      expect(nextFor('buyer', next), JSON.stringify(next)).toBe('/');
      expect(nextFor('merchant', next), JSON.stringify(next)).toBe('/merchant');
    }
    expect(nextFor('buyer', null)).toBe('/');
    expect(nextFor('operator', undefined)).toBe('/operator');
  });

  it('sends a path of another role\'s area to the role\'s home', () => {
    expect(nextFor('buyer', '/merchant/stores/9')).toBe('/');
    expect(nextFor('buyer', '/operator')).toBe('/');
    expect(nextFor('merchant', '/g/abc')).toBe('/merchant');
    expect(nextFor('operator', '/merchant')).toBe('/operator');
    // An area is a whole first segment: /merchants-guide is a storefront page.
    expect(nextFor('buyer', '/merchants-guide')).toBe('/merchants-guide');
  });

  it('homes: the storefront, the merchant console, the operator console', () => {
    expect([homeFor('buyer'), homeFor('merchant'), homeFor('operator')]).toEqual(['/', '/merchant', '/operator']);
  });
});

describe('isSameSitePath and keepNext', () => {
  it('a single leading slash, nothing a browser would read as another host', () => {
    expect(isSameSitePath('/')).toBe(true);
    expect(isSameSitePath('/g/abc?x=%2F%2F')).toBe(true);
    for (const bad of ['//x', '/\\x', 'x', 'https://x', '/\r/x', '/\u0000']) expect(isSameSitePath(bad), JSON.stringify(bad)).toBe(false);
  });

  it('carries a same-site next on to the other auth page, encoded; drops any other', () => {
    expect(keepNext('/g/abc?x=1')).toBe('?next=%2Fg%2Fabc%3Fx%3D1');
    expect(keepNext('//evil.example')).toBe('');
    expect(keepNext(null)).toBe('');
  });
});
