// Every store on the platform, newest first, by status: one server page at a time with the total.
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { StoreStatusBadge } from '../components/Badge.tsx';
import { ListFilterBar, useListFilters } from '../components/Filters.tsx';
import { ListPage, type Column } from '../components/list/ListPage.tsx';
import { usePagedList } from '../components/list/useList.ts';
import { client, data, type Answer } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { STORE_STATUSES, type StoreStatus } from '../lib/types.ts';

const PAGE = 50;
type Row = Answer<'/api/operator/stores', 'get'>['stores'][number];

export function StoresList() {
  const { t } = useTranslation();
  const f = useFormat();
  const filters = useListFilters<StoreStatus>(STORE_STATUSES, { param: 'status' });
  const status = filters.state;
  const list = usePagedList<Row>(
    ['operator', 'stores', status],
    async ({ limit, offset, signal }) => {
      const page = await data(client.GET('/api/operator/stores', { params: { query: { limit, offset, status: status || undefined } }, signal }));
      return { rows: page.stores, total: page.total };
    },
    { pageSize: PAGE, offset: filters.offset, setOffset: filters.setOffset },
  );
  const columns: Column<Row>[] = [
    { header: t('operator.stores.col.store'), rowHeader: true, cell: (s) => <Link to={`/operator/stores/${s.id}`}>{s.name}</Link> },
    { header: t('operator.stores.col.status'), cell: (s) => <StoreStatusBadge status={s.status} /> },
    { header: t('operator.stores.col.entity'), cell: (s) => s.legalEntityName },
    { header: t('operator.stores.col.type'), cell: (s) => t(`storeType.${s.storeType}`) },
    {
      header: t('operator.stores.col.categories'),
      num: true,
      cell: (s) => (
        <>
          {t('operator.stores.approvedCount', { count: s.approved })}
          {s.inReview > 0 && <span className="tag tag--info">{t('operator.stores.inReviewCount', { count: s.inReview })}</span>}
        </>
      ),
    },
    { header: t('operator.stores.col.created'), cell: (s) => f.date(s.createdAt) },
  ];
  return (
    <ListPage<Row>
      title={t('operator.stores.title')}
      frame={{ kind: 'page', subtitle: t('operator.stores.subtitle') }}
      filters={
        <ListFilterBar<StoreStatus>
          filters={filters}
          state={{ label: t('operator.stores.filter'), segmented: true, all: t('common.all'), options: STORE_STATUSES.map((s) => ({ value: s, label: t(`status.store.${s}`) })) }}
        />
      }
      list={list}
      count={(n) => t('operator.stores.count', { count: n })}
      rowKey={(s) => s.id}
      columns={columns}
      empty={{ title: t('operator.stores.empty'), text: t('operator.stores.emptyText') }}
      noMatch={status ? { title: t('operator.stores.emptyStatus', { status: t(`status.store.${status}`) }), text: t('operator.stores.emptyText'), action: filters.clearButton } : null}
    />
  );
}
