import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format.ts';
import type { Store } from '../lib/types.ts';
import { ApplicationStatusBadge, PolicyBadge } from './Badge.tsx';
import { EmptyState } from './States.tsx';

type App = Store['applications'][number];

/** The store's category applications with their review state and reasons. */
export function StoreCategoriesTable({ store, action, emptyAction }: { store: Store; action?: (a: App) => ReactNode; emptyAction?: ReactNode }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (store.applications.length === 0) {
    return (
      <EmptyState title={t('store.categories.empty')} action={emptyAction}>
        {t('store.categories.emptyText')}
      </EmptyState>
    );
  }
  const required = new Map(store.deposit.byCategory.map((c) => [c.categoryId, c]));
  return (
    <div className="table-wrap">
      <table className="table table--stack">
        <thead>
          <tr>
            <th scope="col">{t('store.categories.category')}</th>
            <th scope="col">{t('store.categories.policy')}</th>
            <th scope="col">{t('store.categories.review')}</th>
            <th scope="col" className="num">{t('store.categories.deposit')}</th>
            <th scope="col">{t('store.categories.date')}</th>
            {action && (
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {store.applications.map((a) => {
            const dep = required.get(a.categoryId);
            return (
              <tr key={a.id}>
                <th scope="row">
                  <span className="sub sub--before">{a.category.path.map((p) => f.name(p)).join(' › ')}</span>
                  {f.name(a.category.names)}
                  {a.reason && (
                    <span className="reason">
                      {t('common.reason')}: {a.reason}
                    </span>
                  )}
                </th>
                <td data-label={t('store.categories.policy')}>
                  <PolicyBadge policy={a.category.policy} />
                </td>
                <td data-label={t('store.categories.review')}>
                  <ApplicationStatusBadge status={a.status} />
                </td>
                <td className="num" data-label={t('store.categories.deposit')}>
                  {dep ? f.money(dep.required, store.currency) : <span className="muted">—</span>}
                </td>
                <td data-label={t('store.categories.date')}>{f.date(a.decidedAt ?? a.createdAt)}</td>
                {action && <td className="actions-cell">{action(a)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
