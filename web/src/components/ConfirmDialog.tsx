import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog.tsx';
import { ProblemAlert } from './States.tsx';

type Props = { open: boolean; title: string; confirmLabel: string; danger?: boolean; busy?: boolean; error?: unknown; onConfirm(): void; onClose(): void; children: ReactNode };

/** Asks before an action that is hard to undo. */
export function ConfirmDialog({ open, title, confirmLabel, danger, busy, error, onConfirm, onClose, children }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} title={title} onClose={onClose}>
      <div className="confirm-text">{children}</div>
      <ProblemAlert error={error} />
      <div className="btn-row dialog__actions">
        <button type="button" className={`btn ${danger ? 'btn--danger' : 'btn--primary'}`} disabled={busy} onClick={onConfirm}>
          {busy ? t('common.saving') : confirmLabel}
        </button>
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </Dialog>
  );
}
