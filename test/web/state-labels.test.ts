// Every value of every named enum of the API has a label in each of the three languages (web/src/lib/state-labels.ts).
import { describe, expect, it } from 'vitest';
import { enumValues, type EnumName } from '../../web/src/lib/api/schema.ts';
import { STATE_LABELS } from '../../web/src/lib/state-labels.ts';
import { en } from '../../web/src/i18n/en.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { vi } from '../../web/src/i18n/vi.ts';

const languages = { en, zh, vi } as Record<string, unknown>;

/** Finds a translation as i18next does: a key may itself hold dots (the permission labels: `permission.store.read`). */
function lookup(tree: unknown, key: string): unknown {
  const find = (node: unknown, parts: string[]): unknown => {
    if (!parts.length) return node;
    if (!node || typeof node !== 'object') return undefined;
    for (let n = 1; n <= parts.length; n++) {
      const found = find((node as Record<string, unknown>)[parts.slice(0, n).join('.')], parts.slice(n));
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return find(tree, key.split('.'));
}

describe('state labels', () => {
  it('the generated API types name the server state lists (at least the order states)', () => {
    expect(enumValues.OrderState).toContain('awaiting_payment');
  });

  it('every value of every named enum shown to people has a label in en, zh and vi', () => {
    const missing: string[] = [];
    for (const name of Object.keys(enumValues) as EnumName[]) {
      const at = STATE_LABELS[name];
      if (!at) continue;
      for (const value of enumValues[name]) {
        for (const [lang, tree] of Object.entries(languages)) {
          const label = lookup(tree, `${at}.${value}`);
          if (typeof label !== 'string' || !label.trim()) missing.push(`${lang}: ${at}.${value} (${name})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
