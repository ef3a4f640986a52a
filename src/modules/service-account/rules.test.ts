// Notice texts and the reply window, as pure rules.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES, LANGS, MISSING, NOTICE_FIELDS, moneyText, noticeOfTopic, noticeTexts, render, replyWindow, unknownFields } from './rules.ts';
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

  it('writes money from minor units without fractions of a float', () => {
    expect(moneyText(12_345, 'CNY')).toBe('CNY 123.45');
    expect(moneyText(5, 'CNY')).toBe('CNY 0.05');
    expect(moneyText(150_000, 'VND')).toBe('VND 150000');
    expect(moneyText(undefined, 'CNY')).toBeUndefined();
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
