// The coupons a store offers now, each with "Claim": on the store's page (all of them) and a product page (the
// store's and that product's). Someone not signed in goes to sign in and comes back.
import { useLocation, useNavigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { useSession } from '../auth/session.tsx';
import { client, data, idempotency } from '../lib/api.ts';
import { useCouponTerms, type ClaimableCoupon, type CouponOffer } from '../lib/coupons.ts';
import { useFormat } from '../lib/format.ts';
import { useIdempotencyKey } from '../lib/orders.ts';

export const claimableKey = (storeId: string, productId?: string) => ['coupons', 'claimable', storeId, productId ?? null] as const;

export function CouponStrip({ storeId, productId }: { storeId: string; productId?: string }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: claimableKey(storeId, productId),
    queryFn: ({ signal }) => data(client.GET('/api/storefront/stores/{storeId}/coupons', { params: { path: { storeId }, query: productId ? { productId } : {} }, signal })),
  });
  // Coupons are an extra: nothing shows while they load or when there are none; an error is said briefly.
  if (query.error) return <ProblemAlert error={query.error} />;
  if (!query.data?.items.length) return null;
  return (
    <section className="coupon-strip" aria-labelledby={`coupons-h-${productId ?? storeId}`}>
      <h2 id={`coupons-h-${productId ?? storeId}`} className="coupon-strip__title">{t('coupons.strip.title')}</h2>
      <ul className="coupon-strip__list">
        {query.data.items.map((c) => (
          <li key={c.id}>
            <CouponTicket coupon={c} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One coupon as a ticket: what it gives, for whom, until when, how many are left, and its claim button. */
export function CouponTicket({ coupon: c }: { coupon: ClaimableCoupon | (CouponOffer & { heldByMe?: number }) }) {
  const { t } = useTranslation();
  const f = useFormat();
  const terms = useCouponTerms();
  const held = c.heldByMe ?? 0;
  return (
    <article className="coupon-ticket" aria-label={`${c.title}: ${terms(c)}`} data-testid="coupon-ticket">
      <div className="coupon-ticket__value">{terms(c)}</div>
      <div className="coupon-ticket__body">
        <h3 className="coupon-ticket__title">{c.title}</h3>
        <p className="muted small">
          {c.audience === 'members' ? t('coupons.strip.membersFrom', { level: c.minLevel }) : t('coupons.strip.everyone')}
          {' · '}
          {c.scope === 'product' ? t('coupons.scope.product') : t('coupons.scope.store')}
        </p>
        <p className="muted small">
          {t('coupons.strip.left', { count: c.remaining })} · {t('coupons.strip.claimUntil', { date: f.date(c.claimEndsAt) })}
        </p>
      </div>
      <ClaimButton coupon={c} held={held} />
    </article>
  );
}

function ClaimButton({ coupon: c, held }: { coupon: CouponOffer; held: number }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const idem = useIdempotencyKey();
  const claim = useMutation({
    mutationFn: () => data(client.POST('/api/coupons/{couponId}/claim', { params: { path: { couponId: c.id } }, headers: idempotency(idem.keyFor({ couponId: c.id, n: held })) })),
    onSuccess: () => {
      idem.done();
      announce(t('coupons.strip.claimed', { title: c.title }));
      void qc.invalidateQueries({ queryKey: ['coupons'] });
    },
  });
  const full = held >= c.perPersonLimit;
  const soldOut = c.remaining <= 0;
  function onClick() {
    if (!user) return navigate(`/signin?next=${encodeURIComponent(location.pathname + location.search)}`);
    claim.mutate();
  }
  return (
    <div className="coupon-ticket__action">
      {held > 0 && <span className="badge badge--success">{t('coupons.strip.held', { count: held })}</span>}
      <button type="button" className="btn btn--primary btn--sm" disabled={full || soldOut || claim.isPending || (!!user && user.role !== 'buyer')} onClick={onClick}
        aria-label={t('coupons.strip.claimOne', { title: c.title })}>
        {soldOut ? t('coupons.strip.soldOut') : full ? t('coupons.strip.claimedAll') : t('coupons.strip.claim')}
      </button>
      {claim.error && <ProblemAlert error={claim.error} />}
    </div>
  );
}
