import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format.ts';
import type { Deposit } from '../lib/types.ts';

/** Due, balance, owed and paid GMV as four figures. */
export function DepositSummary({ deposit }: { deposit: Deposit }) {
  const { t } = useTranslation();
  const f = useFormat();
  const cur = deposit.currency;
  return (
    <div className="stats">
      <div className="stat">
        <span className="stat__label">{t('deposit.due')}</span>
        <span className="stat__value">{f.money(deposit.due, cur)}</span>
      </div>
      <div className="stat">
        <span className="stat__label">{t('deposit.balance')}</span>
        <span className="stat__value">{f.money(deposit.balance, cur)}</span>
      </div>
      <div className={`stat${deposit.owed > 0 ? ' stat--warning' : ' stat--ok'}`}>
        <span className="stat__label">{t('deposit.owed')}</span>
        <span className="stat__value">{f.money(deposit.owed, cur)}</span>
        <span className="stat__note">{deposit.owed > 0 ? t('deposit.owedNote') : t('deposit.coveredNote')}</span>
      </div>
      <div className="stat">
        <span className="stat__label">{t('deposit.paidGmv')}</span>
        <span className="stat__value">{f.money(deposit.paidGmv, cur)}</span>
      </div>
    </div>
  );
}
