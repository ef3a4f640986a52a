// A grid of listed products (thumbnail, title, lowest price) for one storefront query, with more on demand.
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Loading } from '../components/States.tsx';
import { LoadMore } from '../components/Pager.tsx';
import { client, data } from '../lib/api.ts';
import { thumbUrl, useDisplayCurrency, withChannel, type Channel, type ListingItem } from '../lib/catalog.ts';
import { useFormat } from '../lib/format.ts';
import { reportProductEvent, watchExposure } from '../lib/product-events.ts';
import { ApproxPrice } from './ApproxPrice.tsx';

const PAGE = 20;

export function useListing(params: { channel: Channel; categoryId?: number; storeId?: string; q?: string }, enabled = true) {
  const display = useDisplayCurrency();
  return useInfiniteQuery({
    queryKey: ['storefront', 'products', params, display],
    enabled,
    initialPageParam: 0,
    queryFn: ({ pageParam, signal }) =>
      data(client.GET('/api/storefront/products', { params: { query: { ...params, q: params.q || undefined, display, limit: PAGE, offset: pageParam } }, signal })),
    getNextPageParam: (last, all) => (last.length < PAGE ? undefined : all.length * PAGE),
  });
}

/** A product in a list: its exposure (half of it on screen) and a click on it count in the analytics funnel. */
export function ProductCard({ item, channel }: { item: ListingItem; channel: Channel }) {
  const { t } = useTranslation();
  const f = useFormat();
  const img = item.imageIds[0];
  const card = useRef<HTMLAnchorElement>(null);
  useEffect(() => (card.current ? watchExposure(card.current, item.id, channel) : undefined), [item.id, channel]);
  return (
    <Link ref={card} to={withChannel(`/p/${item.id}`, channel)} className="pcard" onClick={() => reportProductEvent(item.id, channel, 'click')}>
      <span className="pcard__img">{img ? <img src={thumbUrl(img)} alt="" loading="lazy" width="240" height="240" /> : <span className="pcard__noimg" aria-hidden="true">{Array.from(item.title)[0]}</span>}</span>
      <span className="pcard__title">{item.title}</span>
      <span className="pcard__price">{item.minPrice == null ? t('catalog.shop.soldOut') : t('catalog.shop.from', { price: f.money(item.minPrice, item.currency) })}</span>
      <ApproxPrice approx={item.approx} />
    </Link>
  );
}

export function ProductGrid({ query, channel, emptyTitle, emptyText, emptyAction }: { query: ReturnType<typeof useListing>; channel: Channel; emptyTitle: string; emptyText?: string; emptyAction?: React.ReactNode }) {
  const { t } = useTranslation();
  if (query.isPending) return <Loading />;
  if (query.error || !query.data) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const items = query.data.pages.flat();
  if (items.length === 0)
    return (
      <EmptyState icon="✦" title={emptyTitle} action={emptyAction}>
        {emptyText}
      </EmptyState>
    );
  return (
    <>
      <ul className="pgrid" aria-label={t('catalog.shop.products')}>
        {items.map((p) => (
          <li key={p.id}>
            <ProductCard item={p} channel={channel} />
          </li>
        ))}
      </ul>
      <LoadMore query={query} />
    </>
  );
}
