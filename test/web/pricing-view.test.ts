// The cart's price breakdown as display lines (web/src/lib/pricing-view.ts), from the server's pricing of the worked
// example (src/modules/pricing/examples.ts), and its texts in the three languages.
import { describe, expect, it } from 'vitest';
import { exampleCart } from '../../src/modules/pricing/examples.ts';
import { PRICING_REFUSALS, priceStoreOrder, NO_CHOICE } from '../../src/modules/pricing/rules.ts';
import { en } from '../../web/src/i18n/en.ts';
import { vi } from '../../web/src/i18n/vi.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { itemPriceLines, memberPricingOf, orderPriceLines, PRICE_LINE_KINDS } from '../../web/src/lib/pricing-view.ts';

const priced = priceStoreOrder(exampleCart, { storeCoupon: 's20', productCoupons: { b: 'b15' }, points: 5000 });
if (!priced.ok) throw new Error(priced.reason);
const { lines, totals } = priced.breakdown;
const shown = (ls: ReturnType<typeof orderPriceLines>) => ls.map((l) => [l.kind, l.amount]);

describe('the price lines of a store order', () => {
  it('show each step that took something off, in the order of the stacking rule, then shipping and the total', () => {
    expect(shown(orderPriceLines(totals, memberPricingOf(lines)))).toEqual([
      ['list', 24780], ['member_price', -1600], ['product_coupon', -1500], ['store_coupon', -2000], ['points', -500], ['shipping', 1000], ['total', 20180],
    ]);
    expect(orderPriceLines(totals).find((l) => l.kind === 'points')?.points).toBe(5000);
    expect(orderPriceLines(totals).at(-1)?.emphasis).toBe(true);
  });

  it('leave out what took nothing, but always show shipping', () => {
    const plain = priceStoreOrder({ ...exampleCart, member: null }, NO_CHOICE);
    if (!plain.ok) throw new Error(plain.reason);
    expect(shown(orderPriceLines(plain.breakdown.totals))).toEqual([['list', 24780], ['shipping', 1000], ['total', 25780]]);
  });

  it('show per item how member pricing, each coupon and points took it from list to paid', () => {
    const [a, b] = lines;
    expect(shown(itemPriceLines(a))).toEqual([['list', 11980], ['level', -600], ['store_coupon', -1050], ['points', -262], ['paid', 10068]]);
    expect(shown(itemPriceLines(b))).toEqual([['list', 12800], ['member_price', -1000], ['product_coupon', -1500], ['store_coupon', -950], ['points', -238], ['paid', 9112]]);
    // The lines add up to what is paid.
    for (const l of lines) {
      const ls = itemPriceLines(l);
      expect(ls.slice(0, -1).reduce((s, x) => s + x.amount, 0)).toBe(ls.at(-1)!.amount);
    }
    expect(memberPricingOf([{ memberBy: 'level' }, { memberBy: 'list' }])).toBe('level');
  });

  it('have their labels, the stacking rule and every refusal in en, zh and vi', () => {
    for (const t of [en, zh, vi]) {
      expect(t.pricing.stackingRule.length).toBeGreaterThan(100);
      for (const k of PRICE_LINE_KINDS) expect(t.pricing.lines[k]).toBeTruthy();
      for (const code of PRICING_REFUSALS) expect(t.pricing.refusals[code]).toBeTruthy();
    }
    expect(zh.pricing.lines.points).toContain('{{points}}');
    expect(vi.pricing.lines.points).toContain('{{points}}');
  });
});
