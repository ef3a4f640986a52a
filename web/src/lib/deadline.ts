// How long is left until a deadline the server set (an after-sales request's `dueAt`), for the buyer and the merchant
// alike: one pure function, so both sides read the same number from the same `dueAt` at the same moment.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type TimeLeft = { overdue: true; n: 0; unit: null; ms: number } | { overdue: false; n: number; unit: 'day' | 'hour' | 'minute'; ms: number };

/**
 * The time left until `dueAt` at `now`, counted in whole units rounded UP ("7 d" means at most 7 days remain, so a
 * request due in exactly 7 days and one due in 7 days minus a minute both read "7 d"). Days above 48 hours, hours
 * above one hour, minutes below (at least 1); overdue once `now` reaches `dueAt`.
 */
export function timeLeft(dueAt: string | Date, now: number | Date): TimeLeft {
  const ms = new Date(dueAt).getTime() - new Date(now).getTime();
  if (ms <= 0) return { overdue: true, n: 0, unit: null, ms };
  if (ms > 2 * DAY) return { overdue: false, n: Math.ceil(ms / DAY), unit: 'day', ms };
  if (ms > HOUR) return { overdue: false, n: Math.ceil(ms / HOUR), unit: 'hour', ms };
  return { overdue: false, n: Math.max(1, Math.ceil(ms / MINUTE)), unit: 'minute', ms };
}
