// The store's after-sales: a queue sorted by urgency (the nearest deadline first) with the time left to answer, a
// state filter and search; one request with the buyer's photos, the timeline and the merchant's actions.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { AfterSaleActions, AfterSaleFacts, AfterSaleItem, AfterSaleStateBadge, AfterSaleTimeline, DueLine, EvidencePhotos } from '../components/AfterSaleParts.tsx';
import { ListFilterBar, useListFilters } from '../components/Filters.tsx';
import { Pager } from '../components/Pager.tsx';
import { EmptyState, QueryBoundary } from '../components/States.tsx';
import { AFTERSALE_STATES, merchantActions, type AfterSaleDetail, type AfterSalePage, type AfterSaleState } from '../lib/aftersales.ts';
import { api } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { can } from '../lib/permissions.ts';
import { shortId } from '../lib/orders.ts';
import { AfterSalesWindow } from './AfterSalesWindow.tsx';
import { useStoreContext } from './StorePage.tsx';

const PAGE = 30;

/** Requests waiting for the store's answer (the tab's count). */
export function useWaitingCount(storeId: string) {
  const q = useQuery({
    queryKey: ['merchant', 'after-sales', storeId, 'waiting'],
    queryFn: ({ signal }) => api<AfterSalePage>(`/api/merchant/stores/${storeId}/after-sales?state=merchant_processing&limit=1`, { signal }),
    refetchInterval: 60_000,
  });
  return q.data?.total;
}

