// Filter controls above a list: a search box and "one of these values or all", and the state of both (changing
// either starts at page one).
import { useState } from 'react';
import { useSearchParams } from 'react-router';
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

/**
 * The filters of a paged list: a state kept in the address (?state=), search words, and the page offset; changing
 * a filter goes back to page one. `clearButton` resets them all.
 */
export function useListFilters<S extends string>(states: readonly S[]) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('state') ?? '';
  const state: S | '' = (states as readonly string[]).includes(raw) ? (raw as S) : '';
  const [offset, setOffset] = useState(0);
  const [text, setTextState] = useState('');
  const q = text.trim();
  const filtered = !!(state || q);
  const setText = (v: string) => {
    setTextState(v);
    setOffset(0);
  };
  const setState = (v: S | '') => {
    setParams(v ? { state: v } : {}, { replace: true });
    setOffset(0);
  };
  const clearButton = filtered ? (
    <button
      type="button"
      className="btn btn--ghost"
      onClick={() => {
        setParams({}, { replace: true });
        setTextState('');
        setOffset(0);
      }}
    >
      {t('common.clearFilters')}
    </button>
  ) : null;
  return { state, setState, text, setText, q, offset, setOffset, filtered, clearButton };
}

/** The filter bar of a paged list: search words, one state or all, and the clear button, over useListFilters. */
export function ListFilterBar<S extends string>({ filters, search, stateLabel, states, stateName }: {
  filters: ReturnType<typeof useListFilters<S>>;
  search: { label: string; hint: string };
  stateLabel: string;
  states: readonly S[];
  stateName: (s: S) => string;
}) {
  return (
    <div className="filters">
      <SearchFilter label={search.label} hint={search.hint} value={filters.text} onChange={filters.setText} />
      <SelectFilter<S> label={stateLabel} value={filters.state} options={states.map((s) => ({ value: s, label: stateName(s) }))} onChange={filters.setState} />
      {filters.clearButton}
    </div>
  );
}
