import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { PolicyBadge } from '../components/Badge.tsx';
import { POLICIES, type CategoryIndex, type CategoryNode } from '../lib/categories.ts';
import { useFormat } from '../lib/format.ts';
import { stateLabel } from '../lib/state-labels.ts';

type Props = {
  node: CategoryNode;
  index: CategoryIndex;
  expanded: boolean;
  checked: boolean;
  indeterminate: boolean;
  onToggleExpand(): void;
  onToggleSelect(): void;
  onEdit(): void;
};

export function CategoryRow({ node, index, expanded, checked, indeterminate, onToggleExpand, onToggleSelect, onEdit }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = indeterminate;
  }, [indeterminate]);
  const name = f.name(node.names);
  const leaves = node.level === 3 ? [node] : index.leafIds(node).map((id) => index.byId.get(id)!);
  const zero = leaves.filter((l) => l.zeroDeposit).length;

  return (
    <tr className={`tree-row tree-row--l${node.level}${checked ? ' is-selected' : ''}`}>
      <td className="tree-row__name">
        <div className="tree-cell" style={{ paddingInlineStart: `${(node.level - 1) * 1.5}rem` }}>
          {node.level < 3 ? (
            <button type="button" className="tree-toggle" aria-expanded={expanded} aria-label={t(expanded ? 'operator.categories.collapse' : 'operator.categories.expand', { name })} onClick={onToggleExpand}>
              <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
            </button>
          ) : (
            <span className="tree-toggle tree-toggle--leaf" aria-hidden="true" />
          )}
          <input ref={box} type="checkbox" checked={checked} onChange={onToggleSelect} aria-label={t('operator.categories.selectOne', { name })} />
          <span className="tree-row__label">
            <span className="tree-row__title">{name}</span>
            <code className="tree-row__code">{node.code}</code>
            {node.giftExcludedEffective && (
              <span className={`tag${node.giftExcluded ? ' tag--danger' : ''}`} title={node.giftExcluded ? undefined : t('gifts.operator.inherited')}>
                {t('gifts.operator.noGifts')}
              </span>
            )}
          </span>
        </div>
      </td>
      <td data-label={t('operator.categories.col.policy')}>
        {node.level === 3 ? (
          <PolicyBadge policy={node.policy} />
        ) : (
          <span className="policy-mix">
            {POLICIES.map((p) => {
              const n = leaves.filter((l) => l.policy === p).length;
              return n ? (
                <span key={p} className={`policy-mix__item policy-mix__item--${p}`}>
                  {n} {stateLabel(t, 'AccessPolicy', p)}
                </span>
              ) : null;
            })}
          </span>
        )}
      </td>
      <td className="num" data-label={t('operator.categories.col.deposit')}>
        {f.money(node.effectiveDeposit, node.currency)}
        {node.depositReductionBp > 0 && <span className="tag tag--accent">−{f.bp(node.depositReductionBp)}</span>}
        {node.deposit == null && node.level > 1 && <span className="sub">{t('operator.categories.inherited')}</span>}
      </td>
      <td className="num" data-label={t('operator.categories.col.commission')}>
        {f.bp(node.commissionBp)}
        {node.level === 3 && !node.sevenDayReturn && <span className="sub">{t('operator.categories.noSevenDay')}</span>}
      </td>
      <td data-label={t('operator.categories.col.zeroDeposit')}>
        {node.level === 3 ? (
          node.zeroDeposit ? (
            <span className="tag tag--success">
              {t('operator.categories.zeroUpTo', { amount: node.zeroDepositGmvThreshold == null ? '∞' : f.money(node.zeroDepositGmvThreshold, node.currency) })}
            </span>
          ) : (
            <span className="muted">—</span>
          )
        ) : zero ? (
          <span className="muted">{t('operator.categories.zeroCount', { count: zero })}</span>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td data-label={t('operator.categories.col.qualifications')}>
        {node.qualifications.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <ul className="qual-list">
            {node.qualifications.map((q) => (
              <li key={q.kind} className={q.mandatory ? 'qual qual--required' : 'qual'}>
                {f.name(q.names)}
                {q.mandatory && <span className="qual__flag">{t('common.required')}</span>}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="actions-cell">
        <button type="button" className="btn btn--ghost btn--sm" onClick={onEdit} aria-label={t('operator.categories.editOne', { name })}>
          {t('common.edit')}
        </button>
      </td>
    </tr>
  );
}
