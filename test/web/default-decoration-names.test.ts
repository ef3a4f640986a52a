// The platform's default card designs and stickers are shown in the reader's language: the web recognises a default
// by its English name (gifts.defaults in en.ts), which must be the server's name, and every default has zh and vi texts.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DECORATION } from '../../src/modules/gifts/decoration.ts';
import { en } from '../../web/src/i18n/en.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { vi } from '../../web/src/i18n/vi.ts';

describe('default gift decoration names', () => {
  it('the English texts are the names the server gives the defaults', () => {
    expect(Object.fromEntries(DEFAULT_DECORATION.cards.map((c) => [c.id, c.name]))).toEqual(en.gifts.defaults.card);
    expect(Object.fromEntries(DEFAULT_DECORATION.stickers.map((s) => [s.id, s.label]))).toEqual(en.gifts.defaults.sticker);
  });

  it('each default has a Chinese and a Vietnamese name of its own', () => {
    for (const t of [zh, vi]) {
      for (const [id, name] of Object.entries(en.gifts.defaults.card)) expect(t.gifts.defaults.card[id as keyof typeof en.gifts.defaults.card]).not.toBe(name);
      for (const [id, name] of Object.entries(en.gifts.defaults.sticker)) expect(t.gifts.defaults.sticker[id as keyof typeof en.gifts.defaults.sticker]).not.toBe(name);
    }
  });
});
