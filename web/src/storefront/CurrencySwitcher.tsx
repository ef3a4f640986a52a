// Next to the language: the currency approximate prices are shown in (none, or one the operator has a rate into).
// Kept on the account when signed in, in this browser otherwise; display only, never used for payment.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useDisplayChoice, useDisplayCurrencies, type DisplayChoice } from '../lib/catalog.ts';

/** The choices offered: "none" and the currencies with a rate (the current one kept even if its rate went). */
export function useCurrencyOptions(current: string | undefined): string[] {
  const list = useDisplayCurrencies().data?.currencies ?? [];
  return current && !list.includes(current as never) ? [...list, current] : list;
}

export function CurrencySwitcher() {
  const { t } = useTranslation();
  const id = useId();
  const { currency, choose } = useDisplayChoice();
  const options = useCurrencyOptions(currency);
  if (options.length === 0) return null;
  return (
    <div className="lang-switch lang-switch--compact">
      <label htmlFor={id} className="visually-hidden">
        {t('approx.choose')}
      </label>
      <select id={id} data-testid="currency-switch" title={t('approx.note')} value={currency ?? 'none'} onChange={(e) => void choose(e.target.value as DisplayChoice)}>
        <option value="none">≈ {t('approx.off')}</option>
        {options.map((c) => (
          <option key={c} value={c}>
            ≈ {c}
          </option>
        ))}
      </select>
    </div>
  );
}
