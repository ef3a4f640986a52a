// The platform's analytics, the "annual report" for any two periods: the figures and their growth multiples, GMV over
// the period, categories ranked by growth (drilling into one ranks its children and the stores selling in it), the
// leading stores, channels and audience; each table as CSV.
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AudiencePanel, ChannelTable, FunnelPanel, GrowthText, PeriodPicker, ReportCsv, ReportHead, type PeriodChoice } from '../components/AnalyticsParts.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { QueryBoundary } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';

type Crumb = { id: number; name: string };

export function PlatformAnalytics() {
  const { t } = useTranslation();
  const f = useFormat();
  const [period, setPeriod] = useState<PeriodChoice>({ unit: 'year', date: '', compareDate: '' });
  const [path, setPath] = useState<Crumb[]>([]);
  const categoryId = path.at(-1)?.id;
  const query = { unit: period.unit, date: period.date || undefined, compareDate: period.compareDate || undefined, categoryId };
  const report = useQuery({
    queryKey: ['operator', 'analytics', query],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => data(client.GET('/api/operator/analytics', { params: { query }, signal })),
  });
  const csv = (table: 'trend' | 'channels' | 'categories' | 'stores') => (
    <ReportCsv table={table} report={report.data} fetchBlob={() => data(client.GET('/api/operator/analytics.csv', { params: { query: { ...query, table, lang: f.lang } }, parseAs: 'blob' }))} />
  );
  return (
    <section className="card" aria-labelledby="analytics-h">
      <h2 id="analytics-h">{t('analytics.platformTitle')}</h2>
      <PeriodPicker value={period} onChange={setPeriod} />
      <QueryBoundary query={report}>
        {(r) => (
          <>
            <ReportHead report={r} platform trendCsv={csv('trend')} />
            <h3>{t('analytics.categories')} {csv('categories')}</h3>
            <nav aria-label={t('analytics.categoryPath')} className="small">
              <button type="button" className="btn btn--ghost btn--sm" onClick={() => setPath([])} disabled={!path.length}>{t('analytics.allCategories')}</button>
              {path.map((c, i) => (
                <span key={c.id}> › <button type="button" className="btn btn--ghost btn--sm" onClick={() => setPath(path.slice(0, i + 1))} disabled={i === path.length - 1}>{c.name}</button></span>
              ))}
            </nav>
            {r.categories.length === 0 ? <p className="muted">{t('analytics.noCategories')}</p> : (
              <DataTable rows={r.categories} rowKey={(c) => c.categoryId} caption={t('analytics.categories')} rowTestId="analytics-category" columns={[
                { header: t('analytics.rank'), cell: (c) => f.number(c.rank) },
                { header: t('analytics.category'), rowHeader: true, cell: (c) => (c.hasChildren
                  ? <button type="button" className="btn btn--ghost btn--sm" onClick={() => setPath([...path, { id: c.categoryId, name: f.name(c.names) }])}>{f.name(c.names)}</button>
                  : f.name(c.names)) },
                { header: t('analytics.gmv'), num: true, cell: (c) => f.money(c.gmv, r.currency) },
                { header: t('analytics.compareGmv'), num: true, cell: (c) => f.money(c.compareGmv, r.currency) },
                { header: t('analytics.growth'), num: true, cell: (c) => <GrowthText growth={c.growth} /> },
              ]} />
            )}
            <h3>{t('analytics.stores')} {csv('stores')}</h3>
            {r.stores.length === 0 ? <p className="muted">{t('analytics.noStores')}</p> : (
              <DataTable rows={r.stores} rowKey={(s) => s.storeId} caption={t('analytics.stores')} rowTestId="analytics-store" columns={[
                { header: t('analytics.rank'), cell: (s) => f.number(s.rank) },
                { header: t('analytics.store'), rowHeader: true, cell: (s) => s.name },
                { header: t('analytics.gmv'), num: true, cell: (s) => f.money(s.gmv, r.currency) },
                { header: t('analytics.orders'), num: true, cell: (s) => f.number(s.orders) },
                { header: t('analytics.growth'), num: true, cell: (s) => <GrowthText growth={s.growth} /> },
              ]} />
            )}
            <h3>{t('analytics.channels')} {csv('channels')}</h3>
            <ChannelTable report={r} />
            <h3>{t('analytics.funnel')}</h3>
            <FunnelPanel report={r} />
            <h3>{t('analytics.audience')}</h3>
            <AudiencePanel report={r} />
          </>
        )}
      </QueryBoundary>
    </section>
  );
}
