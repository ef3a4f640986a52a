// The store's orders: filter by state, search, ship, lower the price of unpaid ones, export as CSV.
import { useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { OrderStateBadge } from '../components/Badge.tsx';
import { ListFilterBar, useListFilters } from '../components/Filters.tsx';
import { Pager } from '../components/Pager.tsx';
import { EmptyState, QueryBoundary, problemHeading } from '../components/States.tsx';
import { api } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { ORDER_STATES, SHIPPABLE, shortId, type OrderPage, type OrderState, type OrderSummary } from '../lib/orders.ts';
import { OrderActionDialog, type OrderAction } from './OrderActions.tsx';
import { useStoreContext } from './StorePage.tsx';
import { can } from '../lib/permissions.ts';

const PAGE = 30;

/** Downloads the orders as CSV: the file needs the bearer header, so it is fetched and saved from an object URL. */
function CsvExport({ storeId, state }: { storeId: string; state: string }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [busy, setBusy] = useState(false);
  async function download() {
    setBusy(true);
    try {
      const blob = await api<Blob>(`/api/merchant/stores/${storeId}/orders.csv${state ? `?state=${state}` : ''}`, { blob: true });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `orders-${state || 'all'}-${new Date().toISOString().slice(0, 10)}.csv`;
      document.body.append(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
      announce(t('orders.merchant.csvDone'));
    } catch (err) {
      announce(problemHeading(t, err), 'error');
    } finally {
      setBusy(false);
    }
  }
  return (
    <button type="button" className="btn" onClick={download} disabled={busy}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="1.8">
        <path d="M12 4v11m0 0l-4-4m4 4l4-4M5 19h14" />
      </svg>
      {busy ? t('common.opening') : t('orders.merchant.csv')}
    </button>
  );
}

export function MerchantOrders() {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const f = useFormat();
  const filters = useListFilters<OrderState>(ORDER_STATES);
  const { state, q, offset, setOffset, filtered } = filters;
  const [acting, setActing] = useState<{ order: OrderSummary; action: OrderAction } | null>(null);
  const query = useQuery({
    queryKey: ['merchant', 'orders', store.id, { state, q, offset }],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => {
      const qs = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
      if (state) qs.set('state', state);
      if (q) qs.set('q', q);
      return api<OrderPage>(`/api/merchant/stores/${store.id}/orders?${qs}`, { signal });
    },
  });
  const base = `/merchant/stores/${store.id}/orders`;

  return (
    <section className="card" aria-labelledby="orders-h">
      <div className="card__head">
        <h2 id="orders-h">{t('orders.merchant.title')}</h2>
        <CsvExport storeId={store.id} state={state} />
      </div>
      <ListFilterBar<OrderState>
        filters={filters}
        search={{ label: t('orders.merchant.search'), hint: t('orders.merchant.searchHint') }}
        stateLabel={t('orders.merchant.state')}
        states={ORDER_STATES}
        stateName={(s) => t(`orders.state.${s}`)}
      />
      <QueryBoundary query={query}>
        {(page) =>
          page.orders.length === 0 ? (
            <EmptyState icon="☰" title={filtered ? t('orders.merchant.noMatch') : t('orders.merchant.empty')}>
              {!filtered && t('orders.merchant.emptyText')}
            </EmptyState>
          ) : (
            <>
              <p className="count-line muted" aria-live="polite">
                {t('orders.merchant.count', { count: page.total })}
              </p>
              <div className="table-wrap">
                <table className="table table--stack orders-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('orders.merchant.order')}</th>
                      <th scope="col">{t('orders.merchant.buyer')}</th>
                      <th scope="col">{t('orders.merchant.items')}</th>
                      <th scope="col" className="num">
                        {t('orders.merchant.total')}
                      </th>
                      <th scope="col">{t('orders.merchant.state')}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t('common.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.orders.map((o) => {
                      const no = shortId(o.id);
                      const units = o.items.reduce((n, i) => n + i.quantity, 0);
                      return (
                        <tr key={o.id}>
                          <th scope="row">
                            <Link to={`${base}/${o.id}`} className="mono">
                              {no}
                            </Link>
                            <span className="sub">{f.dateTime(o.createdAt)}</span>
                          </th>
                          <td data-label={t('orders.merchant.buyer')}>{o.buyerName ?? '—'}</td>
                          <td data-label={t('orders.merchant.items')}>
                            <span className="orders-table__items">
                              {o.items[0]?.title}
                              {o.items.length > 1 && <span className="muted"> {t('orders.merchant.andMore', { count: o.items.length - 1 })}</span>}
                            </span>
                            <span className="sub">{t('orders.list.items', { count: units })}</span>
                          </td>
                          <td className="num" data-label={t('orders.merchant.total')}>
                            {f.money(o.total, o.currency)}
                            {o.discount > 0 && <span className="sub">{t('orders.merchant.lowered', { amount: f.money(o.discount, o.currency) })}</span>}
                          </td>
                          <td data-label={t('orders.merchant.state')}>
                            <OrderStateBadge state={o.state} />
                          </td>
                          <td className="actions-cell">
                            <div className="btn-row btn-row--tight">
                              {SHIPPABLE.includes(o.state) && can(store, 'orders.ship') && (
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
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <Pager offset={offset} pageSize={PAGE} shown={page.orders.length} total={page.total} onChange={setOffset} />
            </>
          )
        }
      </QueryBoundary>
      <OrderActionDialog storeId={store.id} order={acting?.order ?? null} action={acting?.action ?? 'ship'} onClose={() => setActing(null)} />
    </section>
  );
}
