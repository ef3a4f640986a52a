// How a field a bulk action changes on a category reads to a person: "Policy: Open", "Deposit: ¥2,500".
import { useTranslation } from 'react-i18next';
import type { BulkFields } from '../lib/categories.ts';
import { useFormat } from '../lib/format.ts';
import { stateLabel } from '../lib/state-labels.ts';

/** The fields of a before or after that are there, in a fixed order. */
export function changedFields(fields: BulkFields) {
  const keys = ['policy', 'deposit', 'reductionPercent', 'zeroDeposit', 'gmvThreshold'] as const satisfies readonly (keyof BulkFields)[];
  return keys.filter((k) => k in fields).map((k) => ({ key: k, fields }));
}

export function useChangeValue() {
  const { t } = useTranslation();
  const f = useFormat();
  return ({ key, fields }: ReturnType<typeof changedFields>[number]): string => {
    const label = t(`operator.fields.${key}`, { defaultValue: key });
    let text: string;
    if (key === 'policy') text = fields.policy ? stateLabel(t, 'AccessPolicy', fields.policy) : t('common.none');
    else if (key === 'deposit' || key === 'gmvThreshold') {
      const minor = fields[key];
      text = minor == null ? t('common.none') : f.money(minor);
    }
    else if (key === 'reductionPercent') text = fields.reductionPercent == null ? t('common.none') : f.percent(fields.reductionPercent);
    else text = fields.zeroDeposit == null ? t('common.none') : fields.zeroDeposit ? t('common.yes') : t('common.no');
    return `${label}: ${text}`;
  };
}
