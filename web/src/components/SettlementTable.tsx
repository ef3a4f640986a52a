// Settled orders: gross paid, commission kept by the platform, net credited to the store. The merchant's balance
// ledger and the operator's platform ledger show the same rows (the operator's with the store); the merchant's also
// has its withdrawals (taken out, and what came back).
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format.ts';
import { shortId, type BalanceEntry } from '../lib/orders.ts';

type Row = Omit<BalanceEntry, 'withdrawalId'> & { withdrawalId?: string | null; storeId?: string; storeName?: string };
/** A withdrawal's entry (taken out, or what came back): no buyer, no commission, only the amount. */
const isWithdrawal = (e: Row) => e.kind === 'withdrawal' || e.kind === 'withdrawal_returned';
/** A profit-sharing return: what a withdrawal had paid of an order, taken back before that order's refund. */
const isReturn = (e: Row) => e.kind === 'profit_sharing_return';

export function SettlementTable({ entries, currency, orderLink, storeLink }: { entries: Row[]; currency: string; orderLink?: (orderId: string) => string; storeLink?: (storeId: string) => string }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className="table-wrap">
      <table className="table table--stack">
        <thead>
          <tr>
            <th scope="col">{t('orders.settlement.date')}</th>
            {storeLink && <th scope="col">{t('orders.settlement.store')}</th>}
            <th scope="col">{t('orders.settlement.order')}</th>
            <th scope="col" className="num">{t('orders.settlement.gross')}</th>
            <th scope="col" className="num">{t('orders.settlement.commission')}</th>
            <th scope="col" className="num">{t('orders.settlement.net')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <th scope="row">{f.dateTime(e.createdAt)}</th>
              {storeLink && <td data-label={t('orders.settlement.store')}>{e.storeId ? <Link to={storeLink(e.storeId)}>{e.storeName}</Link> : e.storeName}</td>}
              <td data-label={t('orders.settlement.order')}>
                {isWithdrawal(e) || !e.orderId ? (
                  <span>{t(`withdrawals.ledger.${e.kind === 'withdrawal_returned' ? 'withdrawal_returned' : 'withdrawal'}`)}</span>
                ) : orderLink ? (
                  <Link to={orderLink(e.orderId)} className="mono">{shortId(e.orderId)}</Link>
                ) : (
                  <span className="mono">{shortId(e.orderId)}</span>
                )}
                {isReturn(e) && <span className="sub">{t('profitSharing.ledger.returned')}</span>}
              </td>
              <td className="num" data-label={t('orders.settlement.gross')}>{isWithdrawal(e) || isReturn(e) ? '—' : f.money(e.gross, currency)}</td>
              <td className="num" data-label={t('orders.settlement.commission')}>{isWithdrawal(e) || isReturn(e) ? '—' : `−${f.money(e.commission, currency)}`}</td>
              <td className="num" data-label={t('orders.settlement.net')}><strong>{f.money(e.net, currency)}</strong></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
