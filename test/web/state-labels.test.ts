// Every value of every named enum of the API has a label in each of the three languages (web/src/lib/state-labels.ts).
import { describe, expect, it } from 'vitest';
import { enumValues, type EnumName } from '../../web/src/lib/api/schema.ts';
import { STATE_LABELS } from '../../web/src/lib/state-labels.ts';
import { en } from '../../web/src/i18n/en.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { vi } from '../../web/src/i18n/vi.ts';

const languages = { en, zh, vi } as Record<string, unknown>;

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), tree);
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
