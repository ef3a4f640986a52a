// How a changed field of a category reads to a person: "Policy: Open", "Deposit: ¥2,500".
import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format.ts';

export function useChangeValue() {
  const { t } = useTranslation();
  const f = useFormat();
  return (key: string, value: unknown): string => {
    const label = t(`operator.fields.${key}`, { defaultValue: key });
    let text: string;
    if (value === null || value === undefined) text = t('common.none');
    else if (key === 'policy' && typeof value === 'string') text = t(`status.policy.${value}`);
    else if ((key === 'deposit' || key === 'gmvThreshold' || key === 'zeroDepositGmvThreshold') && typeof value === 'number') text = f.money(value);
    else if (key === 'reductionPercent' && typeof value === 'number') text = f.percent(value);
    else if ((key === 'commissionBp' || key === 'depositReductionBp') && typeof value === 'number') text = f.bp(value);
    else if (typeof value === 'boolean') text = value ? t('common.yes') : t('common.no');
    else text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    return `${label}: ${text}`;
  };
}
