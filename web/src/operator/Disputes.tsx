// The operator's dispute desk: requests in dispute (or whose refund failed, to send again), oldest first; one with both sides (the buyer's request, reason
// and photos; the merchant's rejection), the money, the timeline, and the decision (refund in full, in part, or reject).
import { useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { AfterSaleActions, AfterSaleFacts, AfterSaleItem, AfterSaleStateBadge, AfterSaleTimeline, EvidencePhotos, useAmountInput } from '../components/AfterSaleParts.tsx';
import { Field } from '../components/Field.tsx';
import { Pager } from '../components/Pager.tsx';
import { Segmented } from '../components/Segmented.tsx';
import { PageHeader } from '../components/Shell.tsx';
import { EmptyState, ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { FactList } from '../components/StoreFacts.tsx';
import type { DeskDetail, DeskPage } from '../lib/aftersales.ts';
import { api, ApiError } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { shortId } from '../lib/orders.ts';

const PAGE = 30;
export const disputesKey = ['operator', 'disputes'] as const;

/** How many disputes wait (the navigation's count). */
export function useDisputeCount() {
  const q = useQuery({ queryKey: [...disputesKey, 'count'], queryFn: ({ signal }) => api<DeskPage>('/api/operator/after-sales?state=in_dispute&limit=1', { signal }), refetchInterval: 60_000 });
  return q.data?.total;
}

const DESK_STATES = ['in_dispute', 'refund_failed'] as const;
type DeskState = (typeof DESK_STATES)[number];

export function Disputes() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const state: DeskState = params.get('state') === 'refund_failed' ? 'refund_failed' : 'in_dispute';
  const [offset, setOffset] = useState(0);
  const query = useQuery({
    queryKey: [...disputesKey, state, offset],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api<DeskPage>(`/api/operator/after-sales?state=${state}&limit=${PAGE}&offset=${offset}`, { signal }),
  });
  return (
    <>
      <PageHeader title={t('aftersales.desk.title')} subtitle={t('aftersales.desk.subtitle')} />
      <div className="seg-scroll">
        <Segmented<DeskState>
          label={t('aftersales.desk.filter')}
          value={state}
          options={DESK_STATES.map((s) => ({ value: s, label: t(`aftersales.state.${s}`) }))}
          onChange={(v) => {
            setParams(v === 'in_dispute' ? {} : { state: v }, { replace: true });
            setOffset(0);
          }}
        />
      </div>
      <section className="card" aria-label={t('aftersales.desk.title')}>
        <QueryBoundary query={query}>
          {(page) =>
            page.items.length === 0 ? (
              <EmptyState icon="⚖" title={state === 'in_dispute' ? t('aftersales.desk.empty') : t('aftersales.desk.emptyFailed')}>
                {t('aftersales.desk.emptyText')}
              </EmptyState>
            ) : (
              <>
                <p className="count-line muted" aria-live="polite">
                  {t('aftersales.desk.count', { count: page.total })}
                </p>
                <div className="table-wrap">
                  <table className="table table--stack">
                    <thead>
                      <tr>
                        <th scope="col">{t('aftersales.merchant.request')}</th>
                        <th scope="col">{t('aftersales.desk.parties')}</th>
                        <th scope="col">{t('aftersales.merchant.item')}</th>
                        <th scope="col" className="num">
                          {t('aftersales.facts.amount')}
                        </th>
                        <th scope="col">{t('aftersales.desk.waiting')}</th>
                        <th scope="col">
                          <span className="visually-hidden">{t('common.actions')}</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {page.items.map((r) => {
                        const no = shortId(r.id);
                        return (
                          <tr key={r.id}>
                            <th scope="row">
                              <Link to={`/operator/disputes/${r.id}`} className="mono">
                                {no}
                              </Link>
                              <span className="sub">{f.dateTime(r.createdAt)}</span>
                            </th>
                            <td data-label={t('aftersales.desk.parties')}>
                              {r.buyerName}
                              <span className="sub">{r.storeName}</span>
                            </td>
                            <td data-label={t('aftersales.merchant.item')}>
                              <AfterSaleItem request={r} />
                            </td>
                            <td className="num" data-label={t('aftersales.facts.amount')}>
                              {f.money(r.refundAmount, r.currency)}
                            </td>
                            <td data-label={t('aftersales.desk.waiting')}>{t('aftersales.desk.since', { when: f.dateTime(r.updatedAt) })}</td>
                            <td className="actions-cell">
                              <Link to={`/operator/disputes/${r.id}`} className="btn btn--primary btn--sm" aria-label={t(state === 'in_dispute' ? 'aftersales.desk.decideOne' : 'aftersales.merchant.openOne', { no })}>
                                {state === 'in_dispute' ? t('aftersales.desk.decide') : t('aftersales.merchant.handle')}
                              </Link>
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
                <Pager offset={offset} pageSize={PAGE} shown={page.items.length} total={page.total} onChange={setOffset} />
              </>
            )
          }
        </QueryBoundary>
      </section>
    </>
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
    mutationFn: () => api<DeskDetail>(`/api/operator/after-sales/${r.id}/decide`, { body: { outcome, note: note.trim(), ...(outcome === 'refund_partial' ? { amount: amount.value } : {}) } }),
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
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => api<DeskDetail>(`/api/operator/after-sales/${id}`, { signal }) });
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
