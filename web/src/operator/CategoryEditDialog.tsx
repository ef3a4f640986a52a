// Edit one category: deposit (blank inherits), commission (blank inherits), seven-day return and policy of a third-level one.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/Dialog.tsx';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { ApiError, client, data } from '../lib/api.ts';
import { POLICIES, type CategoryIndex, type CategoryNode, type CategoryPatch, type Policy } from '../lib/categories.ts';
import { parseMajorAmount, useFormat } from '../lib/format.ts';
import { stateLabel } from '../lib/state-labels.ts';
import { FormActions } from '../components/FormActions.tsx';

type Patch = CategoryPatch;

export function CategoryEditDialog({ node, index, onClose }: { node: CategoryNode | null; index: CategoryIndex; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Dialog open={!!node} title={node ? t('operator.edit.title', { name: f.name(node.names) }) : ''} onClose={onClose}>
      {node && <EditForm key={node.id} node={node} index={index} onDone={onClose} />}
    </Dialog>
  );
}

function EditForm({ node, index, onDone }: { node: CategoryNode; index: CategoryIndex; onDone: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const parent = node.parentId == null ? undefined : index.byId.get(node.parentId);
  const [deposit, setDeposit] = useState(node.deposit == null ? '' : String(node.deposit / 100));
  // The tree gives the effective commission and the one set here (null: inherited); a first level always shows its own.
  const ownCommission = !parent || node.ownCommissionBp != null;
  const [commission, setCommission] = useState(ownCommission ? String(node.commissionBp / 100) : '');
  const [sevenDay, setSevenDay] = useState(node.sevenDayReturn);
  const [policy, setPolicy] = useState<Policy>(node.policy);
  const [giftExcluded, setGiftExcluded] = useState(node.giftExcluded);
  // Excluded by an ancestor: this category cannot switch it back on for itself.
  const excludedAbove = !node.giftExcluded && node.giftExcludedEffective;
  const [errors, setErrors] = useState<{ deposit?: string; commission?: string }>({});

  const save = useMutation({
    mutationFn: (patch: Patch) => data(client.PATCH('/api/operator/categories/{categoryId}', { params: { path: { categoryId: node.id } }, body: patch })),
    onSuccess: () => {
      announce(t('operator.edit.saved', { name: f.name(node.names) }));
      void qc.invalidateQueries({ queryKey: ['categories'] });
      void qc.invalidateQueries({ queryKey: ['operator', 'audit'] });
      onDone();
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const errs: typeof errors = {};
    const patch: Patch = {};
    const dep = deposit.trim() === '' ? null : parseMajorAmount(deposit);
    if (deposit.trim() !== '' && dep == null) errs.deposit = t('common.amountInvalid');
    else if (dep == null && node.level === 1) errs.deposit = t('operator.edit.depositRequired');
    else if (dep !== node.deposit) patch.deposit = dep;
    const com = commission.trim() === '' ? null : Number(commission.replace(',', '.'));
    if (com != null && (!Number.isFinite(com) || com < 0 || com > 100)) errs.commission = t('operator.edit.commissionInvalid');
    else {
      const bp = com == null ? null : Math.round(com * 100);
      if (bp !== (ownCommission ? node.commissionBp : null)) patch.commissionBp = bp;
    }
    if (node.level === 3 && sevenDay !== node.sevenDayReturn) patch.sevenDayReturn = sevenDay;
    if (node.level === 3 && policy !== node.policy) patch.policy = policy;
    if (giftExcluded !== node.giftExcluded) patch.giftExcluded = giftExcluded;
    setErrors(errs);
    if (Object.keys(errs).length) return;
    if (Object.keys(patch).length === 0) return onDone();
    save.mutate(patch);
  }

  const serverError = (field: string) => (save.error instanceof ApiError ? save.error.fieldError(field) : undefined);
  const inheritedDeposit = parent ? f.money(parent.effectiveDeposit, node.currency) : '';
  const inheritedCommission = parent ? f.bp(parent.commissionBp) : '';

  return (
    <form className="form" onSubmit={submit}>
      <p className="muted">
        {index.chain(node.id).map((c) => f.name(c.names)).join(' › ')} · <code>{node.code}</code>
      </p>
      <ProblemAlert error={save.error} />
      <Field
        label={t('operator.edit.deposit')}
        hint={node.level === 1 ? t('operator.edit.depositHintRoot') : t('operator.edit.depositHint', { amount: inheritedDeposit })}
        error={errors.deposit ?? serverError('deposit')}
      >
        {(p) => (
          <div className="input-affix">
            <span aria-hidden="true">¥</span>
            <input {...p} inputMode="decimal" value={deposit} placeholder={parent ? String(parent.effectiveDeposit / 100) : ''} onChange={(e) => setDeposit(e.target.value)} />
          </div>
        )}
      </Field>
      <Field
        label={t('operator.edit.commission')}
        hint={parent ? t('operator.edit.commissionHint', { value: inheritedCommission }) : undefined}
        error={errors.commission ?? serverError('commissionBp')}
      >
        {(p) => (
          <div className="input-affix input-affix--end">
            <input {...p} inputMode="decimal" value={commission} placeholder={parent ? String(parent.commissionBp / 100) : ''} onChange={(e) => setCommission(e.target.value)} />
            <span aria-hidden="true">%</span>
          </div>
        )}
      </Field>
      {node.level === 3 && (
        <>
          <Field label={t('operator.edit.policy')}>
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
          <label className="check">
            <input type="checkbox" checked={sevenDay} onChange={(e) => setSevenDay(e.target.checked)} />
            <span>{t('operator.edit.sevenDay')}</span>
          </label>
        </>
      )}
      <div className="field">
        <label className="switch">
          <input type="checkbox" role="switch" checked={giftExcluded || excludedAbove} disabled={excludedAbove} onChange={(e) => setGiftExcluded(e.target.checked)} />
          <span>{t('gifts.operator.exclude')}</span>
        </label>
        <p className="field__hint">{excludedAbove ? t('gifts.operator.excludedAbove') : t('gifts.operator.excludeHint')}</p>
      </div>
      <FormActions busy={save.isPending} onCancel={onDone} />
    </form>
  );
}

