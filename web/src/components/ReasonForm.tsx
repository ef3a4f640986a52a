// Asks for the reason of a refusal (rejecting an application, failing a review) before confirming it.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from './Field.tsx';

type Props = {
  label: string;
  hint: string;
  confirmLabel: string;
  pending: boolean;
  onConfirm(reason: string): void;
  onCancel(): void;
};

export function ReasonForm({ label, hint, confirmLabel, pending, onConfirm, onCancel }: Props) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  function submit(e: FormEvent) {
    e.preventDefault();
    onConfirm(reason.trim());
  }
  return (
    <form onSubmit={submit} className="form reject-form">
      <Field label={label} hint={hint}>
        {(p) => <textarea {...p} required minLength={2} maxLength={500} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />}
      </Field>
      <div className="btn-row">
        <button type="submit" className="btn btn--danger" disabled={pending || reason.trim().length < 2}>
          {confirmLabel}
        </button>
        <button type="button" className="btn btn--ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
