// What the merchant's and the operator's analytics screens share: the period and comparison pickers, the headline
// figures with their growth multiples, the trend and share charts, the channel and audience tables, CSV downloads.
// Charts are ECharts (components/Chart.tsx, loaded on first use); each chart has its numbers in a table beside it.
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart, type ChartOption } from './Chart.tsx';
import { CsvButton } from './CsvButton.tsx';
import { DataTable } from './DataTable.tsx';
import { Field } from './Field.tsx';
import { Segmented } from './Segmented.tsx';
import { EmptyState } from './States.tsx';
import type { Answer } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';

export type StoreAnalytics = Answer<'/api/merchant/stores/{storeId}/analytics', 'get'>;
export type PlatformAnalytics = Answer<'/api/operator/analytics', 'get'>;
type Report = StoreAnalytics | PlatformAnalytics;
type Growth = Report['growth']['vsCompare']['gmv'];
export const UNITS = ['day', 'week', 'month', 'year'] as const;
export type Unit = (typeof UNITS)[number];
export type PeriodChoice = { unit: Unit; date: string; compareDate: string };

/** The unit, a day of the period to report, and optionally a day of the period to compare it with. */
export function PeriodPicker({ value, onChange }: { value: PeriodChoice; onChange: (v: PeriodChoice) => void }) {
  const { t } = useTranslation();
  return (
    <div className="filters analytics-picker">
      <Segmented label={t('analytics.unit')} value={value.unit} options={UNITS.map((u) => ({ value: u, label: t(`analytics.units.${u}`) }))} onChange={(unit) => onChange({ ...value, unit })} />
      <Field label={t('analytics.date')} hint={t('analytics.dateHint')}>
        {(p) => <input {...p} type="date" value={value.date} onChange={(e) => onChange({ ...value, date: e.target.value })} data-testid="analytics-date" />}
      </Field>
      <Field label={t('analytics.compareDate')} hint={t('analytics.compareHint')}>
        {(p) => <input {...p} type="date" value={value.compareDate} onChange={(e) => onChange({ ...value, compareDate: e.target.value })} data-testid="analytics-compare" />}
      </Field>
    </div>
  );
}

export function GrowthText({ growth }: { growth: Growth }) {
  const { t } = useTranslation();
  if (!growth) return <span className="muted">–</span>;
  return <span className="analytics-growth">{growth.kind === 'new' ? t('analytics.new') : growth.text}</span>;
}

/** The headline figures of the period, each with its multiple against the compared period and a year earlier. */
export function FiguresGrid({ report, platform = false }: { report: Report; platform?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const c = report.current;
  const money = (n: number | null) => (n === null ? '–' : f.money(n, report.currency));
  const bp = (n: number | null) => (n === null ? '–' : f.bp(n));
  const items: { key: string; label: string; value: string; growth?: keyof Report['growth']['vsCompare'] }[] = [
    { key: 'gmv', label: t('analytics.gmv'), value: money(c.gmv), growth: 'gmv' },
    { key: 'orders', label: t('analytics.orders'), value: f.number(c.orders), growth: 'orders' },
    { key: 'buyers', label: t('analytics.buyers'), value: f.number(c.buyers), growth: 'buyers' },
    { key: 'aov', label: t('analytics.aov'), value: money(c.averageOrderValue) },
    { key: 'activeProducts', label: t('analytics.activeProducts'), value: f.number(c.activeProducts), growth: 'activeProducts' },
    ...(platform ? [{ key: 'activeMerchants', label: t('analytics.activeMerchants'), value: f.number(c.activeMerchants), growth: 'activeMerchants' as const }] : []),
    { key: 'gpm', label: t('analytics.gpm'), value: money(c.gpm) },
    { key: 'refunds', label: t('analytics.refundRate'), value: `${bp(c.refundRate)} · ${money(c.refundAmount)}` },
    { key: 'gifts', label: t('analytics.giftShare'), value: bp(c.giftShare) },
    { key: 'repeat', label: t('analytics.repeatRate'), value: bp(c.repeatRate) },
    { key: 'newBuyers', label: t('analytics.newReturning'), value: `${f.number(c.newBuyers)} / ${f.number(c.returningBuyers)}` },
  ];
  return (
    <div className="stats">
      {items.map((x) => (
        <div key={x.key} className="stat" data-testid={`analytics-${x.key}`}>
          <span className="stat__label">{x.label}</span>
          <span className="stat__value">{x.value}</span>
          {x.growth && (
            <span className="stat__note">
              {t('analytics.vsCompare')} <GrowthText growth={report.growth.vsCompare[x.growth]} /> · {t('analytics.vsLastYear')} <GrowthText growth={report.growth.vsLastYear[x.growth]} />
            </span>
          )}
        </div>
      ))}
    </div>
  );
}

/** GMV per day (or month) as bars and paid orders as a line, with the numbers in a table beside for screen readers. */
export function TrendChart({ report }: { report: Report }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rows = report.trend;
  const option = useMemo<ChartOption>(() => ({
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: rows.map((r) => r.bucket) },
    yAxis: [
      { type: 'value', axisLabel: { formatter: (v: number) => f.money(v, report.currency) } },
      { type: 'value', splitLine: { show: false }, axisLabel: { formatter: (v: number) => f.number(v) } },
    ],
    series: [
      { name: t('analytics.gmv'), type: 'bar', data: rows.map((r) => r.gmv), tooltip: { valueFormatter: (v: unknown) => f.money(Number(v), report.currency) } },
      { name: t('analytics.orders'), type: 'line', yAxisIndex: 1, data: rows.map((r) => r.orders), tooltip: { valueFormatter: (v: unknown) => f.number(Number(v)) } },
    ],
  }), [rows, report.currency, f.lang]);
  return (
    <figure className="analytics-chart">
      <Chart label={t('analytics.trend')} option={option} height={220} testId="analytics-trend-chart" />
      <figcaption className="visually-hidden">
        <DataTable rows={rows} rowKey={(r) => r.bucket} caption={t('analytics.trend')} columns={[
          { header: t('analytics.day'), rowHeader: true, cell: (r) => r.bucket },
          { header: t('analytics.gmv'), num: true, cell: (r) => f.money(r.gmv, report.currency) },
          { header: t('analytics.orders'), num: true, cell: (r) => f.number(r.orders) },
        ]} />
      </figcaption>
    </figure>
  );
}

