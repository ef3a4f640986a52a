// The buyer's orders, newest first, filtered by state; unpaid ones can be paid from the list.
import { Link, useSearchParams } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { OrderStateBadge } from '../components/Badge.tsx';
import { ItemThumb } from '../components/OrderParts.tsx';
import { Segmented } from '../components/Segmented.tsx';
import { EmptyState, ErrorState, Loading } from '../components/States.tsx';
import { LoadMore } from '../components/Pager.tsx';
import { api } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { shortId, type OrderPage, type OrderState, type OrderSummary } from '../lib/orders.ts';

const PAGE = 20;
const FILTERS = ['', 'awaiting_payment', 'awaiting_shipment', 'partly_shipped', 'awaiting_receipt', 'completed', 'cancelled'] as const;
type Filter = (typeof FILTERS)[number];

function OrderCard({ o }: { o: OrderSummary }) {
  const { t } = useTranslation();
  const f = useFormat();
  const count = o.items.reduce((n, i) => n + i.quantity, 0);
  return (
    <li className="order-card">
      <div className="order-card__head">
        <span className="order-card__store">{o.storeName}</span>
        <OrderStateBadge state={o.state} />
      </div>
      <Link to={`/orders/${o.id}`} className="order-card__body" aria-label={t('orders.list.open', { store: o.storeName, no: shortId(o.id) })}>
        <span className="order-card__thumbs">
          {o.items.slice(0, 4).map((i) => (
            <ItemThumb key={i.id} imageId={i.imageId} title={i.title} size={56} />
          ))}
        </span>
        <span className="order-card__text">
          {o.items.length === 1 ? <span className="order-card__title">{o.items[0].title}</span> : <span className="order-card__title">{t('orders.list.items', { count })}</span>}
          <span className="sub">
            {t('orders.list.number', { no: shortId(o.id) })} · {f.date(o.createdAt)}
          </span>
        </span>
        <span className="order-card__total">{f.money(o.total, o.currency)}</span>
      </Link>
      {o.state === 'awaiting_payment' && (
        <div className="order-card__actions">
          <span className="muted small">{t('orders.list.payBy', { when: f.dateTime(o.payDeadline) })}</span>
          <Link to={`/pay/${o.paymentId}?return=${encodeURIComponent(`/orders/${o.id}`)}`} className="btn btn--primary btn--sm">
            {t('orders.detail.pay')}
          </Link>
        </div>
      )}
    </li>
  );
}

export function Orders() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('state') ?? '';
  const state: Filter = (FILTERS as readonly string[]).includes(raw) ? (raw as Filter) : '';
  const query = useInfiniteQuery({
    queryKey: ['buyer', 'orders', state],
    initialPageParam: 0,
    queryFn: ({ pageParam, signal }) => {
      const qs = new URLSearchParams({ limit: String(PAGE), offset: String(pageParam) });
      if (state) qs.set('state', state);
      return api<OrderPage>(`/api/orders?${qs}`, { signal });
    },
    getNextPageParam: (last, all) => {
      const seen = all.reduce((n, p) => n + p.orders.length, 0);
      return seen < last.total ? seen : undefined;
    },
  });
  const orders = query.data?.pages.flatMap((p) => p.orders) ?? [];
  return (
    <>
      <div className="title-row">
        <h1 className="shop__title">{t('orders.list.title')}</h1>
        <Link to="/after-sales" className="btn btn--ghost btn--sm">
          {t('aftersales.mine.title')}
        </Link>
      </div>
      <div className="seg-scroll">
        <Segmented<Filter>
          label={t('orders.list.filter')}
          value={state}
          options={FILTERS.map((s) => ({ value: s, label: s ? t(`orders.state.${s as OrderState}`) : t('common.all') }))}
          onChange={(v) => setParams(v ? { state: v } : {}, { replace: true })}
        />
      </div>
      {query.isPending ? (
        <Loading />
      ) : query.error || !query.data ? (
        <ErrorState error={query.error} onRetry={() => query.refetch()} />
      ) : orders.length === 0 ? (
        <EmptyState
          icon="☰"
          title={state ? t('orders.list.noneInState', { state: t(`orders.state.${state}`) }) : t('orders.list.emptyTitle')}
          action={
            !state && (
              <Link to="/" className="btn btn--primary">
                {t('orders.cart.browse')}
              </Link>
            )
          }
        >
          {!state && t('orders.list.emptyText')}
        </EmptyState>
      ) : (
        <>
          <ul className="order-cards" aria-label={t('orders.list.title')}>
            {orders.map((o) => (
              <OrderCard key={o.id} o={o} />
            ))}
          </ul>
          <LoadMore query={query} />
        </>
      )}
    </>
  );
}
