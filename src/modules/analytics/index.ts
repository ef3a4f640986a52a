export * from './rules.ts';
export { PERIOD_UNITS, inPeriod, periodOf, previousPeriod, samePeriodLastYear, type Period, type PeriodUnit } from './periods.ts';
export { toCsv, type CsvColumn } from './csv.ts';