/** Shares (basis points) as a horizontal bar chart, with each band's percentage listed beside it. */
export function ShareBars({ title, shares, label }: { title: string; shares: Record<string, number>; label: (band: string) => string }) {
  const f = useFormat();
  const entries = Object.entries(shares);
  const option = useMemo<ChartOption>(() => ({
    grid: { left: 8, right: 56, top: 4, bottom: 4, containLabel: true },
    tooltip: { trigger: 'item', valueFormatter: (v: unknown) => f.bp(Number(v) * 100) },
    xAxis: { type: 'value', max: 100, show: false },
    yAxis: { type: 'category', inverse: true, data: entries.map(([band]) => label(band)) },
    series: [{ name: title, type: 'bar', data: entries.map(([, bp]) => bp / 100), label: { show: true, position: 'right', formatter: (p: { value: unknown }) => f.bp(Number(p.value) * 100) } }],
  }), [JSON.stringify(shares), title, f.lang]);
  return (
    <div className="analytics-shares" role="group" aria-label={title}>
      <h4>{title}</h4>
      <Chart label={title} option={option} height={28 * entries.length + 16} />
      <dl>
        {entries.map(([band, bp]) => (
          <div key={band} className="analytics-shares__row">
            <dt>{label(band)}</dt>
            <dd>{f.bp(bp)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

export function ChannelTable({ report }: { report: Report }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <DataTable rows={report.channels} rowKey={(r) => r.channel} caption={t('analytics.channels')} rowTestId="analytics-channel" columns={[
      { header: t('analytics.channel'), rowHeader: true, cell: (r) => t(`catalog.channel.${r.channel}`) },
      { header: t('analytics.exposures'), num: true, cell: (r) => f.number(r.exposures) },
      { header: t('analytics.clicks'), num: true, cell: (r) => f.number(r.clicks) },
      { header: t('analytics.views'), num: true, cell: (r) => f.number(r.views) },
      { header: t('analytics.orders'), num: true, cell: (r) => f.number(r.orders) },
      { header: t('analytics.gmv'), num: true, cell: (r) => f.money(r.gmv, report.currency) },
      { header: t('analytics.gmvShare'), num: true, cell: (r) => (r.gmvShare === null ? '–' : f.bp(r.gmvShare)) },
      { header: t('analytics.conversion'), num: true, cell: (r) => (r.conversion === null ? '–' : f.bp(r.conversion)) },
    ]} />
  );
}

type Stage = Report['channels'][number]['funnel'][number]['stage'];
const STAGES: Stage[] = ['views', 'carts', 'placed', 'paid'];

/**
 * The funnel view → cart → order → paid: all channels together as a funnel chart, and per channel in a table (each
 * stage's count and its rate from the stage before).
 */
export function FunnelPanel({ report }: { report: Report }) {
  const { t } = useTranslation();
  const f = useFormat();
  const total = (stage: Stage) => report.channels.reduce((sum, c) => sum + (c.funnel.find((s) => s.stage === stage)?.count ?? 0), 0);
  const totals = STAGES.map((stage) => ({ stage, count: total(stage) }));
  const option = useMemo<ChartOption>(() => ({
    tooltip: { trigger: 'item', valueFormatter: (v: unknown) => f.number(Number(v)) },
    series: [{
      name: t('analytics.funnel'), type: 'funnel', sort: 'none', left: '10%', width: '80%', minSize: '8%', gap: 2,
      label: { show: true, position: 'inside', formatter: (p: { name: string; value: unknown }) => `${p.name} ${f.number(Number(p.value))}` },
      data: totals.map((s) => ({ name: t(`analytics.stages.${s.stage}`), value: s.count })),
    }],
  }), [JSON.stringify(totals), f.lang]);
  const step = (c: Report['channels'][number], stage: Stage) => {
    const s = c.funnel.find((x) => x.stage === stage)!;
    return s.fromPrevious === null ? f.number(s.count) : `${f.number(s.count)} (${f.bp(s.fromPrevious)})`;
  };
  return (
    <div className="analytics-funnel" data-testid="analytics-funnel">
      {totals[0].count > 0 || totals[3].count > 0 ? <Chart label={t('analytics.funnel')} option={option} height={200} testId="analytics-funnel-chart" /> : null}
      <DataTable rows={report.channels} rowKey={(r) => r.channel} caption={t('analytics.funnelTable')} rowTestId="analytics-funnel-row" columns={[
        { header: t('analytics.channel'), rowHeader: true, cell: (r) => t(`catalog.channel.${r.channel}`) },
        ...STAGES.map((stage) => ({ header: t(`analytics.stages.${stage}`), num: true, cell: (r: Report['channels'][number]) => step(r, stage) })),
      ]} />
      <p className="muted small">{t('analytics.funnelNote')}</p>
    </div>
  );
}

export function AudiencePanel({ report }: { report: Report }) {
  const { t } = useTranslation();
  const a = report.audience;
  if (a.buyers === 0) return <p className="muted">{t('analytics.noBuyers')}</p>;
  return (
    <div className="analytics-audience" data-testid="analytics-audience">
      <ShareBars title={t('analytics.age')} shares={a.age} label={(b) => t(`analytics.ages.${b}`)} />
      <ShareBars title={t('profile.gender')} shares={a.gender} label={(b) => (b === 'unknown' ? t('analytics.unknown') : t(`profile.genders.${b}`))} />
      <ShareBars title={t('profile.cityTier')} shares={a.cityTier} label={(b) => (b === 'unknown' ? t('analytics.unknown') : t(`cityTier.${b}`))} />
    </div>
  );
}

/** One table of a report as a CSV download, named by the table and the period. */
export function ReportCsv({ table, report, fetchBlob }: { table: string; report: Report | undefined; fetchBlob: () => Promise<Blob> }) {
  const { t } = useTranslation();
  return <CsvButton className="btn btn--sm" fetchBlob={fetchBlob} file={`${table}-${report?.periods.current.label ?? 'current'}.csv`} label={t('analytics.csv')} doneText={t('analytics.csvDone')} />;
}

/** The top of a report: which periods it compares, the figures, and GMV over the period. */
export function ReportHead({ report, platform = false, trendCsv }: { report: Report; platform?: boolean; trendCsv: ReactNode }) {
  const { t } = useTranslation();
  const r = report;
  return (
    <>
      <p className="muted small" data-testid="analytics-periods">
        {t('analytics.periods', { current: r.periods.current.label, compare: r.periods.compare.label, lastYear: r.periods.lastYear.label, zone: r.timeZone })}
      </p>
      {r.current.orders === 0 && r.current.views === 0 && <EmptyState title={t('analytics.emptyTitle')}>{t('analytics.emptyText')}</EmptyState>}
      <FiguresGrid report={r} platform={platform} />
      <h3>
        {t('analytics.trend')} {trendCsv}
      </h3>
      <TrendChart report={r} />
    </>
  );
}
