// "≈ 686.600 ₫" beside a real price: an approximate amount in the buyer's display currency, marked as such, for reading only.
import { useTranslation } from 'react-i18next';
import type { ApproxAmount } from '../lib/catalog.ts';
import { useFormat } from '../lib/format.ts';

export function ApproxPrice({ approx }: { approx: ApproxAmount | null | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!approx) return null;
  const amount = f.money(approx.amount, approx.currency);
  return (
    <span className="approx" title={t('approx.note')}>
      <span aria-hidden="true">≈ {amount}</span>
      <span className="visually-hidden">{t('approx.label', { amount })}</span>
    </span>
  );
}
