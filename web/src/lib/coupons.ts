// Coupons in the web app: the API's shapes and one way to say what a coupon gives, in the reader's language.
import { useTranslation } from 'react-i18next';
import type { Schemas } from './api.ts';
import { useFormat } from './format.ts';

export type CouponOffer = Schemas['CouponOffer'];
export type MerchantCoupon = Schemas['MerchantCoupon'];
export type ClaimableCoupon = Schemas['ClaimableCoupon'];
export type HeldCoupon = Schemas['HeldCoupon'];

/** What a coupon gives, e.g. "8-fold" (zh: 8折), "¥10 off orders from ¥100", "¥20 off". */
export function useCouponTerms() {
  const { t } = useTranslation();
  const f = useFormat();
  return (c: Pick<CouponOffer, 'kind' | 'payBp' | 'amount' | 'threshold' | 'currency'>) => {
    const money = (n: number) => f.money(n, c.currency);
    switch (c.kind) {
      case 'percent':
        return t('coupons.terms.percent', { fold: (c.payBp ?? 10000) / 1000, pay: f.bp(c.payBp ?? 10000), off: f.bp(10000 - (c.payBp ?? 10000)) });
      case 'spend_off':
        return t('coupons.terms.spendOff', { amount: money(c.amount), threshold: money(c.threshold) });
      case 'flat':
        return t('coupons.terms.flat', { amount: money(c.amount) });
      default:
        return t('coupons.terms.direct', { amount: money(c.amount) });
    }
  };
}
