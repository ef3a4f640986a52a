// The review queue: category applications with their store, category path and documents; approve or reject.
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/Shell.tsx';
import { EmptyState, QueryBoundary } from '../components/States.tsx';
import { Segmented } from '../components/Segmented.tsx';
import { api } from '../lib/api.ts';
import { APPLICATION_STATUSES, type ApplicationStatus, type QueueItem } from '../lib/types.ts';
import { reviewQueueKey } from './OperatorLayout.tsx';
import { ApplicationCard } from './ApplicationCard.tsx';

export function ApplicationsQueue() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<ApplicationStatus>('in_review');
  const query = useQuery({
    queryKey: reviewQueueKey(status),
    queryFn: () => api<QueueItem[]>(`/api/operator/applications?status=${status}&limit=200`),
  });
  return (
    <>
      <PageHeader title={t('operator.queue.title')} subtitle={t('operator.queue.subtitle')} />
      <Segmented
        label={t('operator.queue.filter')}
        value={status}
        onChange={setStatus}
        options={APPLICATION_STATUSES.map((s) => ({ value: s, label: t(`status.application.${s}`) }))}
      />
      <QueryBoundary query={query}>
        {(items) =>
          items.length === 0 ? (
            <EmptyState
              icon="✓"
              title={status === 'in_review' ? t('operator.queue.emptyTitle') : t('operator.queue.emptyOther', { status: t(`status.application.${status}`) })}
              action={
                <Link className="btn" to="/operator/stores">
                  {t('operator.queue.seeStores')}
                </Link>
              }
            >
              {status === 'in_review' ? t('operator.queue.emptyText') : null}
            </EmptyState>
          ) : (
            <>
              <p className="muted count-line">{t('operator.queue.count', { count: items.length })}</p>
              <div className="card-list">
                {items.map((a) => (
                  <ApplicationCard key={a.id} item={a} />
                ))}
              </div>
            </>
          )
        }
      </QueryBoundary>
    </>
  );
}
