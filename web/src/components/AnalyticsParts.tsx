// What the merchant's and the operator's analytics screens share: the period and comparison pickers, the headline
// figures with their growth multiples, the trend and share charts, the channel and audience tables, CSV downloads.
// Charts are plain SVG until a charting library is installed (ECharts is not in node_modules yet): each chart also
// has its numbers as a table for screen readers.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
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

/** GMV per day (or month) as bars, with the numbers in a table beside for screen readers. */
export function TrendChart({ report }: { report: Report }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rows = report.trend;
  const max = Math.max(1, ...rows.map((r) => r.gmv));
  const w = 640;
  const h = 160;
  const step = rows.length ? w / rows.length : w;
  return (
    <figure className="analytics-chart">
      <svg viewBox={`0 0 ${w} ${h + 20}`} role="img" aria-label={t('analytics.trend')} preserveAspectRatio="none" width="100%" height="180">
        {rows.map((r, i) => {
          const bar = Math.round((r.gmv / max) * h);
          return (
            <g key={r.bucket}>
              <rect x={i * step + step * 0.15} y={h - bar} width={step * 0.7} height={bar} fill="currentColor" opacity="0.7">
                <title>{`${r.bucket}: ${f.money(r.gmv, report.currency)}`}</title>
              </rect>
            </g>
          );
        })}
        <line x1="0" y1={h} x2={w} y2={h} stroke="currentColor" strokeWidth="1" />
        {rows.length > 0 && <text x="0" y={h + 16} fontSize="12" fill="currentColor">{rows[0].bucket}</text>}
        {rows.length > 1 && <text x={w} y={h + 16} fontSize="12" textAnchor="end" fill="currentColor">{rows[rows.length - 1].bucket}</text>}
      </svg>
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

/** Shares (basis points) as horizontal bars, each labelled with its percentage. */
export function ShareBars({ title, shares, label }: { title: string; shares: Record<string, number>; label: (band: string) => string }) {
  const f = useFormat();
  const entries = Object.entries(shares);
  return (
    <div className="analytics-shares" role="group" aria-label={title}>
      <h4>{title}</h4>
      <dl>
        {entries.map(([band, bp]) => (
          <div key={band} className="analytics-shares__row">
            <dt>{label(band)}</dt>
            <dd>
              <svg viewBox="0 0 100 8" width="120" height="8" aria-hidden="true" preserveAspectRatio="none">
                <rect x="0" y="0" width={bp / 100} height="8" fill="currentColor" opacity="0.7" />
              </svg>{' '}
              {f.bp(bp)}
            </dd>
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
      { header: t('analytics.views'), num: true, cell: (r) => f.number(r.views) },
      { header: t('analytics.orders'), num: true, cell: (r) => f.number(r.orders) },
      { header: t('analytics.gmv'), num: true, cell: (r) => f.money(r.gmv, report.currency) },
      { header: t('analytics.gmvShare'), num: true, cell: (r) => (r.gmvShare === null ? '–' : f.bp(r.gmvShare)) },
      { header: t('analytics.conversion'), num: true, cell: (r) => (r.conversion === null ? '–' : f.bp(r.conversion)) },
    ]} />
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
