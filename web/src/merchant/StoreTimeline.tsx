// What happened to the store, newest first, from its audit trail.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Loading } from '../components/States.tsx';
import { AuditActor, AuditDetail } from '../components/AuditDetail.tsx';
import { useAuditAction } from '../components/audit-labels.ts';
import { client, data } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';

export function StoreTimeline({ storeId }: { storeId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const label = useAuditAction();
  const query = useInfiniteQuery({
    queryKey: ['merchant', 'audit', storeId],
    initialPageParam: null as number | null,
    queryFn: ({ pageParam, signal }) =>
      data(client.GET('/api/merchant/stores/{storeId}/audit', { params: { path: { storeId }, query: { limit: 20, ...(pageParam ? { beforeId: pageParam } : {}) } }, signal })),
    getNextPageParam: (last) => last.nextBeforeId,
  });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const items = query.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <EmptyState title={t('merchant.store.noEvents')} />;

  return (
    <>
      <ol className="timeline">
        {items.map((e) => (
          <li key={e.id} className={`timeline__item timeline__item--${e.action.split('.')[0]}`}>
            <span className="timeline__dot" aria-hidden="true" />
            <div className="timeline__body">
              <p className="timeline__title">
                <strong>{label(e.action)}</strong> <AuditDetail entry={e} />
              </p>
              {e.action === 'category_application.reject' && (e.after as { reason?: string } | null)?.reason && (
                <p className="reason">
                  {t('common.reason')}: {(e.after as { reason: string }).reason}
                </p>
              )}
              <p className="timeline__meta muted">
                <time dateTime={e.at}>{f.dateTime(e.at)}</time> · <AuditActor entry={e} />
              </p>
            </div>
          </li>
        ))}
      </ol>
      {query.hasNextPage && (
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? t('common.loading') : t('audit.loadMore')}
        </button>
      )}
    </>
  );
}
