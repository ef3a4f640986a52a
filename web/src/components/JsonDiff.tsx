// A readable before -> after of two JSON values: one line per changed field, arrays of records keyed by their id or code.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format.ts';

type Flat = Map<string, unknown>;

/** Fields that hold money in minor units. */
const MONEY_KEYS = new Set(['balance', 'amount', 'deposit', 'due', 'gmvThreshold', 'zeroDepositGmvThreshold', 'paidGmv']);

function short(v: unknown): string {
  if (v === undefined) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 90 ? `${s.slice(0, 87)}…` : s;
}

function flatten(value: unknown, prefix: string, out: Flat) {
  if (Array.isArray(value)) {
    if (value.length && value.every((x) => x && typeof x === 'object' && !Array.isArray(x) && ('code' in x || 'id' in x))) {
      for (const item of value as Record<string, unknown>[]) {
        const key = String(item.code ?? item.id);
        const rest = Object.fromEntries(Object.entries(item).filter(([k]) => k !== 'id' && k !== 'code'));
        flatten(rest, `${prefix}[${key}]`, out);
      }
      return;
    }
    out.set(prefix, value);
    return;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) out.set(prefix, value);
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  if (prefix) out.set(prefix, value);
}

export type DiffRow = { path: string; before: unknown; after: unknown; kind: 'added' | 'removed' | 'changed' | 'same' };

export function diffJson(before: unknown, after: unknown): DiffRow[] {
  const a: Flat = new Map();
  const b: Flat = new Map();
  flatten(before, '', a);
  flatten(after, '', b);
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  return keys.map((path) => {
    const x = a.get(path);
    const y = b.get(path);
    const kind = !a.has(path) ? 'added' : !b.has(path) ? 'removed' : JSON.stringify(x) === JSON.stringify(y) ? 'same' : 'changed';
    return { path, before: x, after: y, kind };
  });
}

const LIMIT = 12;

export function JsonDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [all, setAll] = useState(false);
  // Amounts read as money; every other value is the record's own data (ids, states, codes): shown as code.
  const show = (path: string, v: unknown) => {
    const key = path.split(/[.\]]/).filter(Boolean).pop()?.replace(/^\[/, '') ?? '';
    return typeof v === 'number' && MONEY_KEYS.has(key) ? f.money(v) : <code className="diff__value">{short(v)}</code>;
  };
  const rows = diffJson(before, after).filter((r) => r.kind !== 'same');
  if (rows.length === 0) return null;
  const shown = all ? rows : rows.slice(0, LIMIT);
  return (
    <div className="diff">
      <table className="diff__table">
        <caption className="visually-hidden">{t('audit.diffCaption')}</caption>
        <colgroup>
          <col className="diff__col-path" />
          <col />
          <col className="diff__col-arrow" />
          <col />
        </colgroup>
        <thead className="visually-hidden">
          <tr>
            <th scope="col">{t('audit.field')}</th>
            <th scope="col">{t('audit.before')}</th>
            <th scope="col">→</th>
            <th scope="col">{t('audit.after')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.path} className={`diff__row diff__row--${r.kind}`}>
              <th scope="row" className="diff__path">
                <code>{r.path}</code>
              </th>
              <td className="diff__before">{r.kind === 'added' ? <span className="muted">—</span> : <del>{show(r.path, r.before)}</del>}</td>
              <td className="diff__arrow" aria-hidden="true">
                →
              </td>
              <td className="diff__after">{r.kind === 'removed' ? <span className="muted">—</span> : <ins>{show(r.path, r.after)}</ins>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > LIMIT && (
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? t('audit.showFewer') : t('audit.showAll', { count: rows.length })}
        </button>
      )}
    </div>
  );
}
