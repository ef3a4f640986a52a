// A price breakdown (lib/pricing-view.ts) as a definition list: each step's label and amount, discounts negative.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format.ts';
import type { PriceLine } from '../lib/pricing-view.ts';

export function PriceLines({ lines, currency, label }: { lines: PriceLine[]; currency: string; label: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <dl className="price-lines" aria-label={label}>
      {lines.map((l) => (
        <div key={l.kind} className={`price-lines__row${l.emphasis ? ' price-lines__row--total' : ''}`} data-kind={l.kind}>
          <dt>{t(l.labelKey, { points: l.points })}</dt>
          <dd>{l.amount < 0 ? `−${f.money(-l.amount, currency)}` : f.money(l.amount, currency)}</dd>
        </div>
      ))}
    </dl>
  );
}
