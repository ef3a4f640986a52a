import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { client, data, type RequestBody } from '../lib/api.ts';
import { parseMajorAmount, useFormat } from '../lib/format.ts';
import { LEDGER_KINDS, type LedgerKind } from '../lib/types.ts';

/** Record a deposit payment received, a deduction (penalty) or a refund. */
export function LedgerEntryForm({ storeId, balance }: { storeId: string; balance: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [kind, setKind] = useState<LedgerKind>('payment');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [amountError, setAmountError] = useState('');
  const record = useMutation({
    mutationFn: (body: RequestBody<'/api/operator/stores/{storeId}/deposit-ledger', 'post'>) => data(client.POST('/api/operator/stores/{storeId}/deposit-ledger', { params: { path: { storeId } }, body })),
    onSuccess: (r) => {
      announce(t('operator.store.recorded', { balance: f.money(r.balance) }));
      setAmount('');
      setNote('');
      void qc.invalidateQueries({ queryKey: ['operator'] });
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    const minor = parseMajorAmount(amount);
    if (minor == null || minor <= 0) return setAmountError(t('common.amountInvalid'));
    setAmountError('');
    record.mutate({ kind, amount: minor, note: note.trim() || undefined });
  }
  return (
    <form className="form form--inline" onSubmit={submit}>
      <ProblemAlert error={record.error} className="form__full" />
      <Field label={t('deposit.kind')}>
        {(p) => (
          <select {...p} value={kind} onChange={(e) => setKind(e.target.value as LedgerKind)}>
            {LEDGER_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`ledgerKind.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('deposit.amount')} error={amountError || undefined} hint={kind !== 'payment' ? t('operator.store.balanceHint', { balance: f.money(balance) }) : undefined}>
        {(p) => (
          <div className="input-affix">
            <span aria-hidden="true">¥</span>
            <input {...p} inputMode="decimal" required value={amount} onChange={(e) => setAmount(e.target.value)} />
          </div>
        )}
      </Field>
      <Field label={t('deposit.note')} optional optionalText={t('common.optional')}>
        {(p) => <input {...p} maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <button type="submit" className="btn btn--primary" disabled={record.isPending}>
        {record.isPending ? t('common.saving') : t('operator.store.record')}
      </button>
    </form>
  );
}
