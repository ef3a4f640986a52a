// The review queue: category applications with their store, category path and documents; approve or reject. One
// server page at a time, oldest first, with how many there are.
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ListFilterBar, useListFilters } from '../components/Filters.tsx';
import { ListPage } from '../components/list/ListPage.tsx';
import { usePagedList } from '../components/list/useList.ts';
import { client, data, type Answer } from '../lib/api.ts';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../lib/types.ts';
import { reviewQueueKey } from './OperatorLayout.tsx';
import { ApplicationCard } from './ApplicationCard.tsx';

const PAGE = 50;
type Row = Answer<'/api/operator/applications', 'get'>['applications'][number];

export function ApplicationsQueue() {
  const { t } = useTranslation();
  const filters = useListFilters<ApplicationStatus, 'in_review'>(APPLICATION_STATUSES, { param: 'status', fallback: 'in_review' });
  const status = filters.state;
  const list = usePagedList<Row>(
    reviewQueueKey(status),
    async ({ limit, offset, signal }) => {
      const page = await data(client.GET('/api/operator/applications', { params: { query: { status, limit, offset } }, signal }));
      return { rows: page.applications, total: page.total };
    },
    { pageSize: PAGE, offset: filters.offset, setOffset: filters.setOffset },
  );
  const seeStores = (
    <Link className="btn" to="/operator/stores">
      {t('operator.queue.seeStores')}
    </Link>
  );
  return (
    <ListPage<Row>
      title={t('operator.queue.title')}
      frame={{ kind: 'page', subtitle: t('operator.queue.subtitle') }}
      filters={
        <ListFilterBar<ApplicationStatus, 'in_review'>
          filters={filters}
          state={{ label: t('operator.queue.filter'), segmented: true, options: APPLICATION_STATUSES.map((s) => ({ value: s, label: t(`status.application.${s}`) })) }}
        />
      }
      list={list}
      count={(n) => t('operator.queue.count', { count: n })}
      rowKey={(a) => a.id}
      card={(a) => (
        <li key={a.id}>
          <ApplicationCard item={a} />
        </li>
      )}
      empty={{ icon: '✓', title: t('operator.queue.emptyTitle'), text: t('operator.queue.emptyText'), action: seeStores }}
      noMatch={status !== 'in_review' ? { icon: '✓', title: t('operator.queue.emptyOther', { status: t(`status.application.${status}`) }), action: seeStores } : null}
    />
  );
}
