// Who did what, when: newest first, with before -> after, loaded page by page.
import { useState } from 'react';
import { Link } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/Shell.tsx';
import { EmptyState, ErrorState, Loading, ProblemAlert } from '../components/States.tsx';
import { Field } from '../components/Field.tsx';
import { JsonDiff } from '../components/JsonDiff.tsx';
import { KNOWN_ACTIONS, useAuditAction } from '../components/audit-labels.ts';
import { AuditDetail } from '../components/AuditDetail.tsx';
import { client, data } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';

const ENTITY_TYPES = ['store', 'category_application', 'category', 'api_key'];

export function AuditLog() {
  const { t } = useTranslation();
  const f = useFormat();
  const actionLabel = useAuditAction();
  const [entityType, setEntityType] = useState('');
  const [action, setAction] = useState('');
  const query = useInfiniteQuery({
    queryKey: ['operator', 'audit', entityType, action],
    initialPageParam: null as number | null,
    queryFn: ({ pageParam, signal }) =>
      data(
        client.GET('/api/operator/audit', {
          params: { query: { limit: 25, ...(pageParam ? { beforeId: pageParam } : {}), ...(entityType ? { entityType } : {}), ...(action ? { action } : {}) } },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.nextBeforeId,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle')} />
      <div className="card filters">
        <Field label={t('audit.entityType')}>
          {(p) => (
            <select {...p} value={entityType} onChange={(e) => setEntityType(e.target.value)}>
              <option value="">{t('common.all')}</option>
              {ENTITY_TYPES.map((e) => (
                <option key={e} value={e}>
                  {t(`audit.entity.${e}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('audit.actionFilter')}>
          {(p) => (
            <select {...p} value={action} onChange={(e) => setAction(e.target.value)}>
              <option value="">{t('common.all')}</option>
              {KNOWN_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {actionLabel(a)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {query.isPending ? (
        <Loading />
      ) : query.error && items.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={t('audit.empty')}>{t('audit.emptyText')}</EmptyState>
      ) : (
        <>
          <ol className="audit-list" aria-label={t('audit.title')}>
            {items.map((e) => (
              <li key={e.id} className="audit-item card">
                <div className="audit-item__head">
                  <span className="audit-item__action">{actionLabel(e.action)}</span>
                  <time dateTime={e.at} className="muted">
                    {f.dateTime(e.at)}
                  </time>
                </div>
                <p className="audit-item__who">
                  {e.actorRole === 'system' ? (
                    <span className="tag">{t('roles.system')}</span>
                  ) : (
                    <>
                      <span className="audit-item__actor">{e.actorName ?? t('audit.unknownActor')}</span> <span className="tag">{t(`roles.${e.actorRole}`, { defaultValue: e.actorRole })}</span>
                    </>
                  )}
                  <span className="audit-item__summary">
                    {' · '}
                    <AuditDetail entry={e} />
                  </span>
                  {e.storeId && (
                    <>
                      {' · '}
                      <Link to={`/operator/stores/${e.storeId}`}>{t('audit.openStore')}</Link>
                    </>
                  )}
                </p>
                <JsonDiff before={e.before} after={e.after} />
              </li>
            ))}
          </ol>
          {query.error != null && <ProblemAlert error={query.error} />}
          <div className="load-more">
            {query.hasNextPage ? (
              <button type="button" className="btn" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                {query.isFetchingNextPage ? t('common.loading') : t('audit.loadMore')}
              </button>
            ) : (
              <p className="muted">{t('audit.end')}</p>
            )}
          </div>
        </>
      )}
    </>
  );
}
