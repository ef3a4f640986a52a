import { describe, expect, it } from 'vitest';
import { parseRichText } from '../web/src/lib/rich-text.ts';

describe('product descriptions in rich text', () => {
  it('headings, lists, paragraphs with line breaks, bold and italic', () => {
    const blocks = parseRichText('## Tasting notes\nChestnut and **orchid**,\n*long* finish.\n\n- 250g tin\n- Harvest 2026\n');
    expect(blocks).toEqual([
      { kind: 'heading', inlines: [{ text: 'Tasting notes' }] },
      { kind: 'paragraph', lines: [[{ text: 'Chestnut and ' }, { text: 'orchid', bold: true }, { text: ',' }], [{ text: 'long', italic: true }, { text: ' finish.' }]] },
      { kind: 'list', items: [[{ text: '250g tin' }], [{ text: 'Harvest 2026' }]] },
    ]);
  });
  it('markup a merchant types stays text', () => {
    expect(parseRichText('<script>alert(1)</script>')).toEqual([{ kind: 'paragraph', lines: [[{ text: '<script>alert(1)</script>' }]] }]);
  });
});
