// Asks for the reason of a refusal (rejecting an application, failing a review) before confirming it.
import { useState, type FormEvent, type ReactNode } from 'react';
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

type DecisionProps = {
  /** The buttons that decide without a reason (approve, pass, grant). */
  children: ReactNode;
  /** The button that refuses: it asks for the reason first. */
  refuseLabel: string;
  refuseAriaLabel?: string;
  reasonLabel: string;
  reasonHint: string;
  confirmLabel: string;
  pending: boolean;
  onRefuse(reason: string): void;
};

/** An operator's decision: the buttons that say yes, and one that says no after asking why (ReasonForm). */
export function DecisionButtons({ children, refuseLabel, refuseAriaLabel, reasonLabel, reasonHint, confirmLabel, pending, onRefuse }: DecisionProps) {
  const [refusing, setRefusing] = useState(false);
  return !refusing ? (
    <div className="btn-row">
      {children}
      <button type="button" className="btn btn--danger-outline" disabled={pending} aria-label={refuseAriaLabel} onClick={() => setRefusing(true)}>
        {refuseLabel}
      </button>
    </div>
  ) : (
    <ReasonForm label={reasonLabel} hint={reasonHint} confirmLabel={confirmLabel} pending={pending} onConfirm={onRefuse} onCancel={() => setRefusing(false)} />
  );
}
