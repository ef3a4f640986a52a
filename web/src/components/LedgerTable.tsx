import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format.ts';
import { shortId } from '../lib/orders.ts';
import type { LedgerEntry } from '../lib/types.ts';
import { EmptyState } from './States.tsx';

export function LedgerTable({ entries, currency }: { entries: LedgerEntry[]; currency: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (entries.length === 0) return <EmptyState title={t('deposit.noEntries')}>{t('deposit.noEntriesText')}</EmptyState>;
  return (
    <div className="table-wrap">
      <table className="table table--stack">
        <thead>
          <tr>
            <th scope="col">{t('deposit.date')}</th>
            <th scope="col">{t('deposit.kind')}</th>
            <th scope="col" className="num">{t('deposit.amountColumn')}</th>
            <th scope="col" className="num">{t('deposit.balanceAfter')}</th>
            <th scope="col">{t('deposit.note')}</th>
          </tr>
        </thead>
        <tbody>
          {[...entries].reverse().map((e) => (
            <tr key={e.id}>
              <th scope="row">{f.dateTime(e.createdAt)}</th>
              <td data-label={t('deposit.kind')}>
                <span className={`tag tag--${e.kind === 'payment' ? 'success' : e.kind === 'deduction' ? 'danger' : 'info'}`}>{t(`ledgerKind.${e.kind}`)}</span>
              </td>
              <td className="num" data-label={t('deposit.amountColumn')}>
                {e.kind === 'payment' ? '+' : '−'}
                {f.money(e.amount, e.currency || currency)}
              </td>
              <td className="num" data-label={t('deposit.balanceAfter')}>
                {f.money(e.balance, e.currency || currency)}
              </td>
              <td data-label={t('deposit.note')}>{e.note ?? (e.paymentId ? t('deposit.paidOnline', { ref: shortId(e.paymentId) }) : <span className="muted">—</span>)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
