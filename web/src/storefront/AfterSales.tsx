// The buyer's after-sales: the list of requests (newest first) and one request with its state, deadline, what the
// merchant answered, photos, timeline and the buyer's actions for its state.
import { Link, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { AfterSaleActions, AfterSaleFacts, AfterSaleItem, AfterSaleStateBadge, AfterSaleTimeline, DueLine, EvidencePhotos } from '../components/AfterSaleParts.tsx';
import { ListFilterBar, useListFilters } from '../components/Filters.tsx';
import { ListPage } from '../components/list/ListPage.tsx';
import { useGrowingList } from '../components/list/useList.ts';
import { ErrorState, Loading } from '../components/States.tsx';
import { type AfterSaleState } from '../lib/aftersales.ts';
import { client, data, type Answer } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { shortId } from '../lib/orders.ts';

const PAGE = 20;
/** States whose next step names an amount: a gift's recipient reads them without it (the money is the giver's). */
const GIFT_NEXT = ['waiting_buyer_confirm', 'refunding', 'refunded'] as const satisfies readonly AfterSaleState[];
/** The states a buyer filters by (besides all). */
const FILTERS = ['merchant_processing', 'waiting_buyer_confirm', 'waiting_buyer_return', 'merchant_rejected', 'in_dispute', 'refunding', 'refunded'] as const satisfies readonly AfterSaleState[];
type Filter = (typeof FILTERS)[number];
type Row = Answer<'/api/after-sales', 'get'>['afterSales'][number];

function RequestCard({ r }: { r: Row }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <li className="order-card">
      <div className="order-card__head">
        <span className="order-card__store">{r.storeName}</span>
        <AfterSaleStateBadge state={r.state} />
      </div>
      <Link to={`/after-sales/${r.id}`} className="order-card__body as-card" aria-label={t('aftersales.mine.open', { title: r.item?.title ?? '', type: t(`aftersales.type.${r.type}`) })}>
        <AfterSaleItem request={r} />
        <span className="as-card__side">
          {r.type !== 'exchange' && (r.moneyHidden ? <span className="sub">{t('aftersales.gift.paidByGiver')}</span> : <strong>{f.money(r.agreedAmount ?? r.amount ?? 0, r.currency)}</strong>)}
          <span className="sub">{f.date(r.createdAt)}</span>
        </span>
      </Link>
      {r.dueAt && (
        <div className="order-card__foot">
          <DueLine request={r} side="buyer" />
        </div>
      )}
    </li>
  );
}

export function MyAfterSales() {
  const { t } = useTranslation();
  const filters = useListFilters<Filter>(FILTERS);
  const { state, filtered } = filters;
  const list = useGrowingList<Row>(
    ['buyer', 'after-sales', state],
    async ({ limit, offset, signal }) => {
      const page = await data(client.GET('/api/after-sales', { params: { query: { limit, offset, state: state || undefined } }, signal }));
      return { rows: page.afterSales, total: page.total };
    },
    PAGE,
  );
  return (
    <ListPage<Row>
      title={t('aftersales.mine.title')}
      frame={{ kind: 'shop', back: { to: '/orders', label: t('orders.list.title') } }}
      filters={
        <ListFilterBar<Filter>
          filters={filters}
          state={{ label: t('aftersales.mine.filter'), segmented: true, all: t('common.all'), options: FILTERS.map((s) => ({ value: s, label: t(`aftersales.state.${s}`) })) }}
        />
      }
      list={list}
      count={(n) => t('aftersales.merchant.count', { count: n })}
      rowKey={(r) => r.id}
      card={(r) => <RequestCard key={r.id} r={r} />}
      cardsClassName="order-cards"
      empty={{ icon: '↺', title: t('aftersales.mine.empty'), text: t('aftersales.mine.emptyText') }}
      noMatch={filtered && state ? { title: t('aftersales.mine.noneInState', { state: t(`aftersales.state.${state}`) }), text: t('common.noMatchText'), action: filters.clearButton } : null}
    />
  );
}

export function AfterSalePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const key = ['buyer', 'after-sale', id];
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => data(client.GET('/api/after-sales/{id}', { params: { path: { id } }, signal })),
    // While the refund travels, look again now and then.
    refetchInterval: (q) => (q.state.data?.state === 'refunding' ? 3000 : false),
  });
  if (query.isPending) return <Loading />;
  if (query.error || !query.data) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const r = query.data;
  return (
    <article className="order-page" aria-labelledby="as-h">
      <Link to="/after-sales" className="back-link">
        ← {t('aftersales.mine.title')}
      </Link>
      <header className="order-page__head">
        <h1 id="as-h" className="shop__title">
          {t(`aftersales.type.${r.type}`)}
        </h1>
        <AfterSaleStateBadge state={r.state} />
      </header>
      <p className="muted small">
        {t('aftersales.number', { no: shortId(r.id) })} · {r.storeName} ·{' '}
        {r.moneyHidden ? <Link to="/gifts?tab=received">{t('aftersales.gift.fromGifts')}</Link> : <Link to={`/orders/${r.orderId}`}>{t('orders.list.number', { no: shortId(r.orderId) })}</Link>}
      </p>
      <section className={`next-step next-step--${r.state}`} aria-live="polite">
        <p className="next-step__text">
          {r.moneyHidden && (GIFT_NEXT as readonly AfterSaleState[]).includes(r.state)
            ? t(`aftersales.gift.next.${r.state as (typeof GIFT_NEXT)[number]}`)
            : t(`aftersales.buyerNext.${r.state}`, { amount: f.money(r.agreedAmount ?? r.amount ?? 0, r.currency), proposal: r.proposal ? f.money(r.proposal.amount ?? 0, r.currency) : '' })}
        </p>
        {r.state === 'merchant_rejected' && r.rejectReason && <p className="sub">{t('aftersales.facts.rejectReason')}: {r.rejectReason}</p>}
        {r.state === 'waiting_buyer_confirm' && r.proposal && <p className="sub">{r.proposal.note}</p>}
        {r.dueAt && (
          <p className="sub">
            <DueLine request={r} side="buyer" />
          </p>
        )}
        <AfterSaleActions
          request={r}
          actions={r.actions}
          url={`/api/after-sales/${r.id}`}
          onDone={(next, action) => {
            qc.setQueryData(key, next);
            void qc.invalidateQueries({ queryKey: ['buyer', 'after-sales'] });
            void qc.invalidateQueries({ queryKey: ['buyer', 'order', r.orderId] });
            announce(t(`aftersales.done.${action}`));
          }}
        />
      </section>
      <section className="card order-page__section" aria-labelledby="as-item-h">
        <h2 id="as-item-h">{t('aftersales.detail.request')}</h2>
        <AfterSaleItem request={r} />
        <AfterSaleFacts request={r} />
      </section>
      <section className="card order-page__section" aria-labelledby="as-photos-h">
        <h2 id="as-photos-h">{t('aftersales.photos.title')}</h2>
        <EvidencePhotos ids={r.photoIds} />
      </section>
      <section className="card order-page__section" aria-labelledby="as-tl-h">
        <h2 id="as-tl-h">{t('orders.detail.timeline')}</h2>
        <AfterSaleTimeline request={r} />
      </section>
    </article>
  );
}
