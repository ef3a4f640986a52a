// The buyer's orders, newest first, filtered by state; unpaid ones can be paid from the list.
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { OrderStateBadge } from '../components/Badge.tsx';
import { ListFilterBar, useListFilters } from '../components/Filters.tsx';
import { ListPage } from '../components/list/ListPage.tsx';
import { useGrowingList } from '../components/list/useList.ts';
import { ItemThumb } from '../components/OrderParts.tsx';
import { client, data, type Answer } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { ORDER_STATES, shortId, type OrderState } from '../lib/orders.ts';

const PAGE = 20;
/** The states a buyer filters by (besides all): every order state the server has. */
const FILTERS = ORDER_STATES;
type Filter = OrderState;
type Row = Answer<'/api/orders', 'get'>['orders'][number];

function OrderCard({ o }: { o: Row }) {
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
  const filters = useListFilters<Filter>(FILTERS);
  const { state, filtered } = filters;
  const list = useGrowingList<Row>(
    ['buyer', 'orders', state],
    async ({ limit, offset, signal }) => {
      const page = await data(client.GET('/api/orders', { params: { query: { limit, offset, state: state || undefined } }, signal }));
      return { rows: page.orders, total: page.total };
    },
    PAGE,
  );
  return (
    <ListPage<Row>
      title={t('orders.list.title')}
      frame={{ kind: 'shop' }}
      actions={
        <Link to="/after-sales" className="btn btn--ghost btn--sm">
          {t('aftersales.mine.title')}
        </Link>
      }
      filters={
        <ListFilterBar<Filter>
          filters={filters}
          state={{ label: t('orders.list.filter'), segmented: true, all: t('common.all'), options: FILTERS.map((s) => ({ value: s, label: t(`orders.state.${s}`) })) }}
        />
      }
      list={list}
      count={(n) => t('orders.merchant.count', { count: n })}
      rowKey={(o) => o.id}
      card={(o) => <OrderCard key={o.id} o={o} />}
      cardsClassName="order-cards"
      empty={{
        icon: '☰',
        title: t('orders.list.emptyTitle'),
        text: t('orders.list.emptyText'),
        action: (
          <Link to="/" className="btn btn--primary">
            {t('orders.cart.browse')}
          </Link>
        ),
      }}
      noMatch={filtered && state ? { title: t('orders.list.noneInState', { state: t(`orders.state.${state}`) }), text: t('common.noMatchText'), action: filters.clearButton } : null}
    />
  );
}
