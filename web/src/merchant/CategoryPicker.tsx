// Pick third-level categories: browse by first level or search in any language; paused and already-requested ones are disabled.
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PolicyBadge } from '../components/Badge.tsx';
import { Field } from '../components/Field.tsx';
import { EmptyState } from '../components/States.tsx';
import { searchCategories, type CategoryIndex, type CategoryNode } from '../lib/categories.ts';
import { useFormat } from '../lib/format.ts';
import type { ApplicationStatus } from '../lib/types.ts';

type Props = {
  index: CategoryIndex;
  selected: Set<number>;
  existing: Map<number, ApplicationStatus>;
  onToggle: (id: number) => void;
};

export function CategoryPicker({ index, selected, existing, onToggle }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const [text, setText] = useState('');
  const [open, setOpen] = useState<number | null>(null);
  const q = text.trim();
  // Best matches first: an exact name (in any language, by the leaf or an ancestor), then a prefix, a word, anywhere.
  const matches = useMemo(() => (q ? searchCategories(index.leaves, q, (l) => index.chain(l.id)).slice(0, 60) : []), [index, q]);

  return (
    <div className="picker">
      <Field label={t('merchant.picker.search')} hint={t('merchant.picker.searchHint')}>
        {(p) => <input {...p} type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('merchant.picker.searchPlaceholder')} />}
      </Field>
      {q ? (
        matches.length === 0 ? (
          <EmptyState title={t('merchant.picker.noMatch')}>{t('merchant.picker.noMatchText')}</EmptyState>
        ) : (
          <ul className="pick-list" aria-label={t('merchant.picker.results')}>
            {matches.map((leaf) => (
              <LeafOption key={leaf.id} leaf={leaf} index={index} showPath checked={selected.has(leaf.id)} existing={existing.get(leaf.id)} onToggle={onToggle} />
            ))}
          </ul>
        )
      ) : (
        <ul className="accordion">
          {index.roots.map((root) => {
            const isOpen = open === root.id;
            const count = index.leafIds(root).filter((id) => selected.has(id)).length;
            return (
              <li key={root.id} className="accordion__item">
                <h3 className="accordion__heading">
                  <button type="button" className="accordion__button" aria-expanded={isOpen} onClick={() => setOpen(isOpen ? null : root.id)}>
                    <span aria-hidden="true" className="accordion__chevron">
                      {isOpen ? '▾' : '▸'}
                    </span>
                    <span className="accordion__title">{f.name(root.names)}</span>
                    <span className="muted small">
                      {t('merchant.picker.depositFrom', { amount: f.money(root.effectiveDeposit, root.currency) })}
                    </span>
                    {count > 0 && <span className="tag tag--accent">{t('merchant.picker.chosen', { count })}</span>}
                  </button>
                </h3>
                {isOpen && (
                  <div className="accordion__panel">
                    {root.children.map((l2) => (
                      <section key={l2.id} className="pick-group">
                        <h4>{f.name(l2.names)}</h4>
                        <ul className="pick-list">
                          {l2.children.map((leaf) => (
                            <LeafOption key={leaf.id} leaf={leaf} index={index} checked={selected.has(leaf.id)} existing={existing.get(leaf.id)} onToggle={onToggle} />
                          ))}
                        </ul>
                      </section>
                    ))}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function LeafOption({ leaf, index, checked, existing, showPath, onToggle }: { leaf: CategoryNode; index: CategoryIndex; checked: boolean; existing?: ApplicationStatus; showPath?: boolean; onToggle: (id: number) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const id = useId();
  const paused = leaf.policy === 'paused';
  const taken = existing === 'approved' || existing === 'in_review';
  const disabled = paused || taken;
  const required = index.qualificationsOf(leaf.id).filter((q) => q.mandatory);
  const path = index.chain(leaf.id).slice(0, -1);
  return (
    <li className={`pick${checked ? ' pick--checked' : ''}${disabled ? ' pick--disabled' : ''}`}>
      <input id={id} type="checkbox" checked={checked} disabled={disabled} onChange={() => onToggle(leaf.id)} aria-describedby={`${id}-meta`} />
      <div className="pick__body">
        <div className="pick__top">
          <label htmlFor={id} className="pick__name">
            {f.name(leaf.names)}
          </label>
          <PolicyBadge policy={leaf.policy} />
        </div>
        <div id={`${id}-meta`} className="pick__meta">
          {showPath && <span className="pick__path">{path.map((c) => f.name(c.names)).join(' › ')}</span>}
          <span>
            {t('merchant.picker.deposit')}: {leaf.zeroDeposit ? t('merchant.picker.zeroDeposit') : f.money(leaf.effectiveDeposit, leaf.currency)}
            {' · '}
            {t('merchant.picker.commission')}: {f.bp(leaf.commissionBp)}
          </span>
          <span>
            {required.length ? `${t('merchant.picker.required')}: ${required.map((q) => f.name(q.names)).join(', ')}` : t('merchant.picker.noDocs')}
          </span>
          {leaf.policy === 'targeted' && !disabled && <span className="pick__note">{t('merchant.picker.targetedNote')}</span>}
          {paused && <span className="pick__note pick__note--warn">{t('merchant.picker.pausedNote')}</span>}
          {taken && <span className="pick__note">{existing === 'approved' ? t('merchant.picker.alreadyApproved') : t('merchant.picker.alreadyInReview')}</span>}
        </div>
      </div>
    </li>
  );
}