export function MerchantAfterSales() {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const f = useFormat();
  const filters = useListFilters<AfterSaleState>(AFTERSALE_STATES);
  const { state, q, offset, setOffset, filtered } = filters;
  const query = useQuery({
    queryKey: ['merchant', 'after-sales', store.id, { state, q, offset }],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => {
      const qs = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
      if (state) qs.set('state', state);
      if (q) qs.set('q', q);
      return api<AfterSalePage>(`/api/merchant/stores/${store.id}/after-sales?${qs}`, { signal });
    },
  });
  const base = `/merchant/stores/${store.id}/after-sales`;
  return (
    <>
    <section className="card" aria-labelledby="as-queue-h">
      <div className="card__head">
        <h2 id="as-queue-h">{t('aftersales.merchant.title')}</h2>
      </div>
      <p className="muted small">{t('aftersales.merchant.text')}</p>
      <ListFilterBar<AfterSaleState>
        filters={filters}
        search={{ label: t('aftersales.merchant.search'), hint: t('aftersales.merchant.searchHint') }}
        stateLabel={t('aftersales.merchant.state')}
        states={AFTERSALE_STATES}
        stateName={(s) => t(`aftersales.state.${s}`)}
      />
      <QueryBoundary query={query}>
        {(page) =>
          page.afterSales.length === 0 ? (
            <EmptyState icon="↺" title={filtered ? t('aftersales.merchant.noMatch') : t('aftersales.merchant.empty')}>
              {!filtered && t('aftersales.merchant.emptyText')}
            </EmptyState>
          ) : (
            <>
              <p className="count-line muted" aria-live="polite">
                {t('aftersales.merchant.count', { count: page.total })}
              </p>
              <div className="table-wrap">
                <table className="table table--stack">
                  <thead>
                    <tr>
                      <th scope="col">{t('aftersales.merchant.request')}</th>
                      <th scope="col">{t('aftersales.merchant.item')}</th>
                      <th scope="col" className="num">
                        {t('aftersales.facts.amount')}
                      </th>
                      <th scope="col">{t('aftersales.merchant.state')}</th>
                      <th scope="col">{t('aftersales.merchant.deadline')}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t('common.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.afterSales.map((r) => {
                      const no = shortId(r.id);
                      return (
                        <tr key={r.id}>
                          <th scope="row">
                            <Link to={`${base}/${r.id}`} className="mono">
                              {no}
                            </Link>
                            <span className="sub">{f.dateTime(r.createdAt)}</span>
                          </th>
                          <td data-label={t('aftersales.merchant.item')}>
                            <AfterSaleItem request={r} />
                            <span className="sub">{r.reason}</span>
                          </td>
                          <td className="num" data-label={t('aftersales.facts.amount')}>
                            {r.type === 'exchange' ? '—' : f.money(r.agreedAmount ?? r.amount ?? 0, r.currency)}
                          </td>
                          <td data-label={t('aftersales.merchant.state')}>
                            <AfterSaleStateBadge state={r.state} />
                          </td>
                          <td data-label={t('aftersales.merchant.deadline')}>{r.dueAt ? <DueLine request={r} side="merchant" /> : <span className="muted">—</span>}</td>
                          <td className="actions-cell">
                            <Link to={`${base}/${r.id}`} className={`btn btn--sm ${merchantActions(r).length ? 'btn--primary' : 'btn--ghost'}`} aria-label={t('aftersales.merchant.openOne', { no })}>
                              {merchantActions(r).length ? t('aftersales.merchant.handle') : t('orders.merchant.view')}
                            </Link>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <Pager offset={offset} pageSize={PAGE} shown={page.afterSales.length} total={page.total} onChange={setOffset} />
            </>
          )
        }
      </QueryBoundary>
    </section>
    <AfterSalesWindow storeId={store.id} canEdit={can(store, 'store.settings')} />
    </>
  );
}

export function MerchantAfterSale() {
  const { store } = useStoreContext();
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const key = ['merchant', 'after-sale', store.id, id];
  const url = `/api/merchant/stores/${store.id}/after-sales/${id}`;
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<AfterSaleDetail>(url, { signal }),
    refetchInterval: (q) => (q.state.data?.state === 'refunding' ? 3000 : false),
  });
  return (
    <QueryBoundary query={query}>
      {(r) => (
        <>
          <div className="section-head order-head">
            <div>
              <Link to={`/merchant/stores/${store.id}/after-sales`} className="back-link">
                ← {t('aftersales.merchant.title')}
              </Link>
              <h2 className="order-head__title">
                {t('aftersales.number', { no: shortId(r.id) })} <AfterSaleStateBadge state={r.state} />
              </h2>
              <p className="muted small">
                {t(`aftersales.merchantNext.${r.state}`, { amount: f.money(r.agreedAmount ?? r.amount ?? 0, r.currency) })} <DueLine request={r} side="merchant" />
              </p>
            </div>
            <AfterSaleActions
              request={r}
              actions={can(store, 'aftersales.handle') ? merchantActions(r) : []}
              url={url}
              onDone={(next, action) => {
                qc.setQueryData(key, next);
                void qc.invalidateQueries({ queryKey: ['merchant', 'after-sales', store.id] });
                void qc.invalidateQueries({ queryKey: ['merchant', 'order', store.id, r.orderId] });
                announce(t(`aftersales.done.${action}`));
              }}
            />
          </div>
          <div className="overview">
            <section className="card" aria-labelledby="mas-req-h">
              <h3 id="mas-req-h">{t('aftersales.detail.request')}</h3>
              <AfterSaleItem request={r} />
              <AfterSaleFacts request={r} extra={[[t('aftersales.detail.order'), <Link key="o" to={`/merchant/stores/${store.id}/orders/${r.orderId}`} className="mono">{shortId(r.orderId)}</Link>]]} />
            </section>
            <section className="card" aria-labelledby="mas-photos-h">
              <h3 id="mas-photos-h">{t('aftersales.photos.title')}</h3>
              <EvidencePhotos ids={r.photoIds} />
            </section>
            <section className="card" aria-labelledby="mas-tl-h">
              <h3 id="mas-tl-h">{t('orders.detail.timeline')}</h3>
              <AfterSaleTimeline request={r} />
            </section>
          </div>
        </>
      )}
    </QueryBoundary>
  );
}
