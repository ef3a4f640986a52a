/**
 * Reporting periods: the day, ISO week (Monday to Sunday), month or year a moment falls in, in an IANA time zone.
 * A store's day is the store's day: its bounds are the instants of local midnight in the store's zone, which Intl
 * tells us (no hand-made offsets), so a day in Europe/Berlin is 23 or 25 hours long around a clock change.
 * Pure: no I/O, no clock; calendar arithmetic is on wall dates, instants come only from Intl.
 */

export const PERIOD_UNITS = ['day', 'week', 'month', 'year'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

/** A period: the instants [start, end) in `timeZone`, with a label: 2026-12-04, 2026-W49, 2026-12 or 2026. */
export type Period = { unit: PeriodUnit; timeZone: string; start: Date; end: Date; label: string };

/** A calendar date on the wall (month 1 to 12). */
type WallDate = { year: number; month: number; day: number };

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', era: 'short',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock reading of `instant` in `timeZone`, as milliseconds since 1970 if that reading were UTC. */
function wallMs(instant: number, timeZone: string): number {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) parts[p.type] = p.value;
  const year = parts.era === 'BC' || parts.era === 'B' ? 1 - Number(parts.year) : Number(parts.year);
  const wall = new Date(0);
  wall.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
  wall.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), new Date(instant).getUTCMilliseconds());
  return wall.getTime();
}

function wallDateOf(instant: Date, timeZone: string): WallDate {
  const w = new Date(wallMs(instant.getTime(), timeZone));
  return { year: w.getUTCFullYear(), month: w.getUTCMonth() + 1, day: w.getUTCDate() };
}

/** The same date normalised (day 32 -> next month...), by the calendar. */
function wallDate(year: number, month: number, day: number): WallDate {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function wallDateMs(d: WallDate): number {
  const w = new Date(0);
  w.setUTCFullYear(d.year, d.month - 1, d.day);
  return w.getTime();
}

/**
 * The first instant of the local day `d` in `timeZone`: local midnight, or when the clocks skip midnight, the
 * moment they jump (the day's first existing instant); when midnight happens twice, the earlier one.
 */
function startOfLocalDay(d: WallDate, timeZone: string): Date {
  const wall = wallDateMs(d);
  // The offsets in force a day either side cover any single clock change around this midnight.
  const offsets = [wall - DAY_MS, wall + DAY_MS].map((probe) => wallMs(probe, timeZone) - probe);
  const candidates = offsets.map((o) => wall - o).filter((t) => wallMs(t, timeZone) === wall).sort((a, b) => a - b);
  if (candidates.length > 0) return new Date(candidates[0]);
  // Midnight does not exist that day: the day starts when the clocks jump, i.e. midnight in the old offset.
  return new Date(wall - offsets[0]);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Monday = 0 ... Sunday = 6. */
function isoWeekday(d: WallDate): number {
  return (new Date(wallDateMs(d)).getUTCDay() + 6) % 7;
}

/** The Monday of ISO week 1 of `isoYear` (the week holding 4 January). */
function isoWeekOneMonday(isoYear: number): WallDate {
  const jan4 = wallDate(isoYear, 1, 4);
  return wallDate(isoYear, 1, 4 - isoWeekday(jan4));
}

/** The ISO week-year and week number of a date. */
function isoWeekOf(d: WallDate): { isoYear: number; week: number } {
  const thursday = wallDate(d.year, d.month, d.day - isoWeekday(d) + 3);
  const isoYear = thursday.year;
  const week = Math.round((wallDateMs(thursday) - wallDateMs(isoWeekOneMonday(isoYear))) / (7 * DAY_MS)) + 1;
  return { isoYear, week };
}

function isoWeeksIn(isoYear: number): number {
  return isoWeekOf(wallDate(isoYear, 12, 28)).week;
}

/** The period of `unit` whose first local day is `first` (already aligned to the unit). */
function periodFrom(unit: PeriodUnit, first: WallDate, timeZone: string): Period {
  let next: WallDate;
  let label: string;
  if (unit === 'day') {
    next = wallDate(first.year, first.month, first.day + 1);
    label = `${pad(first.year, 4)}-${pad(first.month)}-${pad(first.day)}`;
  } else if (unit === 'week') {
    next = wallDate(first.year, first.month, first.day + 7);
    const { isoYear, week } = isoWeekOf(first);
    label = `${pad(isoYear, 4)}-W${pad(week)}`;
  } else if (unit === 'month') {
    next = wallDate(first.year, first.month + 1, 1);
    label = `${pad(first.year, 4)}-${pad(first.month)}`;
  } else {
    next = wallDate(first.year + 1, 1, 1);
    label = pad(first.year, 4);
  }
  return { unit, timeZone, start: startOfLocalDay(first, timeZone), end: startOfLocalDay(next, timeZone), label };
}

/** The period of `unit` that the instant `moment` falls in, in `timeZone`. */
export function periodOf(moment: Date, unit: PeriodUnit, timeZone: string): Period {
  const d = wallDateOf(moment, timeZone);
  if (unit === 'day') return periodFrom(unit, d, timeZone);
  if (unit === 'week') return periodFrom(unit, wallDate(d.year, d.month, d.day - isoWeekday(d)), timeZone);
  if (unit === 'month') return periodFrom(unit, wallDate(d.year, d.month, 1), timeZone);
  return periodFrom(unit, wallDate(d.year, 1, 1), timeZone);
}

/** The period just before: yesterday, last week, last month, last year. */
export function previousPeriod(p: Period): Period {
  return periodOf(new Date(p.start.getTime() - 1), p.unit, p.timeZone);
}

/**
 * The same period a year earlier: the same date (29 February -> 28 February), the same ISO week number of the
 * previous ISO week-year (week 53 -> week 52 when that year has none), the same month, the previous year.
 */
export function samePeriodLastYear(p: Period): Period {
  const first = wallDateOf(p.start, p.timeZone);
  if (p.unit === 'day') {
    const lastYear = wallDate(first.year - 1, first.month, first.day);
    const day = lastYear.month === first.month ? lastYear : wallDate(first.year - 1, first.month, first.day - 1);
    return periodFrom('day', day, p.timeZone);
  }
  if (p.unit === 'week') {
    const { isoYear, week } = isoWeekOf(first);
    const monday = isoWeekOneMonday(isoYear - 1);
    const w = Math.min(week, isoWeeksIn(isoYear - 1));
    return periodFrom('week', wallDate(monday.year, monday.month, monday.day + (w - 1) * 7), p.timeZone);
  }
  if (p.unit === 'month') return periodFrom('month', wallDate(first.year - 1, first.month, 1), p.timeZone);
  return periodFrom('year', wallDate(first.year - 1, 1, 1), p.timeZone);
}

/** Whether the instant falls in the period (start included, end excluded). */
export function inPeriod(p: Period, moment: Date): boolean {
  const t = moment.getTime();
  return t >= p.start.getTime() && t < p.end.getTime();
}

/** The local date (YYYY-MM-DD) of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  return periodOf(instant, 'day', timeZone).label;
}

/**
 * The period of `unit` holding the local date `date` (YYYY-MM-DD) in `timeZone`; null when `date` is not a real
 * calendar date (2026-02-30) or not in that form.
 */
export function periodOfDate(date: string, unit: PeriodUnit, timeZone: string): Period | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const d = wallDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (d.year !== Number(m[1]) || d.month !== Number(m[2]) || d.day !== Number(m[3])) return null;
  return periodOf(startOfLocalDay(d, timeZone), unit, timeZone);
}

/** Whether `timeZone` is an IANA zone name this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
