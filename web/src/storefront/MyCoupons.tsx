// "My coupons" (/coupons): the buyer's coupons by state, usable ones first by when they end.
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Segmented } from '../components/Segmented.tsx';
import { EmptyState, QueryBoundary } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { enumValues } from '../lib/api/schema.ts';
import { useCouponTerms, type HeldCoupon } from '../lib/coupons.ts';
import { useFormat } from '../lib/format.ts';
import { stateLabel } from '../lib/state-labels.ts';

type Filter = HeldCoupon['state'];

export function MyCoupons() {
  const { t } = useTranslation();
  const [state, setState] = useState<Filter>('unused');
  const query = useQuery({
    queryKey: ['coupons', 'mine', state],
    queryFn: ({ signal }) => data(client.GET('/api/held-coupons', { params: { query: { state, limit: 100 } }, signal })),
  });
  return (
    <section aria-labelledby="my-coupons-h">
      <h1 id="my-coupons-h" className="shop__title">{t('coupons.mine.title')}</h1>
      <Segmented label={t('coupons.mine.filter')} value={state} onChange={setState}
        options={enumValues.HeldCouponState.map((s) => ({ value: s, label: stateLabel(t, 'HeldCouponState', s) }))} />
      <QueryBoundary query={query}>
        {(page) => page.items.length === 0 ? (
          <EmptyState icon="🎟" title={t('coupons.mine.emptyTitle')}>{t('coupons.mine.emptyText')}</EmptyState>
        ) : (
          <ul className="coupon-strip__list">
            {page.items.map((h) => <li key={h.id}><HeldTicket held={h} /></li>)}
          </ul>
        )}
      </QueryBoundary>
    </section>
  );
}

function HeldTicket({ held: h }: { held: HeldCoupon }) {
  const { t } = useTranslation();
  const f = useFormat();
  const terms = useCouponTerms();
  return (
    <article className={`coupon-ticket coupon-ticket--${h.state}`} aria-label={`${h.coupon.title}: ${terms(h.coupon)}`} data-testid="held-coupon">
      <div className="coupon-ticket__value">{terms(h.coupon)}</div>
      <div className="coupon-ticket__body">
        <h2 className="coupon-ticket__title">{h.coupon.title}</h2>
        <p className="muted small">{t('coupons.mine.valid', { from: f.date(h.validFrom), until: f.date(h.validUntil) })}</p>
        <p className="muted small">
          {stateLabel(t, 'HeldCouponState', h.state)}
          {h.source === 'signup' && ` · ${t('coupons.mine.signupGift')}`}
        </p>
      </div>
      {h.state === 'unused' && <Link className="btn btn--sm" to={`/s/${h.coupon.storeId}`}>{t('coupons.mine.use')}</Link>}
    </article>
  );
}
