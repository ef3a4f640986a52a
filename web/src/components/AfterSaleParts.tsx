// Pieces of an after-sales request shown to the buyer, the merchant and the operator alike: its state, deadline,
// facts, photos and timeline, and the dialogs of every action the buyer and the merchant take on it.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, client, data, type Schemas } from '../lib/api.ts';
import { attrsLabel } from '../lib/catalog.ts';
import { parseMajorAmount, useFormat } from '../lib/format.ts';
import type { ParcelInput } from '../lib/carriers.ts';
import { useCarrierName } from '../lib/carriers.ts';
import { CarrierFields, noParcel, parcelBody, ParcelLine } from './CarrierParts.tsx';
import { STATE_TONES, usePhotoUrl, useTimeLeft, type AfterSale, type AfterSaleAction, type AfterSaleDetail, type AfterSaleEventRow, type AfterSaleState } from '../lib/aftersales.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { Dialog } from './Dialog.tsx';
import { Field } from './Field.tsx';
import { FormActions } from './FormActions.tsx';
import { ItemThumb } from './OrderParts.tsx';
import { ProblemAlert } from './States.tsx';
import { AcceptReturnForm, ReturnAddressText } from './ReturnAddressParts.tsx';
import { FactList } from './StoreFacts.tsx';

export function AfterSaleStateBadge({ state }: { state: AfterSaleState }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${STATE_TONES[state] ?? 'muted'}`}>{t(`aftersales.state.${state}`)}</span>;
}

/** "Answer within 13 h" for the side the request waits for; "overdue" once the deadline passed. */
export function DueLine({ request, side }: { request: Pick<AfterSale, 'state' | 'dueAt' | 'waitingFor'>; side: Exclude<Schemas['ActorRole'], 'system'> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { left, overdue, hours } = useTimeLeft(request.dueAt);
  if (!request.dueAt) return null;
  const mine = request.waitingFor === side;
  const text = overdue ? t('aftersales.due.overdue') : mine ? t(`aftersales.due.you.${request.state}`, { left, defaultValue: t('aftersales.due.youAct', { left }) }) : t('aftersales.due.other', { left });
  return (
    <span className={`due${mine && (overdue || hours < 12) ? ' due--urgent' : ''}`} title={f.dateTime(request.dueAt)}>
      <time dateTime={request.dueAt}>{text}</time>
    </span>
  );
}

/** The item a request is about, with its quantity. */
export function AfterSaleItem({ request }: { request: AfterSale }) {
  const { t } = useTranslation();
  const it = request.item;
  return (
    <div className="as-item">
      <ItemThumb imageId={it?.imageId ?? null} title={it?.title ?? '?'} size={48} />
      <div>
        <span className="order-item__title">{it?.title ?? '—'}</span>
        {it && Object.keys(it.attrs).length > 0 && <span className="sub">{attrsLabel(it.attrs)}</span>}
        <span className="sub">
          {t(`aftersales.type.${request.type}`)} · {t('aftersales.facts.units', { count: request.quantity })}
        </span>
      </div>
    </div>
  );
}

/** What was asked, what was answered, the parcels and the decision. */
export function AfterSaleFacts({ request, extra = [] }: { request: AfterSale; extra?: [string, ReactNode][] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const m = (n: number) => f.money(n, request.currency);
  const rows: [string, ReactNode][] = [
    [t('aftersales.facts.type'), t(`aftersales.type.${request.type}`)],
    [t('aftersales.facts.quantity'), String(request.quantity)],
  ];
  if (request.type !== 'exchange') rows.push([t('aftersales.facts.amount'), request.amount === null ? t('aftersales.gift.paidByGiver') : m(request.amount)]);
  if (request.agreedAmount !== null && request.agreedAmount !== request.amount) rows.push([t('aftersales.facts.agreed'), m(request.agreedAmount)]);
  rows.push([t('aftersales.facts.reason'), request.reason]);
  if (request.detail) rows.push([t('aftersales.facts.detail'), request.detail]);
  if (request.proposal) rows.push([t('aftersales.facts.proposal'), `${request.proposal.amount === null ? t('aftersales.gift.partialOffer') : m(request.proposal.amount)} · ${request.proposal.note}`]);
  if (request.rejectReason) rows.push([t('aftersales.facts.rejectReason'), request.rejectReason]);
  if (request.returnAddress) rows.push([t('returnAddresses.sendTo'), <ReturnAddressText key="ra" address={request.returnAddress} request={request} />]);
  if (request.returnParcel) rows.push([t('aftersales.facts.returnParcel'), <ParcelLine key="rp" parcel={request.returnParcel} />]);
  if (request.reshipParcel) rows.push([t('aftersales.facts.reshipParcel'), <ParcelLine key="sp" parcel={request.reshipParcel} />]);
  if (request.disputeReason) rows.push([t('aftersales.facts.disputeReason'), request.disputeReason]);
  if (request.decision) rows.push([t('aftersales.facts.decision'), `${t(`aftersales.outcome.${request.decision.outcome}`)}${request.decision.outcome !== 'reject' && request.decision.amount !== null ? ` (${m(request.decision.amount)})` : ''} · ${request.decision.note}`]);
  rows.push([t('aftersales.facts.created'), f.dateTime(request.createdAt)]);
  if (request.closedAt) rows.push([t('aftersales.facts.closed'), f.dateTime(request.closedAt)]);
  return <FactList rows={[...rows, ...extra] as [string, string][]} />;
}

/** One photo of evidence (fetched with the session), linking to itself full size. */
export function EvidencePhoto({ id, n, onRemove }: { id: string; n: number; onRemove?: () => void }) {
  const { t } = useTranslation();
  const { url, error } = usePhotoUrl(id);
  const alt = t('aftersales.photos.alt', { n });
  return (
    <li className="as-photo">
      {url ? (
        <a href={url} target="_blank" rel="noopener" aria-label={alt}>
          <img src={url} alt={alt} width={96} height={96} />
        </a>
      ) : (
        <span className="as-photo__none" role={error ? 'img' : undefined} aria-label={error ? t('aftersales.photos.unavailable') : undefined}>
          {error ? '!' : '…'}
        </span>
      )}
      {onRemove && (
        <button type="button" className="btn btn--ghost btn--sm" onClick={onRemove} aria-label={t('aftersales.photos.remove', { n })}>
          ×
        </button>
      )}
    </li>
  );
}

export function EvidencePhotos({ ids, onRemove }: { ids: string[]; onRemove?: (id: string) => void }) {
  const { t } = useTranslation();
  if (ids.length === 0) return onRemove ? null : <p className="muted small">{t('aftersales.photos.none')}</p>;
  return (
    <ul className="as-photos" aria-label={t('aftersales.photos.title')}>
      {ids.map((id, i) => (
        <EvidencePhoto key={id} id={id} n={i + 1} onRemove={onRemove ? () => onRemove(id) : undefined} />
      ))}
    </ul>
  );
}

function eventDetail(row: AfterSaleEventRow, money: (n: number) => string, carrier: (d: { carrier?: string; carrierName?: string | null }) => string): string | null {
  const d = row.detail;
  if (!d) return null;
  const parts: string[] = [];
  if (d.carrier) parts.push(`${carrier(d)} ${d.trackingNo ?? ''}`.trim());
  if (d.amount !== undefined && d.amount > 0) parts.push(money(d.amount));
  if (d.reason) parts.push(d.reason);
  if (d.note) parts.push(d.note);
  return parts.length ? parts.join(' · ') : null;
}

/** What happened to the request, oldest first, by whom. */
export function AfterSaleTimeline({ request }: { request: AfterSaleDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  const carrier = useCarrierName();
  if (request.timeline.length === 0) return <p className="muted">{t('orders.detail.noEvents')}</p>;
  return (
    <ol className="timeline">
      {request.timeline.map((e, i) => {
        const detail = eventDetail(e, (n) => f.money(n, request.currency), carrier);
        return (
          <li key={i} className={`timeline__item timeline__item--${e.event}`}>
            <span className="timeline__dot" aria-hidden="true" />
            <div>
              <p className="timeline__title">{t(`aftersales.event.${e.event}`, { defaultValue: e.event })}</p>
              {detail && <p className="timeline__meta">{detail}</p>}
              <p className="timeline__meta muted">
                <time dateTime={e.at}>{f.dateTime(e.at)}</time> · {t(`roles.${e.actorRole}`, { defaultValue: e.actorRole })}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

type AnyAction = AfterSaleAction;
const CONFIRM_ONLY: AnyAction[] = ['cancel', 'accept-proposal', 'decline-proposal', 'confirm-exchange', 'accept', 'confirm-receipt', 'retry-refund'];
const DANGER: AnyAction[] = ['cancel', 'decline-proposal'];

/** Where a side's moves on a request are sent: the buyer's own requests, or a store's. */
export type AfterSaleSide = { side: 'buyer'; id: string } | { side: 'merchant'; storeId: string; id: string } | { side: 'operator'; id: string };

type Body = ParcelInput | { returnAddressId?: string } | { reason: string } | { amount: number; note: string } | undefined;
/** Sends one move of the buyer, the merchant or the operator (whose decision has its own form on the desk). */
function sendAction(to: AfterSaleSide, action: AnyAction, body: Body): Promise<AfterSaleDetail> {
  if (to.side === 'buyer') {
    const path = { params: { path: { id: to.id } } };
    switch (action) {
      case 'cancel': return data(client.POST('/api/after-sales/{id}/cancel', path));
      case 'accept-proposal': return data(client.POST('/api/after-sales/{id}/accept-proposal', path));
      case 'decline-proposal': return data(client.POST('/api/after-sales/{id}/decline-proposal', path));
      case 'confirm-exchange': return data(client.POST('/api/after-sales/{id}/confirm-exchange', path));
      case 'return-shipment': return data(client.POST('/api/after-sales/{id}/return-shipment', { ...path, body: body as ParcelInput }));
      case 'dispute': return data(client.POST('/api/after-sales/{id}/dispute', { ...path, body: body as { reason: string } }));
    }
  } else if (to.side === 'operator') {
    if (action === 'retry-refund') return data(client.POST('/api/operator/after-sales/{id}/retry-refund', { params: { path: { id: to.id } } }));
  } else {
    const path = { params: { path: { storeId: to.storeId, id: to.id } } };
    switch (action) {
      case 'accept': return data(client.POST('/api/merchant/stores/{storeId}/after-sales/{id}/accept', { ...path, body: (body as { returnAddressId?: string } | undefined) ?? null }));
      case 'confirm-receipt': return data(client.POST('/api/merchant/stores/{storeId}/after-sales/{id}/confirm-receipt', path));
      case 'retry-refund': return data(client.POST('/api/merchant/stores/{storeId}/after-sales/{id}/retry-refund', path));
      case 'reject': return data(client.POST('/api/merchant/stores/{storeId}/after-sales/{id}/reject', { ...path, body: body as { reason: string } }));
      case 'propose': return data(client.POST('/api/merchant/stores/{storeId}/after-sales/{id}/propose', { ...path, body: body as { amount: number; note: string } }));
      case 'reship': return data(client.POST('/api/merchant/stores/{storeId}/after-sales/{id}/reship', { ...path, body: body as ParcelInput }));
    }
  }
  return Promise.reject(new Error(`${to.side} cannot ${action} here`));
}

/** The side of the API a page's url reaches: /api/after-sales/<id>, /api/merchant/stores/<storeId>/after-sales/<id>, /api/operator/after-sales/<id>. */
function sideOf(url: string): AfterSaleSide {
  const m = /\/api\/merchant\/stores\/([^/]+)\/after-sales\/([^/]+)$/.exec(url);
  if (m) return { side: 'merchant', storeId: m[1], id: m[2] };
  const id = url.slice(url.lastIndexOf('/') + 1);
  return url.startsWith('/api/operator/') ? { side: 'operator', id } : { side: 'buyer', id };
}

/**
 * The buttons of the moves the server says the caller may make on a request now (its `actions`, or fewer when the
 * page holds some back), each opening its dialog; `onDone` gets the request as it is then.
 */
export function AfterSaleActions({ request, actions = request.actions, url, onDone }: { request: AfterSale; actions?: AnyAction[]; url: string; onDone: (r: AfterSaleDetail, action: AnyAction) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [open, setOpen] = useState<AnyAction | null>(null);
  const act = useMutation({
    mutationFn: ({ action, body }: { action: AnyAction; body?: Body }) => sendAction(sideOf(url), action, body),
    onSuccess: (r, v) => {
      setOpen(null);
      onDone(r, v.action);
    },
  });
  const close = () => {
    setOpen(null);
    act.reset();
  };
  if (actions.length === 0) return null;
  const label = (a: AnyAction) => t(`aftersales.action.${a}`);
  const to = sideOf(url);
  // A merchant accepting a return or an exchange picks where the goods go back to.
  const pickAddress = open === 'accept' && request.type !== 'refund' && to.side === 'merchant';
  const fe = (field: string) => (act.error instanceof ApiError ? act.error.fieldError(field) : undefined);
  return (
    <>
      <div className="btn-row">
        {actions.map((a, i) => (
          <button key={a} type="button" className={`btn ${i === 0 && !DANGER.includes(a) ? 'btn--primary' : DANGER.includes(a) || a === 'reject' ? 'btn--danger-outline' : ''}`} onClick={() => setOpen(a)}>
            {label(a)}
          </button>
        ))}
      </div>
      {open && CONFIRM_ONLY.includes(open) && !pickAddress && (
        <ConfirmDialog open title={label(open)} confirmLabel={label(open)} danger={DANGER.includes(open)} busy={act.isPending} error={act.error} onConfirm={() => act.mutate({ action: open })} onClose={close}>
          {request.moneyHidden && open === 'accept-proposal'
            ? t('aftersales.gift.acceptProposal')
            : t(`aftersales.confirm.${open}`, { amount: f.money(request.proposal?.amount ?? request.agreedAmount ?? request.amount ?? 0, request.currency) })}
        </ConfirmDialog>
      )}
      <Dialog open={open === 'return-shipment' || open === 'reship'} title={open ? label(open) : ''} onClose={close}>
        {(open === 'return-shipment' || open === 'reship') && (
          <ParcelForm hint={t(`aftersales.confirm.${open}`)} busy={act.isPending} error={act.error} fieldError={fe} onSubmit={(body) => act.mutate({ action: open, body })} onCancel={close} submitLabel={label(open)} />
        )}
      </Dialog>
      <Dialog open={pickAddress} title={label('accept')} onClose={close}>
        {pickAddress && to.side === 'merchant' && (
          <AcceptReturnForm storeId={to.storeId} hint={t('aftersales.confirm.accept')} busy={act.isPending} error={act.error} submitLabel={label('accept')} onSubmit={(body) => act.mutate({ action: 'accept', body })} onCancel={close} />
        )}
      </Dialog>
      <Dialog open={open === 'reject' || open === 'dispute'} title={open ? label(open) : ''} onClose={close}>
        {(open === 'reject' || open === 'dispute') && (
          <TextForm label={t(`aftersales.form.${open}Reason`)} hint={t(`aftersales.confirm.${open}`)} busy={act.isPending} error={act.error} error2={fe('reason')} onSubmit={(reason) => act.mutate({ action: open, body: { reason } })} onCancel={close} submitLabel={label(open)} />
        )}
      </Dialog>
      <Dialog open={open === 'propose'} title={label('propose')} onClose={close}>
        {open === 'propose' && <ProposeForm request={request} busy={act.isPending} error={act.error} onSubmit={(body) => act.mutate({ action: 'propose', body })} onCancel={close} />}
      </Dialog>
    </>
  );
}

function ParcelForm({ hint, busy, error, fieldError, submitLabel, onSubmit, onCancel }: { hint: ReactNode; busy: boolean; error: unknown; fieldError: (f: string) => string | undefined; submitLabel: string; onSubmit: (b: ParcelInput) => void; onCancel: () => void }) {
  const [parcel, setParcel] = useState(noParcel);
  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit(parcelBody(parcel));
  }
  return (
    <form className="form" onSubmit={submit}>
      <div className="muted small">{hint}</div>
      <ProblemAlert error={error} />
      <CarrierFields value={parcel} onChange={setParcel} fieldError={fieldError} />
      <FormActions busy={busy} label={submitLabel} onCancel={onCancel} />
    </form>
  );
}

/** A reason or note typed before an action (reject, dispute). */
export function TextForm({ label, hint, busy, error, error2, submitLabel, onSubmit, onCancel }: { label: string; hint?: string; busy: boolean; error: unknown; error2?: string; submitLabel: string; onSubmit: (text: string) => void; onCancel: () => void }) {
  const [text, setText] = useState('');
  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit(text.trim());
  }
  return (
    <form className="form" onSubmit={submit}>
      <ProblemAlert error={error} />
      <Field label={label} hint={hint} error={error2}>
        {(p) => <textarea {...p} required maxLength={500} rows={3} value={text} onChange={(e) => setText(e.target.value)} autoFocus />}
      </Field>
      <FormActions busy={busy} label={submitLabel} onCancel={onCancel} />
    </form>
  );
}

/** An amount in the major unit, typed, with its problem shown once touched. */
export function useAmountInput(initial: string, max: number, currency: string) {
  const { t } = useTranslation();
  const f = useFormat();
  const [text, setText] = useState(initial);
  const [touched, setTouched] = useState(false);
  const value = parseMajorAmount(text);
  const problem = value === null ? t('common.amountInvalid') : value > max ? t('aftersales.form.amountMax', { max: f.money(max, currency) }) : null;
  return { text, setText, value, problem, touched, setTouched, shown: touched ? (problem ?? undefined) : undefined };
}

const major = (minor: number) => (minor / 100).toFixed(2);

function ProposeForm({ request, busy, error, onSubmit, onCancel }: { request: AfterSale; busy: boolean; error: unknown; onSubmit: (b: { amount: number; note: string }) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const asked = request.amount ?? 0; // the merchant always sees the money
  const amount = useAmountInput(major(asked), Math.max(asked, 0) || Number.MAX_SAFE_INTEGER, request.currency);
  const [note, setNote] = useState('');
  function submit(e: FormEvent) {
    e.preventDefault();
    amount.setTouched(true);
    if (!amount.problem && amount.value !== null) onSubmit({ amount: amount.value, note: note.trim() });
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="muted small">{t('aftersales.confirm.propose', { amount: f.money(asked, request.currency) })}</p>
      <ProblemAlert error={error} />
      <Field label={t('aftersales.form.proposeAmount')} error={amount.shown}>
        {(p) => <input {...p} inputMode="decimal" autoComplete="off" required value={amount.text} onChange={(e) => amount.setText(e.target.value)} onBlur={() => amount.setTouched(true)} />}
      </Field>
      <Field label={t('aftersales.form.proposeNote')}>
        {(p) => <textarea {...p} required maxLength={500} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <FormActions busy={busy} label={t('aftersales.action.propose')} onCancel={onCancel} />
    </form>
  );
}
