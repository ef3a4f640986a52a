import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/Dialog.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { useFormat } from '../lib/format.ts';
import type { BulkAction, BulkResult } from '../lib/categories.ts';
import { changedFields, useChangeValue } from './change-value.ts';

type Props = { preview: { action: BulkAction; result: BulkResult } | null; applying: boolean; error: unknown; onApply(): void; onClose(): void };

export function BulkPreviewDialog({ preview, applying, error, onApply, onClose }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const show = useChangeValue();
  const r = preview?.result;
  return (
    <Dialog open={!!preview} title={t('operator.bulk.previewTitle')} onClose={onClose} wide>
      {r && preview && (
        <>
          <p className="lead">
            <strong>{t(`operator.bulk.actions.${preview.action.type}`)}</strong> — {t('operator.bulk.previewSummary', { changed: r.changed, selected: r.selected })}
          </p>
          {r.changed === 0 ? (
            <p className="alert alert--info">{t('operator.bulk.nothing')}</p>
          ) : (
            <div className="table-wrap preview-table">
              <table className="table table--compact">
                <thead>
                  <tr>
                    <th scope="col">{t('operator.categories.col.category')}</th>
                    <th scope="col">{t('operator.bulk.before')}</th>
                    <th scope="col">{t('operator.bulk.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.changes.map((c) => (
                    <tr key={c.categoryId}>
                      <td>
                        {f.name(c.names)}
                        <code className="sub">{c.code}</code>
                      </td>
                      <td>
                        {changedFields(c.before).map((x) => (
                          <div key={x.key} className="change change--before">
                            {show(x)}
                          </div>
                        ))}
                      </td>
                      <td>
                        {changedFields(c.after).map((x) => (
                          <div key={x.key} className="change change--after">
                            {show(x)}
                          </div>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <ProblemAlert error={error} />
          <div className="btn-row dialog__actions">
            {r.changed > 0 && (
              <button type="button" className="btn btn--primary" onClick={onApply} disabled={applying}>
                {applying ? t('common.saving') : t('operator.bulk.apply', { count: r.changed })}
              </button>
            )}
            <button type="button" className="btn btn--ghost" onClick={onClose}>
              {t('common.cancel')}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
