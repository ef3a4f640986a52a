import { useTranslation } from 'react-i18next';

/** The submit and cancel buttons at the foot of a form in a dialog; the submit button says "Saving…" while busy. */
export function FormActions({ busy, label, onCancel }: { busy: boolean; label?: string; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="btn-row dialog__actions">
      <button type="submit" className="btn btn--primary" disabled={busy}>
        {busy ? t('common.saving') : (label ?? t('common.save'))}
      </button>
      <button type="button" className="btn btn--ghost" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
