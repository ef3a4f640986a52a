// The operator's category tree: filter, expand, select at any level, bulk-change with a preview, edit one category.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/Shell.tsx';
import { EmptyState, ErrorState, Loading } from '../components/States.tsx';
import { Field } from '../components/Field.tsx';
import { fold, matchesText, POLICIES, useCategoryIndex, type CategoryIndex, type CategoryNode, type Policy } from '../lib/categories.ts';
import { useFormat } from '../lib/format.ts';
import { stateLabel } from '../lib/state-labels.ts';
import { CategoryRow } from './CategoryRow.tsx';
import { BulkActionBar } from './BulkActionBar.tsx';
import { CategoryEditDialog } from './CategoryEditDialog.tsx';

type Filters = { text: string; policy: Policy | ''; root: string };

/** The third-level ids that pass the filters. */
function visibleLeaves(index: CategoryIndex, f: Filters): Set<number> {
  const q = fold(f.text.trim());
  const out = new Set<number>();
  for (const leaf of index.leaves) {
    const chain = index.chain(leaf.id);
    if (f.root && String(chain[0].id) !== f.root) continue;
    if (f.policy && leaf.policy !== f.policy) continue;
    if (q && !chain.some((c) => matchesText(c, q))) continue;
    out.add(leaf.id);
  }
  return out;
}

export function CategoryTree() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { index, error, isPending, refetch } = useCategoryIndex();
  const [filters, setFilters] = useState<Filters>({ text: '', policy: '', root: '' });
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [editing, setEditing] = useState<CategoryNode | null>(null);

  const visible = useMemo(() => (index ? visibleLeaves(index, filters) : new Set<number>()), [index, filters]);
  const filtering = !!(filters.text.trim() || filters.policy);

  // Filtering opens every branch that has a match; choosing a first level opens it.
  useEffect(() => {
    if (!index) return;
    if (filtering) {
      const open = new Set<number>();
      for (const id of visible) for (const c of index.chain(id).slice(0, -1)) open.add(c.id);
      setExpanded(open);
    } else if (filters.root) setExpanded(new Set([Number(filters.root)]));
  }, [index, visible, filtering, filters.root]);

  if (isPending) return <Loading />;
  if (error || !index) return <ErrorState error={error} onRetry={() => refetch()} />;

  const visibleUnder = (n: CategoryNode) => index.leafIds(n).filter((id) => visible.has(id));
  const toggleSelect = (n: CategoryNode) => {
    const ids = visibleUnder(n);
    setSelected((prev) => {
      const next = new Set(prev);
      const all = ids.every((id) => next.has(id));
      for (const id of ids) all ? next.delete(id) : next.add(id);
      return next;
    });
  };
  const toggleExpand = (n: CategoryNode) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      next.has(n.id) ? next.delete(n.id) : next.add(n.id);
      return next;
    });

  const rows: CategoryNode[] = [];
  const walk = (n: CategoryNode) => {
    if (n.level === 3 ? !visible.has(n.id) : visibleUnder(n).length === 0) return;
    rows.push(n);
    if (n.level < 3 && expanded.has(n.id)) n.children.forEach(walk);
  };
  index.roots.forEach(walk);

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const allVisibleSelected = visible.size > 0 && [...visible].every((id) => selected.has(id));

  return (
    <>
      <PageHeader title={t('operator.categories.title')} subtitle={t('operator.categories.subtitle', { leaves: index.leaves.length, roots: index.roots.length })} />
      <div className="card filters">
        <Field label={t('operator.categories.search')} className="filters__search">
          {(p) => <input {...p} type="search" value={filters.text} placeholder={t('operator.categories.searchPlaceholder')} onChange={(e) => set({ text: e.target.value })} />}
        </Field>
        <Field label={t('operator.categories.policyFilter')}>
          {(p) => (
            <select {...p} value={filters.policy} onChange={(e) => set({ policy: e.target.value as Policy | '' })}>
              <option value="">{t('operator.categories.allPolicies')}</option>
              {POLICIES.map((x) => (
                <option key={x} value={x}>
                  {stateLabel(t, 'AccessPolicy', x)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('operator.categories.rootFilter')}>
          {(p) => (
            <select {...p} value={filters.root} onChange={(e) => set({ root: e.target.value })}>
              <option value="">{t('operator.categories.allRoots')}</option>
              {index.roots.map((r) => (
                <option key={r.id} value={r.id}>
                  {fmt.name(r.names)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="filters__buttons btn-row">
          <button type="button" className="btn btn--sm" onClick={() => setExpanded(new Set(index.roots.flatMap((r) => [r.id, ...r.children.map((c) => c.id)])))}>
            {t('operator.categories.expandAll')}
          </button>
          <button type="button" className="btn btn--sm" onClick={() => setExpanded(new Set())}>
            {t('operator.categories.collapseAll')}
          </button>
          <button
            type="button"
            className="btn btn--sm"
            onClick={() => setSelected((prev) => (allVisibleSelected ? new Set([...prev].filter((id) => !visible.has(id))) : new Set([...prev, ...visible])))}
          >
            {allVisibleSelected ? t('operator.categories.unselectShown') : t('operator.categories.selectShown', { count: visible.size })}
          </button>
        </div>
      </div>
      <p className="muted count-line" aria-live="polite">
        {t('operator.categories.shown', { count: visible.size })}
      </p>
      {rows.length === 0 ? (
        <EmptyState
          title={t('operator.categories.noMatch')}
          action={
            <button type="button" className="btn" onClick={() => setFilters({ text: '', policy: '', root: '' })}>
              {t('common.clearFilters')}
            </button>
          }
        />
      ) : (
        <div className="table-wrap card">
          <table className="table tree-table">
            <thead>
              <tr>
                <th scope="col">{t('operator.categories.col.category')}</th>
                <th scope="col">{t('operator.categories.col.policy')}</th>
                <th scope="col" className="num">{t('operator.categories.col.deposit')}</th>
                <th scope="col" className="num">{t('operator.categories.col.commission')}</th>
                <th scope="col">{t('operator.categories.col.zeroDeposit')}</th>
                <th scope="col">{t('operator.categories.col.qualifications')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((n) => {
                const ids = visibleUnder(n);
                const count = ids.filter((id) => selected.has(id)).length;
                return (
                  <CategoryRow
                    key={n.id}
                    node={n}
                    index={index}
                    expanded={expanded.has(n.id)}
                    checked={count > 0 && count === ids.length}
                    indeterminate={count > 0 && count < ids.length}
                    onToggleExpand={() => toggleExpand(n)}
                    onToggleSelect={() => toggleSelect(n)}
                    onEdit={() => setEditing(n)}
                  />
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <BulkActionBar selected={selected} onClear={() => setSelected(new Set())} />
      <CategoryEditDialog node={editing} index={index} onClose={() => setEditing(null)} />
    </>
  );
}
