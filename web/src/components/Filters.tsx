// Filter controls above a list: a search box and "one of these values or all". Changing either starts at page one.
import { useTranslation } from 'react-i18next';
import { Field } from './Field.tsx';

export function SearchFilter({ label, hint, value, onChange }: { label: string; hint?: string; value: string; onChange: (v: string) => void }) {
  return (
    <Field label={label} hint={hint} className="filters__search">
      {(p) => <input {...p} type="search" value={value} maxLength={100} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

export function SelectFilter<T extends string>({ label, value, options, onChange }: { label: string; value: T | ''; options: { value: T; label: string }[]; onChange: (v: T | '') => void }) {
  const { t } = useTranslation();
  return (
    <Field label={label}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value as T | '')}>
          <option value="">{t('common.all')}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
