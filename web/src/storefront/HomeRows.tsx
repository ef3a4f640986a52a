// The buyer's home rows: product cards for new arrivals, popular lately and the newest per first-level category; for
// a signed-in buyer first the newest products of the stores they follow (their own row, read beside the shared home).
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session.tsx';
import { EmptyState, ErrorState, Loading } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { useChannel, useDisplayCurrency, type Channel, type ListingItem } from '../lib/catalog.ts';
import { useFormat } from '../lib/format.ts';
import { ProductCard } from './ProductGrid.tsx';

function Row({ id, title, items, channel, more }: { id: string; title: string; items: ListingItem[]; channel: Channel; more?: { to: string; label: string } }) {
  if (items.length === 0) return null;
  return (
    <section className="shop-section home-row" aria-labelledby={id}>
      <div className="home-row__head">
        <h2 id={id} className="shop__section-title">
          {title}
        </h2>
        {more && (
          <Link to={more.to} className="home-row__more">
            {more.label}
          </Link>
        )}
      </div>
      <ul className="pgrid home-row__items">
        {items.map((p) => (
          <li key={p.id}>
            <ProductCard item={p} channel={channel} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function HomeRows() {
  const { t } = useTranslation();
  const f = useFormat();
  const channel = useChannel();
  const display = useDisplayCurrency();
  const q = useQuery({
    queryKey: ['storefront', 'home', channel, display],
    queryFn: ({ signal }) => data(client.GET('/api/storefront/home', { params: { query: { channel, display } }, signal })),
  });
  if (q.isPending) return <Loading />;
  if (q.error || !q.data) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const h = q.data;
  if (h.newArrivals.length === 0) return <EmptyState icon="✦" title={t('home.empty')}>{t('home.emptyText')}</EmptyState>;
  return (
    <>
      <FollowedRow channel={channel} display={display} />
      <Row id="home-new" title={t('home.newArrivals')} items={h.newArrivals} channel={channel} />
      <Row id="home-popular" title={t('home.popular', { count: h.popularDays })} items={h.popular} channel={channel} />
      {h.categoryRows.map((r) => (
        <Row key={r.categoryId} id={`home-c-${r.categoryId}`} title={t('home.categoryRow', { name: f.name(r.names) })} items={r.products} channel={channel} more={{ to: `/c/${r.categoryId}`, label: t('home.more') }} />
      ))}
    </>
  );
}

/** The newest products of the stores the signed-in buyer follows (nothing for others, or while it loads). */
function FollowedRow({ channel, display }: { channel: Channel; display: ReturnType<typeof useDisplayCurrency> }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const buyer = user?.role === 'buyer';
  const q = useQuery({
    queryKey: ['storefront', 'home', 'following', user?.id, channel, display],
    queryFn: ({ signal }) => data(client.GET('/api/storefront/home/following', { params: { query: { channel, display } }, signal })),
    enabled: buyer,
  });
  if (!buyer || !q.data) return null;
  return <Row id="home-following" title={t('home.following', { count: q.data.stores })} items={q.data.products} channel={channel} more={{ to: '/inbox', label: t('home.followingMore') }} />;
}
