// Notice texts and the reply window, as pure rules.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES, LANGS, MISSING, NOTICE_FIELDS, dateText, moneyText, noticeOfTopic, noticeTexts, render, repeatRates, replyWindow, unknownFields } from './rules.ts';
import { NOTICE_KINDS } from './schema.ts';

describe('rendering a notice', () => {
  it('fills the fields it has and shows a dash for those the event did not carry, never "undefined"', () => {
    expect(render('{store}: {order} via {carrier} ({trackingNo})', { store: 'Jade 茶', order: 'AB12CD34', carrier: undefined, trackingNo: '' }))
      .toBe(`Jade 茶: AB12CD34 via ${MISSING} (${MISSING})`);
    const texts = noticeTexts('order_shipped', {}, { store: 'Trà Xanh' });
    for (const lang of LANGS) {
      expect(texts[lang]).not.toMatch(/undefined|null|\{/);
      expect(texts[lang]).toContain('Trà Xanh');
    }
    expect(texts.en).toBe(`Your order ${MISSING} from Trà Xanh is on its way: ${MISSING}, tracking number ${MISSING}.`);
  });

  it('takes a field per language (a carrier’s name) and the store’s wording over the default where it has one', () => {
    const texts = noticeTexts('order_shipped', { zh: '{carrier} 已揽收 {trackingNo}' }, { carrier: { en: 'SF Express', zh: '顺丰速运', vi: 'SF Express' }, trackingNo: 'SF1' });
    expect(texts.zh).toBe('顺丰速运 已揽收 SF1');
    expect(texts.en).toContain('SF Express, tracking number SF1');
  });

  it('names after-sales states in the buyer’s words', () => {
    expect(noticeTexts('aftersale_changed', {}, { store: 'S', order: 'O' }, 'refunded').zh).toBe('您在S的订单 O 售后申请：已退款。');
  });

  it('writes money as each language’s screens show it, from minor units', () => {
    expect(moneyText(12_345, 'CNY')).toEqual({ en: 'CN¥123.45', zh: '¥123.45', vi: '123,45\u00a0CN¥' });
    expect(moneyText(5, 'CNY')?.zh).toBe('¥0.05');
    expect(moneyText(150_000, 'VND')).toEqual({ en: '₫150,000', zh: '₫150,000', vi: '150.000\u00a0₫' });
    expect(moneyText(undefined, 'CNY')).toBeUndefined();
    expect(noticeTexts('order_paid', {}, { store: 'S', order: 'O', total: moneyText(5_890, 'CNY') }).zh).toContain('¥58.90');
  });

  it('every default names only its kind’s fields, in every language', () => {
    for (const kind of NOTICE_KINDS) for (const lang of LANGS) expect(unknownFields(kind, DEFAULT_TEMPLATES[kind][lang])).toEqual([]);
    expect(unknownFields('order_paid', '{total} {trackingNo}')).toEqual(['trackingNo']);
    expect(NOTICE_FIELDS.gift_claimed).toContain('claimant');
  });

  it('maps outbox topics to notices; after-sales states a buyer need not hear of give none', () => {
    expect(noticeOfTopic('order.shipped')).toEqual({ kind: 'order_shipped', to: 'order_buyer' });
    expect(noticeOfTopic('aftersales.refunded')).toEqual({ kind: 'aftersale_changed', to: 'order_buyer', state: 'refunded' });
    expect(noticeOfTopic('aftersales.merchant_processing')).toBeUndefined();
    expect(noticeOfTopic('order.settled')).toBeUndefined();
  });
});

describe('the reply window', () => {
  const last = new Date('2026-11-01T08:00:00Z');
  it('is open until the hours have passed since the buyer’s last message, closed a moment after', () => {
    expect(replyWindow(last, 48, new Date('2026-11-03T08:00:00Z'))).toEqual({ open: true, closesAt: new Date('2026-11-03T08:00:00Z') });
    expect(replyWindow(last, 48, new Date('2026-11-03T08:00:00.001Z')).open).toBe(false);
    expect(replyWindow(null, 48, last)).toEqual({ open: false, closesAt: null });
  });
});

describe('the repeat-purchase rate', () => {
  const p = (buyerId: string, orderId: string, productId: string) => ({ buyerId, orderId, productId });

  it('counts the buyers who bought in two separate orders, per store and per product; two lines of one order are one purchase', () => {
    const r = repeatRates([
      p('ann', 'o1', 'tea'), p('ann', 'o1', 'cup'), // one order, two products
      p('ann', 'o2', 'tea'), // ann buys tea again
      p('bao', 'o3', 'tea'), p('bao', 'o3', 'tea'), // two lines of tea in one order: not a repeat
      p('chi', 'o4', 'cup'), p('chi', 'o5', 'pot'), // chi comes back, for another product
    ]);
    expect(r.store).toEqual({ buyers: 3, repeatBuyers: 2, rate: 2 / 3 });
    expect(r.products).toEqual([
      { productId: 'tea', buyers: 2, repeatBuyers: 1, rate: 0.5 },
      { productId: 'cup', buyers: 2, repeatBuyers: 0, rate: 0 },
      { productId: 'pot', buyers: 1, repeatBuyers: 0, rate: 0 },
    ]);
  });

  it('is zero, not a division by zero, with no purchases', () => {
    expect(repeatRates([])).toEqual({ store: { buyers: 0, repeatBuyers: 0, rate: 0 }, products: [] });
  });
});

describe('the new notices', () => {
  it('have a default text in every language naming only their own fields', () => {
    for (const kind of ['repurchase_reminder', 'coupon_sent', 'coupon_expiring', 'points_expiring'] as const) {
      for (const lang of LANGS) expect(unknownFields(kind, DEFAULT_TEMPLATES[kind][lang])).toEqual([]);
    }
    expect(noticeTexts('points_expiring', {}, { store: 'Trà Xanh', points: 120, until: '2027-01-31' }).vi).toBe('120 điểm của bạn tại Trà Xanh sẽ hết hạn vào 2027-01-31.');
  });

  it('write the day in the time zone given', () => {
    expect(dateText(new Date('2026-12-31T17:30:00Z'), 'Asia/Shanghai')).toBe('2027-01-01');
    expect(dateText(new Date('2026-12-31T17:30:00Z'), 'UTC')).toBe('2026-12-31');
  });
});
