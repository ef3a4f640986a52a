// What happened to the store, newest first, from its audit trail.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Loading } from '../components/States.tsx';
import { StoreStatusBadge } from '../components/Badge.tsx';
import { useAuditAction } from '../components/audit-labels.ts';
import { client, data } from '../lib/api.ts';
import { useCategoryIndex } from '../lib/categories.ts';
import { useFormat } from '../lib/format.ts';
import type { AuditEntry, StoreDetail, StoreStatus } from '../lib/types.ts';

export function StoreTimeline({ storeId, applications }: { storeId: string; applications: StoreDetail['applications'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const label = useAuditAction();
  const { index } = useCategoryIndex();
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

  const detail = (e: AuditEntry) => {
    const before = e.before as { status?: StoreStatus } | null;
    const after = e.after as { status?: string; categoryId?: number; balance?: number; amount?: number } | null;
    if (e.action === 'store.status_changed' && before?.status && after?.status)
      return (
        <span className="timeline__change">
          <StoreStatusBadge status={before.status} /> → <StoreStatusBadge status={after.status as StoreStatus} />
        </span>
      );
    if (e.action.startsWith('category_application.')) {
      const app = applications.find((a) => a.id === e.entityId);
      const names = app?.category.names ?? (after?.categoryId && index ? index.byId.get(after.categoryId)?.names : undefined);
      return <span>{names ? f.name(names) : e.summary}</span>;
    }
    if (e.action.startsWith('deposit.') && after?.amount != null) return <span>{f.money(after.amount)}</span>;
    return e.summary ? <span>{e.summary}</span> : null;
  };

  return (
    <>
      <ol className="timeline">
        {items.map((e) => (
          <li key={e.id} className={`timeline__item timeline__item--${e.action.split('.')[0]}`}>
            <span className="timeline__dot" aria-hidden="true" />
            <div className="timeline__body">
              <p className="timeline__title">
                <strong>{label(e.action)}</strong> {detail(e)}
              </p>
              {e.action === 'category_application.reject' && (e.after as { reason?: string } | null)?.reason && (
                <p className="reason">
                  {t('common.reason')}: {(e.after as { reason: string }).reason}
                </p>
              )}
              <p className="timeline__meta muted">
                <time dateTime={e.at}>{f.dateTime(e.at)}</time> · {e.actorName ?? t('audit.unknownActor')} ({t(`roles.${e.actorRole}`, { defaultValue: e.actorRole })})
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
