import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/Shell.tsx';
import { EmptyState, QueryBoundary } from '../components/States.tsx';
import { StoreStatusBadge } from '../components/Badge.tsx';
import { Segmented } from '../components/Segmented.tsx';
import { api } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { STORE_STATUSES, type StoreStatus, type StoreSummary } from '../lib/types.ts';

export function StoresList() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? '') as StoreStatus | '';
  const query = useQuery({
    queryKey: ['operator', 'stores', status],
    queryFn: () => api<StoreSummary[]>(`/api/operator/stores?limit=200${status ? `&status=${status}` : ''}`),
  });
  return (
    <>
      <PageHeader title={t('operator.stores.title')} subtitle={t('operator.stores.subtitle')} />
      <Segmented
        label={t('operator.stores.filter')}
        value={status}
        onChange={(v) => setParams(v ? { status: v } : {})}
        options={[{ value: '' as const, label: t('common.all') }, ...STORE_STATUSES.map((s) => ({ value: s, label: t(`status.store.${s}`) }))]}
      />
      <QueryBoundary query={query}>
        {(stores) =>
          stores.length === 0 ? (
            <EmptyState title={status ? t('operator.stores.emptyStatus', { status: t(`status.store.${status}`) }) : t('operator.stores.empty')}>
              {t('operator.stores.emptyText')}
            </EmptyState>
          ) : (
            <div className="table-wrap card">
              <table className="table table--stack">
                <thead>
                  <tr>
                    <th scope="col">{t('operator.stores.col.store')}</th>
                    <th scope="col">{t('operator.stores.col.status')}</th>
                    <th scope="col">{t('operator.stores.col.entity')}</th>
                    <th scope="col">{t('operator.stores.col.type')}</th>
                    <th scope="col" className="num">{t('operator.stores.col.categories')}</th>
                    <th scope="col">{t('operator.stores.col.created')}</th>
                  </tr>
                </thead>
                <tbody>
                  {stores.map((s) => (
                    <tr key={s.id}>
                      <th scope="row">
                        <Link to={`/operator/stores/${s.id}`}>{s.name}</Link>
                      </th>
                      <td data-label={t('operator.stores.col.status')}>
                        <StoreStatusBadge status={s.status} />
                      </td>
                      <td data-label={t('operator.stores.col.entity')}>{s.legalEntityName}</td>
                      <td data-label={t('operator.stores.col.type')}>{t(`storeType.${s.storeType}`)}</td>
                      <td className="num" data-label={t('operator.stores.col.categories')}>
                        {t('operator.stores.approvedCount', { count: s.approved })}
                        {s.inReview > 0 && <span className="tag tag--info">{t('operator.stores.inReviewCount', { count: s.inReview })}</span>}
                      </td>
                      <td data-label={t('operator.stores.col.created')}>{f.date(s.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryBoundary>
    </>
  );
}
