// The operator's dispute desk: requests in dispute (or whose refund failed, to send again), oldest first; one with both sides (the buyer's request, reason
// and photos; the merchant's rejection), the money, the timeline, and the decision (refund in full, in part, or reject).
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { AfterSaleActions, AfterSaleFacts, AfterSaleItem, AfterSaleStateBadge, AfterSaleTimeline, EvidencePhotos, useAmountInput } from '../components/AfterSaleParts.tsx';
import { Field } from '../components/Field.tsx';
import { ListFilterBar, useListFilters } from '../components/Filters.tsx';
import { ListPage, type Column } from '../components/list/ListPage.tsx';
import { usePagedList } from '../components/list/useList.ts';
import { PageHeader } from '../components/Shell.tsx';
import { ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { FactList } from '../components/StoreFacts.tsx';
import type { DeskDetail } from '../lib/aftersales.ts';
import { ApiError, client, data, type Answer } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { shortId } from '../lib/orders.ts';

const PAGE = 30;
export const disputesKey = ['operator', 'disputes'] as const;

/** How many disputes wait (the navigation's count). */
export function useDisputeCount() {
  const q = useQuery({
    queryKey: [...disputesKey, 'count'],
    queryFn: ({ signal }) => data(client.GET('/api/operator/after-sales', { params: { query: { state: 'in_dispute', limit: 1 } }, signal })),
    refetchInterval: 60_000,
  });
  return q.data?.total;
}

const DESK_STATES = ['in_dispute', 'refund_failed'] as const;
type DeskState = (typeof DESK_STATES)[number];
type Row = Answer<'/api/operator/after-sales', 'get'>['items'][number];

export function Disputes() {
  const { t } = useTranslation();
  const f = useFormat();
  const filters = useListFilters<DeskState, 'in_dispute'>(DESK_STATES, { fallback: 'in_dispute' });
  const { state } = filters;
  const list = usePagedList<Row>(
    [...disputesKey, state],
    async ({ limit, offset, signal }) => {
      const page = await data(client.GET('/api/operator/after-sales', { params: { query: { state, limit, offset } }, signal }));
      return { rows: page.items, total: page.total };
    },
    { pageSize: PAGE, offset: filters.offset, setOffset: filters.setOffset },
  );
  const columns: Column<Row>[] = [
    {
      header: t('aftersales.merchant.request'),
      rowHeader: true,
      cell: (r) => (
        <>
          <Link to={`/operator/disputes/${r.id}`} className="mono">
            {shortId(r.id)}
          </Link>
          <span className="sub">{f.dateTime(r.createdAt)}</span>
        </>
      ),
    },
    {
      header: t('aftersales.desk.parties'),
      cell: (r) => (
        <>
          {r.buyerName}
          <span className="sub">{r.storeName}</span>
        </>
      ),
    },
    { header: t('aftersales.merchant.item'), cell: (r) => <AfterSaleItem request={r} /> },
    { header: t('aftersales.facts.amount'), num: true, cell: (r) => f.money(r.refundAmount, r.currency) },
    { header: t('aftersales.desk.waiting'), cell: (r) => t('aftersales.desk.since', { when: f.dateTime(r.updatedAt) }) },
    {
      header: t('common.actions'),
      actions: true,
      cell: (r) => (
        <Link to={`/operator/disputes/${r.id}`} className="btn btn--primary btn--sm" aria-label={t(state === 'in_dispute' ? 'aftersales.desk.decideOne' : 'aftersales.merchant.openOne', { no: shortId(r.id) })}>
          {state === 'in_dispute' ? t('aftersales.desk.decide') : t('aftersales.merchant.handle')}
        </Link>
      ),
    },
  ];
  return (
    <ListPage<Row>
      title={t('aftersales.desk.title')}
      frame={{ kind: 'page', subtitle: t('aftersales.desk.subtitle') }}
      filters={
        <ListFilterBar<DeskState, 'in_dispute'>
          filters={filters}
          state={{ label: t('aftersales.desk.filter'), segmented: true, options: DESK_STATES.map((s) => ({ value: s, label: t(`aftersales.state.${s}`) })) }}
        />
      }
      list={list}
      count={(n) => t('aftersales.desk.count', { count: n })}
      rowKey={(r) => r.id}
      columns={columns}
      // Both tabs are the desk's own queues: an empty one is "nothing waits", not "nothing matches".
      empty={{ icon: '⚖', title: state === 'in_dispute' ? t('aftersales.desk.empty') : t('aftersales.desk.emptyFailed'), text: t('aftersales.desk.emptyText') }}
      noMatch={null}
    />
  );
}

type Outcome = 'refund_full' | 'refund_partial' | 'reject';

function DecisionForm({ r, onDone }: { r: DeskDetail; onDone: (d: DeskDetail) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const full = Math.max(0, r.itemPaid - r.itemRefunded);
  const [outcome, setOutcome] = useState<Outcome>('refund_full');
  const amount = useAmountInput('', full, r.currency);
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: () =>
      data(client.POST('/api/operator/after-sales/{id}/decide', { params: { path: { id: r.id } }, body: { outcome, note: note.trim(), ...(outcome === 'refund_partial' && amount.value !== null ? { amount: amount.value } : {}) } })),
    onSuccess: onDone,
  });
  const partialProblem = outcome === 'refund_partial' ? (amount.problem ?? (amount.value !== null && amount.value <= 0 ? t('orders.merchant.price.positive') : null)) : null;
  function submit(e: FormEvent) {
    e.preventDefault();
    amount.setTouched(true);
    if (!partialProblem) decide.mutate();
  }
  const fe = (field: string) => (decide.error instanceof ApiError ? decide.error.fieldError(field) : undefined);
  return (
    <form className="form" onSubmit={submit} noValidate>
      <ProblemAlert error={decide.error} />
      <fieldset className="choice-cards choice-cards--three">
        <legend>{t('aftersales.desk.outcome')}</legend>
        {(['refund_full', 'refund_partial', 'reject'] as const).map((o) => (
          <label key={o} className={`choice-card${outcome === o ? ' choice-card--checked' : ''}`}>
            <input type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
            <span className="choice-card__title">{t(`aftersales.outcome.${o}`)}</span>
            <span className="choice-card__text">{o === 'refund_full' ? f.money(r.refundAmount, r.currency) : t(`aftersales.desk.outcomeHint.${o}`)}</span>
          </label>
        ))}
      </fieldset>
      {outcome === 'refund_partial' && (
        <Field label={t('aftersales.desk.amount')} hint={t('aftersales.ask.amountHint', { max: f.money(full, r.currency) })} error={amount.touched ? (partialProblem ?? fe('amount')) : fe('amount')}>
          {(p) => <input {...p} inputMode="decimal" autoComplete="off" required value={amount.text} onChange={(e) => amount.setText(e.target.value)} onBlur={() => amount.setTouched(true)} />}
        </Field>
      )}
      <Field label={t('aftersales.desk.note')} hint={t('aftersales.desk.noteHint')} error={fe('note')}>
        {(p) => <textarea {...p} required maxLength={500} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <div className="btn-row">
        <button type="submit" className={`btn ${outcome === 'reject' ? 'btn--danger' : 'btn--primary'}`} disabled={decide.isPending || !note.trim()}>
          {decide.isPending ? t('common.saving') : t('aftersales.desk.submit')}
        </button>
      </div>
    </form>
  );
}

export function DisputeDetail() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const key = [...disputesKey, 'detail', id];
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => data(client.GET('/api/operator/after-sales/{id}', { params: { path: { id } }, signal })) });
  return (
    <QueryBoundary query={query}>
      {(r) => (
        <>
          <PageHeader back={{ to: '/operator/disputes', label: t('aftersales.desk.title') }} title={<>{t('aftersales.number', { no: shortId(r.id) })} <AfterSaleStateBadge state={r.state} /></>} subtitle={`${r.buyerName} · ${r.storeName}`} />
          <div className="overview">
            <section className="card" aria-labelledby="d-buyer-h">
              <h2 id="d-buyer-h">{t('aftersales.desk.buyerSide', { name: r.buyerName })}</h2>
              <AfterSaleItem request={r} />
              <AfterSaleFacts request={r} />
              <h3>{t('aftersales.photos.title')}</h3>
              <EvidencePhotos ids={r.photoIds} />
            </section>
            <section className="card" aria-labelledby="d-store-h">
              <h2 id="d-store-h">{t('aftersales.desk.storeSide', { name: r.storeName })}</h2>
              <p>{r.rejectReason ?? '—'}</p>
              <FactList
                rows={[
                  [t('aftersales.desk.itemPaid'), f.money(r.itemPaid, r.currency)],
                  [t('aftersales.desk.itemRefunded'), f.money(r.itemRefunded, r.currency)],
                  [t('aftersales.desk.refundAmount'), f.money(r.refundAmount, r.currency)],
                  [t('aftersales.desk.payment'), r.paymentId ? shortId(r.paymentId) : t('aftersales.desk.noPayment')],
                ]}
              />
            </section>
            {r.state === 'refund_failed' && (
              <section className="card" aria-labelledby="d-retry-h">
                <h2 id="d-retry-h">{t('aftersales.state.refund_failed')}</h2>
                <AfterSaleActions
                  request={r}
                  actions={['retry-refund']}
                  url={`/api/operator/after-sales/${r.id}`}
                  onDone={(d) => {
                    qc.setQueryData(key, { ...r, ...d });
                    void qc.invalidateQueries({ queryKey: disputesKey });
                    announce(t('aftersales.done.retry-refund'));
                  }}
                />
              </section>
            )}
            {r.state === 'in_dispute' && (
              <section className="card" aria-labelledby="d-decide-h">
                <h2 id="d-decide-h">{t('aftersales.desk.decision')}</h2>
                <DecisionForm
                  r={r}
                  onDone={(d) => {
                    qc.setQueryData(key, d);
                    void qc.invalidateQueries({ queryKey: disputesKey });
                    announce(t('aftersales.desk.done'));
                  }}
                />
              </section>
            )}
            <section className="card" aria-labelledby="d-tl-h">
              <h2 id="d-tl-h">{t('orders.detail.timeline')}</h2>
              <AfterSaleTimeline request={r} />
            </section>
          </div>
        </>
      )}
    </QueryBoundary>
  );
}
