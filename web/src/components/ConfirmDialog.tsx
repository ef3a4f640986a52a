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

type RowProps<T> = {
  /** The row asked about: the dialog is open while there is one. */
  row: T | null;
  /** The action on the row (a mutation): its progress and error are shown, and closing forgets the error. */
  action: { isPending: boolean; error: unknown; mutate(row: T): void; reset(): void };
  title: string;
  confirmLabel: string;
  onClose(): void;
  children: (row: T) => ReactNode;
};

/** Asks before a hard-to-undo action on one row of a list (revoke, archive, close, remove). */
export function ConfirmRowDialog<T>({ row, action, title, confirmLabel, onClose, children }: RowProps<T>) {
  return (
    <ConfirmDialog
      open={row !== null}
      title={title}
      confirmLabel={confirmLabel}
      danger
      busy={action.isPending}
      error={action.error}
      onConfirm={() => row !== null && action.mutate(row)}
      onClose={() => {
        onClose();
        action.reset();
      }}
    >
      {row !== null && children(row)}
    </ConfirmDialog>
  );
}
