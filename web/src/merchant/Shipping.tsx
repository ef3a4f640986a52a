// The store's freight templates (运费模板): the list with what each charges, a form to make or change one (basis,
// fees, free above an amount, default, rules by region and regions not delivered to), and deleting one.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { Field } from '../components/Field.tsx';
import { FormActions } from '../components/FormActions.tsx';
import { EmptyState, ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { client, data, type Schemas } from '../lib/api.ts';
import { enumValues } from '../lib/api/schema.ts';
import { useFormat, parseMajorAmount } from '../lib/format.ts';
import { productRights } from '../lib/catalog.ts';
import { stateLabel } from '../lib/state-labels.ts';
import { useStoreContext } from './StorePage.tsx';

type Template = Schemas['FreightTemplate'];
type Basis = Schemas['FreightBasis'];
type RegionDraft = { region: string; delivers: boolean; firstFee: string; extraFee: string };
type Draft = { name: string; basis: Basis; firstUnits: string; firstFee: string; extraUnits: string; extraFee: string; freeAbove: string; isDefault: boolean; regions: RegionDraft[] };

/** Minor units as the merchant types them back (12.50). */
const major = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

const draftOf = (t: Template | null): Draft => ({
  name: t?.name ?? '', basis: t?.basis ?? 'flat', firstUnits: String(t?.firstUnits ?? 1), firstFee: major(t?.firstFee ?? 0), extraUnits: String(t?.extraUnits ?? 1),
  extraFee: major(t?.extraFee ?? 0), freeAbove: t?.freeAbove ? major(t.freeAbove) : '', isDefault: t?.isDefault ?? false,
  regions: (t?.regions ?? []).map((r) => ({ region: r.region, delivers: r.delivers, firstFee: major(r.firstFee), extraFee: major(r.extraFee) })),
});

export function Shipping() {
  const { t } = useTranslation();
  const { store } = useStoreContext();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const f = useFormat();
  const canWrite = productRights(store).write;
  const key = ['merchant', 'freight-templates', store.id];
  const path = { params: { path: { storeId: store.id } } };
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/freight-templates', { ...path, signal })) });
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const [removing, setRemoving] = useState<Template | null>(null);
  const remove = useMutation({
    mutationFn: (tpl: Template) => data(client.DELETE('/api/merchant/stores/{storeId}/freight-templates/{templateId}', { params: { path: { storeId: store.id, templateId: tpl.id } } })),
    onSuccess: () => {
      setRemoving(null);
      announce(t('shipping.list.removed'));
      void qc.invalidateQueries({ queryKey: key });
    },
  });

  const summary = (tpl: Template) => {
    const money = (n: number) => f.money(n, tpl.currency);
    const parts = [tpl.basis === 'free' ? stateLabel(t, 'FreightBasis', 'free') : tpl.basis === 'flat' ? t('shipping.summary.flat', { fee: money(tpl.firstFee) })
      : t(`shipping.summary.${tpl.basis}`, { fee: money(tpl.firstFee), first: tpl.firstUnits, extra: money(tpl.extraFee), step: tpl.extraUnits })];
    if (tpl.freeAbove) parts.push(t('shipping.summary.freeAbove', { amount: money(tpl.freeAbove) }));
    const rated = tpl.regions.filter((r) => r.delivers);
    if (rated.length) parts.push(t('shipping.summary.regions', { count: rated.length }));
    const not = tpl.regions.filter((r) => !r.delivers).map((r) => r.region);
    if (not.length) parts.push(t('shipping.summary.notDelivered', { regions: not.join(', ') }));
    return parts.join(' · ');
  };

  return (
    <section className="card" aria-labelledby="shipping-h">
      <div className="card__head">
        <h2 id="shipping-h">{t('shipping.title')}</h2>
        {canWrite && (
          <button type="button" className="btn btn--primary" onClick={() => setEditing('new')}>
            {t('shipping.list.create')}
          </button>
        )}
      </div>
      <p className="muted">{t('shipping.intro')}</p>
      {!canWrite && <p className="muted small">{t('catalog.rights.write')}</p>}
      <QueryBoundary query={query}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState icon="🚚" title={t('shipping.list.empty')} />
          ) : (
            <ul className="switch-list">
              {list.map((tpl) => (
                <li key={tpl.id} className="freight-row">
                  <div>
                    <strong>{tpl.name}</strong> {tpl.isDefault && <span className="badge badge--info">{t('shipping.list.isDefault')}</span>}
                    <div className="sub">{summary(tpl)}</div>
                    <div className="sub">{t('shipping.list.products', { count: tpl.products })}</div>
                  </div>
                  {canWrite && (
                    <div className="btn-row">
                      <button type="button" className="btn btn--ghost btn--sm" onClick={() => setEditing(tpl)} aria-label={`${t('shipping.list.edit')} ${tpl.name}`}>
                        {t('shipping.list.edit')}
                      </button>
                      <button type="button" className="btn btn--ghost btn--sm" onClick={() => setRemoving(tpl)} aria-label={`${t('shipping.list.remove')} ${tpl.name}`}>
                        {t('shipping.list.remove')}
                      </button>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </QueryBoundary>
      {editing && <TemplateForm storeId={store.id} template={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={() => void qc.invalidateQueries({ queryKey: key })} />}
      <ConfirmDialog
        open={!!removing}
        title={t('shipping.list.removeTitle', { name: removing?.name ?? '' })}
        confirmLabel={t('shipping.list.remove')}
        danger
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => setRemoving(null)}
      >
        {t('shipping.list.removeText')}
      </ConfirmDialog>
    </section>
  );
}

function TemplateForm({ storeId, template, onClose, onSaved }: { storeId: string; template: Template | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [d, setD] = useState<Draft>(() => draftOf(template));
  const [invalid, setInvalid] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const setRegion = (i: number, r: Partial<RegionDraft>) => setD((x) => ({ ...x, regions: x.regions.map((o, j) => (j === i ? { ...o, ...r } : o)) }));
  const save = useMutation({
    mutationFn: (body: Schemas['FreightTemplateFieldsInput']) =>
      template
        ? data(client.PUT('/api/merchant/stores/{storeId}/freight-templates/{templateId}', { params: { path: { storeId, templateId: template.id } }, body }))
        : data(client.POST('/api/merchant/stores/{storeId}/freight-templates', { params: { path: { storeId } }, body })),
    onSuccess: () => {
      announce(t('shipping.form.saved'));
      onSaved();
      onClose();
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    const amount = (s: string) => (s.trim() === '' ? 0 : parseMajorAmount(s));
    const fees = [d.firstFee, d.extraFee, ...d.regions.flatMap((r) => [r.firstFee, r.extraFee])].map(amount);
    const freeAbove = d.freeAbove.trim() ? parseMajorAmount(d.freeAbove) : null;
    if (fees.some((x) => x === null) || (d.freeAbove.trim() && !freeAbove)) return setInvalid(true);
    setInvalid(false);
    save.mutate({
      name: d.name.trim(), basis: d.basis, firstUnits: Math.max(1, Math.floor(Number(d.firstUnits)) || 1), firstFee: amount(d.firstFee)!,
      extraUnits: Math.max(1, Math.floor(Number(d.extraUnits)) || 1), extraFee: amount(d.extraFee)!, freeAbove, isDefault: d.isDefault,
      regions: d.regions.filter((r) => r.region.trim()).map((r) => ({ region: r.region.trim(), delivers: r.delivers, firstFee: amount(r.firstFee)!, extraFee: amount(r.extraFee)! })),
    });
  }
  const stepped = d.basis === 'piece' || d.basis === 'weight';
  const unit = d.basis === 'weight' ? 'Grams' : 'Pieces';
  return (
    <Dialog open title={template ? t('shipping.form.editTitle', { name: template.name }) : t('shipping.form.createTitle')} onClose={onClose} wide>
      <form className="form" onSubmit={submit}>
        <Field label={t('shipping.form.name')}>{(p) => <input {...p} required maxLength={60} value={d.name} onChange={(e) => set('name', e.target.value)} />}</Field>
        <Field label={t('shipping.form.basis')}>
          {(p) => (
            <select {...p} value={d.basis} onChange={(e) => set('basis', e.target.value as Basis)}>
              {enumValues.FreightBasis.map((b) => (
                <option key={b} value={b}>
                  {stateLabel(t, 'FreightBasis', b)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {d.basis !== 'free' && (
          <div className="form form--inline">
            {stepped && <Field label={t(`shipping.form.first${unit}`)}>{(p) => <input {...p} type="number" min={1} required value={d.firstUnits} onChange={(e) => set('firstUnits', e.target.value)} />}</Field>}
            <Field label={stepped ? t('shipping.form.firstFee') : t('shipping.form.flatFee')}>{(p) => <input {...p} inputMode="decimal" value={d.firstFee} onChange={(e) => set('firstFee', e.target.value)} />}</Field>
            {stepped && <Field label={t(`shipping.form.extra${unit}`)}>{(p) => <input {...p} type="number" min={1} required value={d.extraUnits} onChange={(e) => set('extraUnits', e.target.value)} />}</Field>}
            {stepped && <Field label={t('shipping.form.extraFee')}>{(p) => <input {...p} inputMode="decimal" value={d.extraFee} onChange={(e) => set('extraFee', e.target.value)} />}</Field>}
          </div>
        )}
        <Field label={t('shipping.form.freeAbove')} hint={t('shipping.form.freeAboveHint')}>
          {(p) => <input {...p} inputMode="decimal" value={d.freeAbove} onChange={(e) => set('freeAbove', e.target.value)} />}
        </Field>
        <label className="switch">
          <input type="checkbox" checked={d.isDefault} onChange={(e) => set('isDefault', e.target.checked)} />
          <span>{t('shipping.form.isDefault')}</span>
        </label>
        <fieldset className="fieldset">
          <legend>{t('shipping.form.regions')}</legend>
          <p className="muted small">{t('shipping.form.regionsHint')}</p>
          {d.regions.length === 0 && <p className="muted small">{t('shipping.form.noRegions')}</p>}
          {d.regions.map((r, i) => (
            <div key={i} className="form form--inline freight-region">
              <Field label={t('shipping.form.region')}>{(p) => <input {...p} required maxLength={60} value={r.region} onChange={(e) => setRegion(i, { region: e.target.value })} />}</Field>
              <label className="switch">
                <input type="checkbox" checked={r.delivers} onChange={(e) => setRegion(i, { delivers: e.target.checked })} />
                <span>{t('shipping.form.delivers')}</span>
              </label>
              {r.delivers && d.basis !== 'free' && (
                <Field label={stepped ? t('shipping.form.firstFee') : t('shipping.form.flatFee')}>{(p) => <input {...p} inputMode="decimal" value={r.firstFee} onChange={(e) => setRegion(i, { firstFee: e.target.value })} />}</Field>
              )}
              {r.delivers && stepped && <Field label={t('shipping.form.extraFee')}>{(p) => <input {...p} inputMode="decimal" value={r.extraFee} onChange={(e) => setRegion(i, { extraFee: e.target.value })} />}</Field>}
              <button type="button" className="btn btn--ghost btn--sm" onClick={() => set('regions', d.regions.filter((_, j) => j !== i))} aria-label={t('shipping.form.removeRegion', { region: r.region })}>
                ✕
              </button>
            </div>
          ))}
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => set('regions', [...d.regions, { region: '', delivers: true, firstFee: d.firstFee, extraFee: d.extraFee }])}>
            {t('shipping.form.addRegion')}
          </button>
        </fieldset>
        {invalid && <p className="field__error" role="alert">{t('common.amountInvalid')}</p>}
        <ProblemAlert error={save.error} />
        <FormActions busy={save.isPending} label={t('shipping.form.save')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
