// The store's coupons (/merchant/stores/:storeId/coupons): every offer with its state and claimed/used progress,
// a form creating one of any kind, audience and windows, and voiding one.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { Field } from '../components/Field.tsx';
import { FormActions } from '../components/FormActions.tsx';
import { EmptyState, Loading, ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { ApiError, client, data, idempotency, type RequestBody } from '../lib/api.ts';
import { enumValues } from '../lib/api/schema.ts';
import { useCouponTerms, type MerchantCoupon } from '../lib/coupons.ts';
import { localDateTimeInput, parseMajorAmount, useFormat } from '../lib/format.ts';
import { useIdempotencyKey } from '../lib/orders.ts';
import { can } from '../lib/permissions.ts';
import { toggled } from '../lib/sets.ts';
import { stateLabel } from '../lib/state-labels.ts';
import { useStoreContext } from './StorePage.tsx';

// One tone per state: a state the server adds does not compile until it has one here.
const TONES: Record<MerchantCoupon['state'], string> = { scheduled: 'info', active: 'success', expired: 'muted', voided: 'muted' };
const couponsKey = (storeId: string) => ['merchant', 'coupons', storeId] as const;
type Body = RequestBody<'/api/merchant/stores/{storeId}/coupons', 'post'>;

export function Coupons() {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const f = useFormat();
  const terms = useCouponTerms();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const query = useQuery({ queryKey: couponsKey(store.id), queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/coupons', { params: { path: { storeId: store.id }, query: { limit: 200 } }, signal })) });
  const [creating, setCreating] = useState(false);
  const [voiding, setVoiding] = useState<MerchantCoupon | null>(null);
  const voidOne = useMutation({
    mutationFn: (c: MerchantCoupon) => data(client.POST('/api/merchant/stores/{storeId}/coupons/{couponId}/void', { params: { path: { storeId: store.id, couponId: c.id } } })),
    onSuccess: (c) => {
      setVoiding(null);
      void qc.invalidateQueries({ queryKey: couponsKey(store.id) });
      announce(t('coupons.console.voided', { title: c.title }));
    },
  });
  const manage = can(store, 'marketing.manage');
  return (
    <section className="card" aria-labelledby="coupons-h">
      <div className="card__head">
        <div>
          <h2 id="coupons-h">{t('coupons.console.title')}</h2>
          <p className="muted small">{t('coupons.console.intro')}</p>
        </div>
        {manage && <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>+ {t('coupons.console.create')}</button>}
      </div>
      <QueryBoundary query={query}>
        {(page) => page.items.length === 0 ? (
          <EmptyState icon="🎟" title={t('coupons.console.emptyTitle')}>{t('coupons.console.emptyText')}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">{t('coupons.console.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('coupons.console.coupon')}</th>
                  <th scope="col">{t('coupons.console.audience')}</th>
                  <th scope="col">{t('coupons.console.claimWindow')}</th>
                  <th scope="col">{t('coupons.console.state')}</th>
                  <th scope="col">{t('coupons.console.progress')}</th>
                  {manage && <th scope="col"><span className="visually-hidden">{t('coupons.console.actions')}</span></th>}
                </tr>
              </thead>
              <tbody>
                {page.items.map((c) => (
                  <tr key={c.id} data-testid="coupon-row">
                    <td><strong>{c.title}</strong><div className="muted small">{terms(c)} · {stateLabel(t, 'CouponScope', c.scope)}</div></td>
                    <td>{c.audience === 'members' ? t('coupons.strip.membersFrom', { level: c.minLevel }) : stateLabel(t, 'CouponAudience', c.audience)}</td>
                    <td className="small">{f.dateTime(c.claimStartsAt)} – {f.dateTime(c.claimEndsAt)}</td>
                    <td><span className={`badge badge--${TONES[c.state]}`}>{stateLabel(t, 'CouponState', c.state)}</span></td>
                    <td>
                      <progress max={c.totalQuantity} value={c.claimed} aria-label={t('coupons.console.claimedOf', { claimed: c.claimed, total: c.totalQuantity })} />
                      <div className="small" data-testid="coupon-claimed">{t('coupons.console.claimedOf', { claimed: c.claimed, total: c.totalQuantity })} · {t('coupons.console.used', { count: c.used })}</div>
                    </td>
                    {manage && (
                      <td>{c.state !== 'voided' && (
                        <button type="button" className="btn btn--ghost btn--sm" onClick={() => setVoiding(c)} aria-label={t('coupons.console.voidOne', { title: c.title })}>{t('coupons.console.void')}</button>
                      )}</td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryBoundary>
      <Dialog open={creating} wide title={t('coupons.console.create')} onClose={() => setCreating(false)}>
        {creating && <CouponForm onDone={() => setCreating(false)} />}
      </Dialog>
      <ConfirmDialog open={!!voiding} title={t('coupons.console.void')} confirmLabel={t('coupons.console.void')} danger busy={voidOne.isPending} error={voidOne.error}
        onConfirm={() => voiding && voidOne.mutate(voiding)} onClose={() => { setVoiding(null); voidOne.reset(); }}>
        {voiding && t('coupons.console.voidText', { title: voiding.title })}
      </ConfirmDialog>
    </section>
  );
}

const DAY = 86_400_000;

function CouponForm({ onDone }: { onDone: () => void }) {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const idem = useIdempotencyKey();
  const now = new Date();
  const [v, setV] = useState({
    title: '', scope: 'store' as Body['scope'], kind: 'spend_off' as Body['kind'], payPercent: '80', threshold: '', amount: '', audience: 'all' as Body['audience'],
    minLevel: '1', totalQuantity: '100', perPersonLimit: '1', claimStartsAt: localDateTimeInput(now), claimEndsAt: localDateTimeInput(new Date(now.getTime() + 7 * DAY)),
    useWindow: 'days' as Body['useWindow'], useDays: '7', useStartsAt: localDateTimeInput(now), useEndsAt: localDateTimeInput(new Date(now.getTime() + 30 * DAY)),
  });
  const [products, setProducts] = useState<Set<string>>(new Set());
  const [formError, setFormError] = useState('');
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: e.target.value }));
  const listed = useQuery({
    queryKey: ['merchant', 'products', store.id, { live: 'listed', all: true }],
    enabled: v.scope === 'product',
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/products', { params: { path: { storeId: store.id }, query: { liveState: 'listed', limit: 200 } }, signal })),
  });
  const save = useMutation({
    mutationFn: (body: Body) => data(client.POST('/api/merchant/stores/{storeId}/coupons', { params: { path: { storeId: store.id } }, body, headers: idempotency(idem.keyFor(body)) })),
    onSuccess: (c) => {
      idem.done();
      void qc.invalidateQueries({ queryKey: couponsKey(store.id) });
      announce(t('coupons.console.created', { title: c.title }));
      onDone();
    },
  });
  const fe = (field: string) => (save.error instanceof ApiError ? save.error.fieldError(field) : undefined);
  const iso = (local: string) => new Date(local).toISOString();
  function submit(e: FormEvent) {
    e.preventDefault();
    setFormError('');
    const money = (text: string) => parseMajorAmount(text);
    const amount = v.kind === 'percent' ? 0 : money(v.amount);
    const threshold = v.kind === 'spend_off' ? money(v.threshold) : 0;
    if (amount === null || threshold === null) return setFormError(t('coupons.console.amountInvalid'));
    if (v.scope === 'product' && products.size === 0) return setFormError(t('coupons.console.chooseProducts'));
    const body: Body = {
      title: v.title.trim(), scope: v.scope, kind: v.kind, audience: v.audience, totalQuantity: Number(v.totalQuantity), perPersonLimit: Number(v.perPersonLimit),
      claimStartsAt: iso(v.claimStartsAt), claimEndsAt: iso(v.claimEndsAt), useWindow: v.useWindow,
      ...(v.kind === 'percent' ? { payBp: Math.round(Number(v.payPercent) * 100) } : { amount, ...(v.kind === 'spend_off' ? { threshold } : {}) }),
      ...(v.audience === 'members' ? { minLevel: Number(v.minLevel) } : {}),
      ...(v.scope === 'product' ? { productIds: [...products] } : {}),
      ...(v.useWindow === 'days' ? { useDays: Number(v.useDays) } : { useStartsAt: iso(v.useStartsAt), useEndsAt: iso(v.useEndsAt) }),
    };
    save.mutate(body);
  }
  return (
    <form className="form" onSubmit={submit}>
      <ProblemAlert error={save.error} />
      <Field label={t('coupons.console.name')} error={fe('title')}>
        {(p) => <input {...p} required maxLength={60} value={v.title} onChange={set('title')} />}
      </Field>
      <Field label={t('coupons.console.kind')} error={fe('kind')}>
        {(p) => (
          <select {...p} value={v.kind} onChange={set('kind')}>
            {enumValues.CouponKind.map((k) => <option key={k} value={k}>{stateLabel(t, 'CouponKind', k)}</option>)}
          </select>
        )}
      </Field>
      {v.kind === 'percent' ? (
        <Field label={t('coupons.console.payPercent')} hint={t('coupons.console.payPercentHint')} error={fe('payBp')}>
          {(p) => <input {...p} type="number" min={20} max={100} step={1} required value={v.payPercent} onChange={set('payPercent')} />}
        </Field>
      ) : (
        <div className="coupon-form-row">
          {v.kind === 'spend_off' && (
            <Field label={t('coupons.console.threshold')} error={fe('threshold')}>
              {(p) => <input {...p} inputMode="decimal" required value={v.threshold} onChange={set('threshold')} />}
            </Field>
          )}
          <Field label={t('coupons.console.amount')} hint={v.kind === 'flat' ? t('coupons.console.flatHint') : undefined} error={fe('amount')}>
            {(p) => <input {...p} inputMode="decimal" required value={v.amount} onChange={set('amount')} />}
          </Field>
        </div>
      )}
      <Field label={t('coupons.console.scope')}>
        {(p) => (
          <select {...p} value={v.scope} onChange={set('scope')}>
            {enumValues.CouponScope.map((k) => <option key={k} value={k}>{stateLabel(t, 'CouponScope', k)}</option>)}
          </select>
        )}
      </Field>
      {v.scope === 'product' && (listed.isPending ? <Loading /> : listed.error || !listed.data ? <ProblemAlert error={listed.error} /> : (
        <fieldset className="check-list">
          <legend>{t('coupons.console.products')}</legend>
          {listed.data.length === 0 && <p className="muted">{t('coupons.console.noProducts')}</p>}
          {listed.data.map((p) => (
            <label key={p.id} className="check"><input type="checkbox" checked={products.has(p.id)} onChange={() => setProducts((s) => toggled(s, p.id))} />{p.title}</label>
          ))}
        </fieldset>
      ))}
      <div className="coupon-form-row">
        <Field label={t('coupons.console.audience')}>
          {(p) => (
            <select {...p} value={v.audience} onChange={set('audience')}>
              {enumValues.CouponAudience.map((k) => <option key={k} value={k}>{stateLabel(t, 'CouponAudience', k)}</option>)}
            </select>
          )}
        </Field>
        {v.audience === 'members' && (
          <Field label={t('coupons.console.minLevel')} error={fe('minLevel')}>
            {(p) => <input {...p} type="number" min={1} max={10} required value={v.minLevel} onChange={set('minLevel')} />}
          </Field>
        )}
      </div>
      <div className="coupon-form-row">
        <Field label={t('coupons.console.totalQuantity')} error={fe('totalQuantity')}>
          {(p) => <input {...p} type="number" min={1} required value={v.totalQuantity} onChange={set('totalQuantity')} />}
        </Field>
        <Field label={t('coupons.console.perPersonLimit')} error={fe('perPersonLimit')}>
          {(p) => <input {...p} type="number" min={1} max={100} required value={v.perPersonLimit} onChange={set('perPersonLimit')} />}
        </Field>
      </div>
      <div className="coupon-form-row">
        <Field label={t('coupons.console.claimStartsAt')} error={fe('claimStartsAt')}>
          {(p) => <input {...p} type="datetime-local" required value={v.claimStartsAt} onChange={set('claimStartsAt')} />}
        </Field>
        <Field label={t('coupons.console.claimEndsAt')} error={fe('claimEndsAt')}>
          {(p) => <input {...p} type="datetime-local" required value={v.claimEndsAt} onChange={set('claimEndsAt')} />}
        </Field>
      </div>
      <Field label={t('coupons.console.useWindow')}>
        {(p) => (
          <select {...p} value={v.useWindow} onChange={set('useWindow')}>
            {enumValues.CouponUseWindow.map((k) => <option key={k} value={k}>{stateLabel(t, 'CouponUseWindow', k)}</option>)}
          </select>
        )}
      </Field>
      {v.useWindow === 'days' ? (
        <Field label={t('coupons.console.useDays')} error={fe('useDays')}>
          {(p) => <input {...p} type="number" min={1} required value={v.useDays} onChange={set('useDays')} />}
        </Field>
      ) : (
        <div className="coupon-form-row">
          <Field label={t('coupons.console.useStartsAt')}>{(p) => <input {...p} type="datetime-local" required value={v.useStartsAt} onChange={set('useStartsAt')} />}</Field>
          <Field label={t('coupons.console.useEndsAt')}>{(p) => <input {...p} type="datetime-local" required value={v.useEndsAt} onChange={set('useEndsAt')} />}</Field>
        </div>
      )}
      {formError && <p className="alert alert--error" role="alert">{formError}</p>}
      <FormActions busy={save.isPending} label={t('coupons.console.create')} onCancel={onDone} />
    </form>
  );
}
