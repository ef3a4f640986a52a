// Bulk actions on the selected categories: choose an action, preview what changes, then apply in one audited transaction.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { client, data } from '../lib/api.ts';
import { parseMajorAmount } from '../lib/format.ts';
import { stateLabel } from '../lib/state-labels.ts';
import { POLICIES, type BulkAction, type BulkResult, type Policy } from '../lib/categories.ts';
import { BulkPreviewDialog } from './BulkPreviewDialog.tsx';

type ActionType = BulkAction['type'];
const ACTIONS: ActionType[] = ['set_policy', 'cut_deposit', 'zero_deposit', 'clear_zero_deposit'];
const MAX_CUT = 50;

export function BulkActionBar({ selected, onClear }: { selected: Set<number>; onClear: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [type, setType] = useState<ActionType>('set_policy');
  const [policy, setPolicy] = useState<Policy>('open');
  const [percent, setPercent] = useState('10');
  const [threshold, setThreshold] = useState('10000');
  const [formError, setFormError] = useState('');
  const [preview, setPreview] = useState<{ action: BulkAction; result: BulkResult } | null>(null);
  // On a phone the bar folds to one line until opened.
  const [open, setOpen] = useState(false);

  const body = (action: BulkAction) => ({ selection: { categoryIds: [...selected] }, action });
  const previewM = useMutation({
    mutationFn: (action: BulkAction) => data(client.POST('/api/operator/categories/bulk/preview', { body: body(action) })).then((result) => ({ action, result })),
    onSuccess: setPreview,
  });
  const applyM = useMutation({
    mutationFn: (action: BulkAction) => data(client.POST('/api/operator/categories/bulk/apply', { body: body(action) })),
    onSuccess: (r) => {
      announce(t('operator.bulk.applied', { count: r.changed }));
      setPreview(null);
      onClear();
      void qc.invalidateQueries({ queryKey: ['categories'] });
      void qc.invalidateQueries({ queryKey: ['operator', 'audit'] });
    },
  });

  if (selected.size === 0) return null;

  function buildAction(): BulkAction | null {
    setFormError('');
    switch (type) {
      case 'set_policy':
        return { type, policy };
      case 'cut_deposit': {
        const p = Number(percent.replace(',', '.'));
        if (!Number.isFinite(p) || p <= 0 || p > MAX_CUT || Math.round(p * 100) !== p * 100) {
          setFormError(t('operator.bulk.percentInvalid', { max: MAX_CUT }));
          return null;
        }
        return { type, percent: p };
      }
      case 'zero_deposit': {
        const minor = parseMajorAmount(threshold);
        if (minor == null) {
          setFormError(t('common.amountInvalid'));
          return null;
        }
        return { type, gmvThreshold: minor };
      }
      default:
        return { type: 'clear_zero_deposit' };
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const action = buildAction();
    if (action) previewM.mutate(action);
  }

  return (
    <>
      <form className={`bulk-bar${open ? ' bulk-bar--open' : ''}`} onSubmit={submit} aria-label={t('operator.bulk.title')} noValidate>
        <div className="bulk-bar__count">
          <strong>{t('operator.bulk.selected', { count: selected.size })}</strong>
          <button type="button" className="btn btn--ghost btn--sm" onClick={onClear}>
            {t('operator.bulk.clear')}
          </button>
          <button type="button" className="btn btn--sm btn--primary bulk-bar__toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
            {t('operator.bulk.title')} {open ? '▾' : '▴'}
          </button>
        </div>
        <div className="bulk-bar__fields">
        <Field label={t('operator.bulk.action')}>
          {(p) => (
            <select {...p} value={type} onChange={(e) => setType(e.target.value as ActionType)}>
              {ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {t(`operator.bulk.actions.${a}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {type === 'set_policy' && (
          <Field label={t('operator.bulk.newPolicy')}>
            {(p) => (
              <select {...p} value={policy} onChange={(e) => setPolicy(e.target.value as Policy)}>
                {POLICIES.map((x) => (
                  <option key={x} value={x}>
                    {stateLabel(t, 'AccessPolicy', x)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {type === 'cut_deposit' && (
          <Field label={t('operator.bulk.percent', { max: MAX_CUT })} error={formError || undefined}>
            {(p) => <input {...p} type="number" inputMode="decimal" min={0.01} max={MAX_CUT} step={0.01} required value={percent} onChange={(e) => setPercent(e.target.value)} />}
          </Field>
        )}
        {type === 'zero_deposit' && (
          <Field label={t('operator.bulk.threshold')} error={formError || undefined}>
            {(p) => <input {...p} inputMode="decimal" required value={threshold} onChange={(e) => setThreshold(e.target.value)} />}
          </Field>
        )}
        <button type="submit" className="btn btn--primary" disabled={previewM.isPending}>
          {previewM.isPending ? t('common.loading') : t('operator.bulk.preview')}
        </button>
        </div>
        {previewM.error != null && <ProblemAlert error={previewM.error} className="bulk-bar__error" />}
      </form>
      <BulkPreviewDialog
        preview={preview}
        applying={applyM.isPending}
        error={applyM.error}
        onApply={() => preview && applyM.mutate(preview.action)}
        onClose={() => {
          setPreview(null);
          applyM.reset();
        }}
      />
    </>
  );
}
