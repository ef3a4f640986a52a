export * from './rules.ts';
export { PERIOD_UNITS, inPeriod, isTimeZone, localDate, periodOfDate, periodOf, previousPeriod, samePeriodLastYear, type Period, type PeriodUnit } from './periods.ts';
export { toCsv, type CsvColumn } from './csv.ts';
export { backfillRollups, followForAnalytics, markAllDays, markDays, markViews, moveAllMarks, recomputeDay, sweepRollups } from './rollups.ts';
export { buildMarkedRollups, rollUpWindow } from './rollup-build.ts';
export { analyticsRoutes } from './routes.ts';
export { ReportCache, rollupsChanged } from './report-cache.ts';
