// One-click price change for many products: choose what (all / a category / the selected products, which it starts
// from when rows are ticked) and how (by an amount in yuan or by a percentage), preview every SKU's old and new price,
// then apply all or none.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { client, data } from '../lib/api.ts';
import { attrsLabel, bulkScope, type BulkScope, type BulkScopeChoice, type PriceChange, type PriceResult, type PriceSelection } from '../lib/catalog.ts';
import { parseMajorAmount, useFormat } from '../lib/format.ts';
import type { StoreDetail } from '../lib/types.ts';

type How = 'amount' | 'percent';

/** "-12.5" -> -12.5 with at most two decimals, or null. */
function parsePercent(text: string): number | null {
  const clean = text.trim().replace(',', '.');
  if (!/^[+-]?\d+(\.\d{1,2})?$/.test(clean)) return null;
  const n = Number(clean);
  return n === 0 ? null : n;
}

export function BulkPrice({ store, selected, onDone }: { store: StoreDetail; selected: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const approved = store.applications.filter((a) => a.status === 'approved');
  // Starts from the ticked rows when there are any (see bulkScope), else from the whole store.
  const [choice, setChoice] = useState<BulkScopeChoice | null>(null);
  const scope = bulkScope(choice, selected.length, approved.length > 0);
  const [categoryId, setCategoryId] = useState<number>(approved[0]?.categoryId ?? 0);
  const [how, setHow] = useState<How>('percent');
  const [direction, setDirection] = useState<'up' | 'down'>('up');
  const [value, setValue] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [preview, setPreview] = useState<{ body: { selection: PriceSelection; change: PriceChange }; result: PriceResult } | null>(null);

  function body(): { selection: PriceSelection; change: PriceChange } | null {
    const selection: PriceSelection = scope === 'all' ? { all: true } : scope === 'category' ? { categoryId } : { productIds: selected };
    const sign = direction === 'down' ? -1 : 1;
    if (how === 'amount') {
      const fen = parseMajorAmount(value);
      if (!fen) return null;
      return { selection, change: { type: 'amount', delta: sign * fen } };
    }
    const pct = parsePercent(value);
    if (pct == null || pct < 0) return null;
    return { selection, change: { type: 'percent', percent: sign * pct } };
  }
  const previewM = useMutation({
    mutationFn: (b: { selection: PriceSelection; change: PriceChange }) => data(client.POST('/api/merchant/stores/{storeId}/prices/preview', { params: { path: { storeId: store.id } }, body: b })),
    onSuccess: (result, b) => setPreview({ body: b, result }),
  });
  const apply = useMutation({
    mutationFn: (b: { selection: PriceSelection; change: PriceChange }) => data(client.POST('/api/merchant/stores/{storeId}/prices/apply', { params: { path: { storeId: store.id } }, body: b })),
    onSuccess: (r) => {
      setPreview(null);
      setValue('');
      onDone();
      announce(t('catalog.bulk.applied', { count: r.count }));
      void qc.invalidateQueries({ queryKey: ['merchant', 'products', store.id] });
      void qc.invalidateQueries({ queryKey: ['merchant', 'product'] });
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    const b = body();
    setInvalid(!b);
    if (b) previewM.mutate(b);
  }
  return (
    <section className="card" aria-labelledby="bulk-h">
      <h2 id="bulk-h">{t('catalog.bulk.title')}</h2>
      <p className="muted">{t('catalog.bulk.text')}</p>
      <form className="form form--inline bulk-price" onSubmit={submit}>
        <Field label={t('catalog.bulk.scope')}>
          {(p) => (
            <select {...p} value={scope} onChange={(e) => setChoice({ scope: e.target.value as BulkScope, withSelection: selected.length > 0 })}>
              <option value="all">{t('catalog.bulk.scopeAll')}</option>
              <option value="category" disabled={approved.length === 0}>
                {t('catalog.bulk.scopeCategory')}
              </option>
              <option value="selected" disabled={selected.length === 0}>
                {t('catalog.bulk.scopeSelected', { count: selected.length })}
              </option>
            </select>
          )}
        </Field>
        {scope === 'category' && (
          <Field label={t('catalog.merchant.category')}>
            {(p) => (
              <select {...p} value={categoryId} onChange={(e) => setCategoryId(Number(e.target.value))}>
                {approved.map((a) => (
                  <option key={a.categoryId} value={a.categoryId}>
                    {a.category.path.concat(a.category.names).map((n) => f.name(n)).join(' › ')}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t('catalog.bulk.direction')}>
          {(p) => (
            <select {...p} value={direction} onChange={(e) => setDirection(e.target.value as 'up' | 'down')}>
              <option value="up">{t('catalog.bulk.up')}</option>
              <option value="down">{t('catalog.bulk.down')}</option>
            </select>
          )}
        </Field>
        <Field label={t('catalog.bulk.how')}>
          {(p) => (
            <select {...p} value={how} onChange={(e) => setHow(e.target.value as How)}>
              <option value="percent">{t('catalog.bulk.byPercent')}</option>
              <option value="amount">{t('catalog.bulk.byAmount')}</option>
            </select>
          )}
        </Field>
        <Field label={how === 'percent' ? t('catalog.bulk.percent') : t('catalog.bulk.amount')} error={invalid ? (how === 'percent' ? t('catalog.bulk.percentInvalid') : t('common.amountInvalid')) : undefined}>
          {(p) => <input {...p} inputMode="decimal" required value={value} onChange={(e) => setValue(e.target.value)} />}
        </Field>
        <button type="submit" className="btn" disabled={previewM.isPending}>
          {t('catalog.bulk.preview')}
        </button>
      </form>
      <ProblemAlert error={previewM.error} />
      <Dialog
        wide
        open={!!preview}
        title={t('catalog.bulk.previewTitle')}
        onClose={() => {
          setPreview(null);
          apply.reset();
        }}
      >
        {preview && (
          <>
            <p>{t('catalog.bulk.previewCount', { count: preview.result.count })}</p>
            {preview.result.changes.length > 0 && (
              <div className="table-wrap preview-table">
                <table className="table table--compact">
                  <thead>
                    <tr>
                      <th scope="col">{t('catalog.merchant.product')}</th>
                      <th scope="col">{t('catalog.editor.sku')}</th>
                      <th scope="col" className="num">
                        {t('catalog.bulk.old')}
                      </th>
                      <th scope="col" className="num">
                        {t('catalog.bulk.new')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.result.changes.slice(0, 200).map((c) => (
                      <tr key={c.skuId}>
                        <th scope="row">{c.title}</th>
                        <td>{attrsLabel(c.attrs) || '—'}</td>
                        <td className="num">{f.money(c.oldPrice, store.currency)}</td>
                        <td className="num">
                          <strong>{f.money(c.newPrice, store.currency)}</strong>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {preview.result.changes.length > 200 && <p className="muted small">{t('catalog.bulk.more', { count: preview.result.changes.length - 200 })}</p>}
            <ProblemAlert error={apply.error} />
            <div className="btn-row dialog__actions">
              <button type="button" className="btn btn--primary" disabled={apply.isPending || preview.result.count === 0} onClick={() => apply.mutate(preview.body)}>
                {apply.isPending ? t('common.saving') : t('catalog.bulk.apply', { count: preview.result.count })}
              </button>
              <button type="button" className="btn btn--ghost" onClick={() => setPreview(null)}>
                {t('common.cancel')}
              </button>
            </div>
          </>
        )}
      </Dialog>
    </section>
  );
}
