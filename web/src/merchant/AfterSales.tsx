// The store's after-sales: a queue sorted by urgency (the nearest deadline first) with the time left to answer, a
// state filter and search; one request with the buyer's photos, the timeline and the merchant's actions.
import { Link, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { AfterSaleActions, AfterSaleFacts, AfterSaleItem, AfterSaleStateBadge, AfterSaleTimeline, DueLine, EvidencePhotos } from '../components/AfterSaleParts.tsx';
import { ListFilterBar, useListFilters } from '../components/Filters.tsx';
import { ListPage, type Column } from '../components/list/ListPage.tsx';
import { usePagedList } from '../components/list/useList.ts';
import { QueryBoundary } from '../components/States.tsx';
import { AFTERSALE_STATES, type AfterSaleState } from '../lib/aftersales.ts';
import { client, data, type Answer } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { can } from '../lib/permissions.ts';
import { shortId } from '../lib/orders.ts';
import { AfterSalesWindow } from './AfterSalesWindow.tsx';
import { ReturnAddresses } from './ReturnAddresses.tsx';
import { useStoreContext } from './StorePage.tsx';

const PAGE = 30;

/** Requests waiting for the store's answer (the tab's count). */
export function useWaitingCount(storeId: string) {
  const q = useQuery({
    queryKey: ['merchant', 'after-sales', storeId, 'waiting'],
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/after-sales', { params: { path: { storeId }, query: { state: 'merchant_processing', limit: 1 } }, signal })),
    refetchInterval: 60_000,
  });
  return q.data?.total;
}

type Row = Answer<'/api/merchant/stores/{storeId}/after-sales', 'get'>['afterSales'][number];

export function MerchantAfterSales() {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const f = useFormat();
  const filters = useListFilters<AfterSaleState>(AFTERSALE_STATES);
  const { state, q, filtered } = filters;
  const list = usePagedList<Row>(
    ['merchant', 'after-sales', store.id, { state, q }],
    async ({ limit, offset, signal }) => {
      const page = await data(client.GET('/api/merchant/stores/{storeId}/after-sales', { params: { path: { storeId: store.id }, query: { limit, offset, state: state || undefined, q: q || undefined } }, signal }));
      return { rows: page.afterSales, total: page.total };
    },
    { pageSize: PAGE, offset: filters.offset, setOffset: filters.setOffset },
  );
  const base = `/merchant/stores/${store.id}/after-sales`;
  const columns: Column<Row>[] = [
    {
      header: t('aftersales.merchant.request'),
      rowHeader: true,
      cell: (r) => (
        <>
          <Link to={`${base}/${r.id}`} className="mono">
            {shortId(r.id)}
          </Link>
          <span className="sub">{f.dateTime(r.createdAt)}</span>
        </>
      ),
    },
    {
      header: t('aftersales.merchant.item'),
      cell: (r) => (
        <>
          <AfterSaleItem request={r} />
          <span className="sub">{r.reason}</span>
        </>
      ),
    },
    { header: t('aftersales.facts.amount'), num: true, cell: (r) => (r.type === 'exchange' ? '—' : f.money(r.agreedAmount ?? r.amount ?? 0, r.currency)) },
    { header: t('aftersales.merchant.state'), cell: (r) => <AfterSaleStateBadge state={r.state} /> },
    { header: t('aftersales.merchant.deadline'), cell: (r) => (r.dueAt ? <DueLine request={r} side="merchant" /> : <span className="muted">—</span>) },
    {
      header: t('common.actions'),
      actions: true,
      cell: (r) => {
        const handle = r.actions.length > 0;
        return (
          <Link to={`${base}/${r.id}`} className={`btn btn--sm ${handle ? 'btn--primary' : 'btn--ghost'}`} aria-label={t('aftersales.merchant.openOne', { no: shortId(r.id) })}>
            {handle ? t('aftersales.merchant.handle') : t('orders.merchant.view')}
          </Link>
        );
      },
    },
  ];
  return (
    <>
      <ListPage<Row>
        title={t('aftersales.merchant.title')}
        frame={{ kind: 'card' }}
        intro={<p className="muted small">{t('aftersales.merchant.text')}</p>}
        filters={
          <ListFilterBar<AfterSaleState>
            filters={filters}
            search={{ label: t('aftersales.merchant.search'), hint: t('aftersales.merchant.searchHint') }}
            state={{ label: t('aftersales.merchant.state'), options: AFTERSALE_STATES.map((s) => ({ value: s, label: t(`aftersales.state.${s}`) })) }}
          />
        }
        list={list}
        count={(n) => t('aftersales.merchant.count', { count: n })}
        rowKey={(r) => r.id}
        columns={columns}
        empty={{ icon: '↺', title: t('aftersales.merchant.empty'), text: t('aftersales.merchant.emptyText') }}
        noMatch={filtered ? { title: t('aftersales.merchant.noMatch'), text: t('common.noMatchText'), action: filters.clearButton } : null}
      />
      <AfterSalesWindow storeId={store.id} canEdit={can(store, 'store.settings')} />
      <ReturnAddresses storeId={store.id} canEdit={can(store, 'store.settings')} />
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
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/after-sales/{id}', { params: { path: { storeId: store.id, id } }, signal })),
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
              actions={can(store, 'aftersales.handle') ? r.actions : []}
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
