// One store order's member prices, coupons and points in the cart: the best combination (or the buyer's own),
// what each step takes off, the stacking rule, and controls to pick another coupon or none and the points to spend.
import { useTranslation } from 'react-i18next';
import { PriceLines } from '../components/PriceLines.tsx';
import { useFormat } from '../lib/format.ts';
import type { Schemas } from '../lib/api.ts';
import { orderPriceLines, memberPricingOf } from '../lib/pricing-view.ts';

export type StorePricing = Schemas['StorePricing'];
export type StoreChoice = Schemas['StoreDiscountChoice'];

const same = (a: StoreChoice, b: StoreChoice) => JSON.stringify({ ...a, productCoupons: Object.entries(a.productCoupons).sort() }) === JSON.stringify({ ...b, productCoupons: Object.entries(b.productCoupons).sort() });

export function CartPricing({ pricing, currency, shippingFee, items, onChoose }: {
  pricing: StorePricing; currency: string; shippingFee: number; items: Record<string, { title: string; productId: string }>; onChoose: (c: StoreChoice) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const { choice, totals } = pricing;
  const storeCoupons = pricing.coupons.filter((c) => c.scope === 'store');
  const id = `pricing-${choice.storeId}`;
  const maxPoints = pricing.member ? pricing.member.points : 0;
  return (
    <div className="cart-pricing" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} className="cart-pricing__title">
        {same(choice, pricing.best) ? t('pricing.best') : t('pricing.yours')}
      </h3>
      {pricing.refused && <p className="field__error" role="alert">{t(`problems.code.${pricing.refused.code}`)}</p>}
      {storeCoupons.length > 0 && (
        <label className="field">
          <span className="field__label">{t('pricing.storeCoupon')}</span>
          <select value={choice.storeCouponId ?? ''} onChange={(e) => onChoose({ ...choice, storeCouponId: e.target.value || null })}>
            <option value="">{t('pricing.noCoupon')}</option>
            {storeCoupons.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
          </select>
        </label>
      )}
      {pricing.lines.map((l) => {
        const mine = pricing.coupons.filter((c) => c.scope === 'product' && c.productIds.includes(items[l.skuId]?.productId ?? ''));
        if (!mine.length) return null;
        return (
          <label key={l.skuId} className="field">
            <span className="field__label">{t('pricing.productCoupon', { title: items[l.skuId]?.title ?? '' })}</span>
            <select
              value={choice.productCoupons[l.skuId] ?? ''}
              onChange={(e) => {
                const productCoupons = { ...choice.productCoupons };
                if (e.target.value) productCoupons[l.skuId] = e.target.value;
                else delete productCoupons[l.skuId];
                onChoose({ ...choice, productCoupons });
              }}
            >
              <option value="">{t('pricing.noCoupon')}</option>
              {mine.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
            </select>
          </label>
        );
      })}
      {pricing.member && maxPoints > 0 && (
        <label className="field">
          <span className="field__label">{t('pricing.pointsToSpend', { points: maxPoints })}</span>
          <input
            type="number"
            inputMode="numeric"
            min={0}
            max={maxPoints}
            step={pricing.member.pointsPerMinor}
            defaultValue={choice.points}
            key={choice.points}
            onBlur={(e) => {
              const n = Math.max(0, Math.floor(Number(e.target.value) || 0));
              if (n !== choice.points) onChoose({ ...choice, points: n });
            }}
            onKeyDown={(e) => { if (e.key === 'Enter') (e.target as HTMLInputElement).blur(); }}
          />
        </label>
      )}
      {!same(choice, pricing.best) && (
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => onChoose(pricing.best)}>{t('pricing.useBest')}</button>
      )}
      <PriceLines
        label={t('pricing.breakdown')}
        currency={currency}
        lines={orderPriceLines({ ...totals, shippingFee, total: totals.itemsPaid + shippingFee }, memberPricingOf(pricing.lines))}
      />
      <details className="cart-pricing__rule">
        <summary>{t('pricing.howItStacks')}</summary>
        <p className="small">{t('pricing.stackingRule')}</p>
      </details>
      <span className="visually-hidden" aria-live="polite">{f.money(totals.itemsPaid + shippingFee, currency)}</span>
    </div>
  );
}
