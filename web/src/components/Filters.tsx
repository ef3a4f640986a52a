// Filter controls above a list: a search box and "one of these values or all", and the state of both (changing
// either starts at page one).
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Field } from './Field.tsx';
import { Segmented } from './Segmented.tsx';

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
 * The filters of a paged list: a state kept in the address (?state=, or the `param` given), search words, and the page
 * offset; changing a filter goes back to page one. Without the state in the address it is `fallback` ('' = all).
 * `clear` (and `clearButton`) resets them all; `filtered` says whether the list shows less than "all" by default.
 * With `textParam`, the search words start from that address parameter (a link can open the list searched).
 * `extras` are more "one of these or all" filters kept in the address under their names (e.g. { channel: CHANNELS }):
 * `extra[name]` is the value ('' = all); `setExtra` adds a history entry, so the back button goes to the filter before.
 */
export function useListFilters<S extends string, F extends S | '' = ''>(states: readonly S[], opts: { param?: string; fallback?: F; textParam?: string; extras?: Record<string, readonly string[]> } = {}) {
  const { t } = useTranslation();
  const param = opts.param ?? 'state';
  const fallback = (opts.fallback ?? '') as F;
  const [params, setParams] = useSearchParams();
  const raw = params.get(param) ?? '';
  const state: S | F = (states as readonly string[]).includes(raw) ? (raw as S) : fallback;
  const [offset, setOffset] = useState(0);
  const [text, setTextState] = useState(() => (opts.textParam && params.get(opts.textParam)) || '');
  const q = text.trim();
  const extras = opts.extras ?? {};
  const extra: Record<string, string> = Object.fromEntries(Object.entries(extras).map(([name, values]) => {
    const v = params.get(name) ?? '';
    return [name, values.includes(v) ? v : ''];
  }));
  const filtered = state !== fallback || !!q || Object.values(extra).some(Boolean);
  /** Sets one address parameter ('' removes it), keeping the others. */
  const setParam = (name: string, v: string, replace: boolean) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (v) next.set(name, v);
      else next.delete(name);
      return next;
    }, { replace });
    setOffset(0);
  };
  const setExtra = (name: string, v: string) => setParam(name, v, false);
  const setText = (v: string) => {
    setTextState(v);
    setOffset(0);
  };
  /** '' (or the fallback) goes back to the default. */
  const setState = (v: S | '') => setParam(param, v && v !== fallback ? v : '', true);
  const clear = () => {
    setParams({}, { replace: true });
    setTextState('');
    setOffset(0);
  };
  const clearButton = filtered ? (
    <button type="button" className="btn btn--ghost" onClick={clear}>
      {t('common.clearFilters')}
    </button>
  ) : null;
  return { state, setState, extra, setExtra, text, setText, q, offset, setOffset, filtered, clear, clearButton };
}

export type ListFilterState<S extends string, F extends S | '' = ''> = ReturnType<typeof useListFilters<S, F>>;

/**
 * The filter bar of a paged list over useListFilters: the state as a select beside the search words and the clear
 * button, or (`segmented`) as a row of toggle buttons that scrolls sideways on a phone; `all` adds an "all" choice.
 */
export function ListFilterBar<S extends string, F extends S | '' = ''>({ filters, search, state }: {
  filters: ListFilterState<S, F>;
  search?: { label: string; hint: string };
  state: { label: string; options: { value: S; label: string }[]; segmented?: boolean; all?: string };
}) {
  if (state.segmented) {
    const options: { value: S | ''; label: string }[] = state.all === undefined ? state.options : [{ value: '', label: state.all }, ...state.options];
    return (
      <div className="seg-scroll">
        <Segmented<S | ''> label={state.label} value={filters.state} options={options} onChange={filters.setState} />
      </div>
    );
  }
  return (
    <div className="filters">
      {search && <SearchFilter label={search.label} hint={search.hint} value={filters.text} onChange={filters.setText} />}
      <SelectFilter<S> label={state.label} value={filters.state} options={state.options} onChange={filters.setState} />
      {filters.clearButton}
    </div>
  );
}
