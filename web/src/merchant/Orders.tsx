// The store's orders: filter by state, search, ship, lower the price of unpaid ones, export as CSV.
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CsvButton } from '../components/CsvButton.tsx';
import { OrderStateBadge } from '../components/Badge.tsx';
import { ListFilterBar, useListFilters } from '../components/Filters.tsx';
import { ListPage, type Column } from '../components/list/ListPage.tsx';
import { usePagedList } from '../components/list/useList.ts';
import { client, data, type Answer } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { ORDER_STATES, canDo, shortId, type OrderState, type OrderSummary } from '../lib/orders.ts';
import { OrderActionDialog, type OrderAction } from './OrderActions.tsx';
import { useStoreContext } from './StorePage.tsx';
import { can } from '../lib/permissions.ts';
import { CHANNELS, type Channel } from '../lib/catalog.ts';

const PAGE = 30;

/** Downloads the orders as CSV. */
function CsvExport({ storeId, state }: { storeId: string; state: OrderState | '' }) {
  const { t } = useTranslation();
  return (
    <CsvButton
      fetchBlob={() => data(client.GET('/api/merchant/stores/{storeId}/orders.csv', { params: { path: { storeId }, query: { state: state || undefined } }, parseAs: 'blob' }))}
      file={`orders-${state || 'all'}-${new Date().toISOString().slice(0, 10)}.csv`} label={t('orders.merchant.csv')} doneText={t('orders.merchant.csvDone')}
    />
  );
}

type Row = Answer<'/api/merchant/stores/{storeId}/orders', 'get'>['orders'][number];

export function MerchantOrders() {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const f = useFormat();
  // The channel is kept in the address beside the state (?channel=mini_site): a link shares it, back goes to the one before.
  const filters = useListFilters<OrderState>(ORDER_STATES, { extras: { channel: CHANNELS } });
  const { state, q, filtered } = filters;
  const channel = filters.extra.channel as Channel | '';
  const [acting, setActing] = useState<{ order: Row; action: OrderAction } | null>(null);
  const list = usePagedList<Row>(
    ['merchant', 'orders', store.id, { state, q, channel }],
    async ({ limit, offset, signal }) => {
      const page = await data(client.GET('/api/merchant/stores/{storeId}/orders', { params: { path: { storeId: store.id }, query: { limit, offset, state: state || undefined, q: q || undefined, channel: channel || undefined } }, signal }));
      return { rows: page.orders, total: page.total };
    },
    { pageSize: PAGE, offset: filters.offset, setOffset: filters.setOffset },
  );
  const base = `/merchant/stores/${store.id}/orders`;
  const columns: Column<Row>[] = [
    {
      header: t('orders.merchant.order'),
      rowHeader: true,
      cell: (o) => (
        <>
          <Link to={`${base}/${o.id}`} className="mono">
            {shortId(o.id)}
          </Link>
          <span className="sub">{f.dateTime(o.createdAt)}</span>
          {o.miniSite && <span className="sub">{t('buy.viaMiniSite', { name: o.miniSite.name })}</span>}
        </>
      ),
    },
    { header: t('orders.merchant.buyer'), cell: (o) => o.buyerName ?? '—' },
    {
      header: t('orders.merchant.items'),
      cell: (o) => (
        <>
          <span className="orders-table__items">
            {o.items[0]?.title}
            {o.items.length > 1 && <span className="muted"> {t('orders.merchant.andMore', { count: o.items.length - 1 })}</span>}
          </span>
          <span className="sub">{t('orders.list.items', { count: o.items.reduce((n, i) => n + i.quantity, 0) })}</span>
        </>
      ),
    },
    {
      header: t('orders.merchant.total'),
      num: true,
      cell: (o) => (
        <>
          {f.money(o.total, o.currency)}
          {o.discount > 0 && <span className="sub">{t('orders.merchant.lowered', { amount: f.money(o.discount, o.currency) })}</span>}
        </>
      ),
    },
    { header: t('orders.merchant.state'), cell: (o) => <OrderStateBadge state={o.state} /> },
    {
      header: t('common.actions'),
      actions: true,
      cell: (o) => {
        const no = shortId(o.id);
        return (
          <div className="btn-row btn-row--tight">
            {canDo(o, 'ship') && can(store, 'orders.ship') && (
              <button type="button" className="btn btn--primary btn--sm" onClick={() => setActing({ order: o, action: 'ship' })} aria-label={t('orders.merchant.shipOne', { no })}>
                {t('orders.merchant.shipAction')}
              </button>
            )}
            {o.state === 'awaiting_payment' && can(store, 'prices.write') && (
              <button type="button" className="btn btn--sm" onClick={() => setActing({ order: o, action: 'price' })} aria-label={t('orders.merchant.lowerOne', { no })}>
                {t('orders.merchant.lowerAction')}
              </button>
            )}
            <Link to={`${base}/${o.id}`} className="btn btn--ghost btn--sm" aria-label={t('orders.merchant.viewOne', { no })}>
              {t('orders.merchant.view')}
            </Link>
          </div>
        );
      },
    },
  ];

  return (
    <ListPage<Row>
      title={t('orders.merchant.title')}
      frame={{ kind: 'card' }}
      actions={
        <>
          <label className="inline-field">
            <span>{t('buy.channel')}</span>
            <select
              value={channel}
              onChange={(e) => filters.setExtra('channel', e.target.value)}
            >
              <option value="">{t('buy.allChannels')}</option>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`catalog.channel.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <CsvExport storeId={store.id} state={state} />
        </>
      }
      filters={
        <ListFilterBar<OrderState>
          filters={filters}
          search={{ label: t('orders.merchant.search'), hint: t('orders.merchant.searchHint') }}
          state={{ label: t('orders.merchant.state'), options: ORDER_STATES.map((s) => ({ value: s, label: t(`orders.state.${s}`) })) }}
        />
      }
      list={list}
      count={(n) => t('orders.merchant.count', { count: n })}
      rowKey={(o) => o.id}
      columns={columns}
      tableClassName="orders-table"
      empty={{ icon: '☰', title: t('orders.merchant.empty'), text: t('orders.merchant.emptyText') }}
      noMatch={filtered ? { title: t('orders.merchant.noMatch'), text: t('common.noMatchText'), action: filters.clearButton } : null}
    >
      {/* The dialog still takes the hand-written OrderSummary of lib/orders.ts (its channel and paymentId are narrower than
          the server's): the cast goes once that type is the generated one. */}
      <OrderActionDialog storeId={store.id} order={(acting?.order ?? null) as OrderSummary | null} action={acting?.action ?? 'ship'} onClose={() => setActing(null)} />
    </ListPage>
  );
}
