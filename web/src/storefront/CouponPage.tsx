// One coupon on Trio (/coupon/:couponId): where the <store-coupon> component on another site sends the buyer to
// claim it (signing in first when needed, then back here).
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryBoundary } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { CouponTicket } from './CouponStrip.tsx';

export function CouponPage() {
  const { couponId = '' } = useParams();
  const { t } = useTranslation();
  const offer = useQuery({ queryKey: ['coupons', 'one', couponId], queryFn: ({ signal }) => data(client.GET('/api/coupons/{couponId}', { params: { path: { couponId } }, signal })) });
  // The signed-in buyer's count comes with the store's claimable list.
  const storeId = offer.data?.storeId;
  const mine = useQuery({
    queryKey: ['coupons', 'claimable', storeId ?? '', null],
    enabled: !!storeId,
    queryFn: ({ signal }) => data(client.GET('/api/storefront/stores/{storeId}/coupons', { params: { path: { storeId: storeId! } }, signal })),
  });
  return (
    <section aria-labelledby="coupon-h" className="coupon-page">
      <h1 id="coupon-h" className="shop__title">{t('coupons.page.title')}</h1>
      <QueryBoundary query={offer}>
        {(c) => (
          <>
            <CouponTicket coupon={{ ...c, heldByMe: mine.data?.items.find((i) => i.id === c.id)?.heldByMe ?? 0 }} />
            {c.state !== 'active' && <p className="muted">{t('coupons.page.notOpen')}</p>}
            <p>
              <Link to={`/s/${c.storeId}`}>{t('coupons.page.visitStore')}</Link> · <Link to="/coupons">{t('coupons.mine.title')}</Link>
            </p>
          </>
        )}
      </QueryBoundary>
    </section>
  );
}
