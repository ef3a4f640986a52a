// The store's analytics: a period (day, week, month, year in the store's time zone) against another one and a year
// earlier, its figures with growth multiples, GMV over the period, channels, audience and products; each table as CSV.
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AudiencePanel, ChannelTable, FunnelPanel, PeriodPicker, ReportCsv, ReportHead, type PeriodChoice } from '../components/AnalyticsParts.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { QueryBoundary } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { can } from '../lib/permissions.ts';
import { useStoreContext } from './StorePage.tsx';
import { TimeZoneSetting } from './TimeZoneSetting.tsx';

export function StoreAnalytics() {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const f = useFormat();
  const [period, setPeriod] = useState<PeriodChoice>({ unit: 'month', date: '', compareDate: '' });
  const query = { unit: period.unit, date: period.date || undefined, compareDate: period.compareDate || undefined };
  const report = useQuery({
    queryKey: ['merchant', 'analytics', store.id, query],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/analytics', { params: { path: { storeId: store.id }, query }, signal })),
  });
  const csv = (table: 'trend' | 'channels' | 'products') => (
    <ReportCsv table={table} report={report.data} fetchBlob={() => data(client.GET('/api/merchant/stores/{storeId}/analytics.csv', { params: { path: { storeId: store.id }, query: { ...query, table, lang: f.lang } }, parseAs: 'blob' }))} />
  );
  return (
    <section className="card" aria-labelledby="analytics-h">
      <h2 id="analytics-h">{t('analytics.storeTitle')}</h2>
      <TimeZoneSetting storeId={store.id} canEdit={can(store, 'store.settings')} />
      <PeriodPicker value={period} onChange={setPeriod} />
      <QueryBoundary query={report}>
        {(r) => (
          <>
            <ReportHead report={r} trendCsv={csv('trend')} />
            <h3>{t('analytics.channels')} {csv('channels')}</h3>
            <ChannelTable report={r} />
            <h3>{t('analytics.funnel')}</h3>
            <FunnelPanel report={r} />
            <h3>{t('analytics.audience')}</h3>
            <AudiencePanel report={r} />
            <h3>{t('analytics.products')} {csv('products')}</h3>
            {r.products.length === 0 ? <p className="muted">{t('analytics.noProducts')}</p> : (
              <DataTable rows={r.products} rowKey={(p) => p.productId} caption={t('analytics.products')} columns={[
                { header: t('analytics.rank'), cell: (p) => f.number(p.rank) },
                { header: t('analytics.product'), rowHeader: true, cell: (p) => p.title },
                { header: t('analytics.gmv'), num: true, cell: (p) => f.money(p.gmv, r.currency) },
                { header: t('analytics.orders'), num: true, cell: (p) => f.number(p.orders) },
                { header: t('analytics.views'), num: true, cell: (p) => f.number(p.views) },
                { header: t('analytics.gpm'), num: true, cell: (p) => (p.gpm === null ? '–' : f.money(p.gpm, r.currency)) },
              ]} />
            )}
          </>
        )}
      </QueryBoundary>
    </section>
  );
}
