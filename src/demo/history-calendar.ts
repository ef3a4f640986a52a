// How many orders a day of demo history gets (history.ts): a platform that grows about 1.9× a year, busier at
// weekends, with the shopping festivals' peaks (Singles' Day 11-11 and its presales, 618, Double 12), the rush before
// the Lunar New Year and the lull while couriers are off for it. Pure: the same day always gets the same number.

/** Lunar New Year's day (正月初一) of the years the history may cover. */
const LUNAR_NEW_YEAR: Record<number, string> = {
  2022: '2022-02-01', 2023: '2023-01-22', 2024: '2024-02-10', 2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06', 2028: '2028-01-26', 2029: '2029-02-13', 2030: '2030-02-03',
};

/** The yearly growth of the whole platform (orders a day a year ago × this = orders a day now). */
export const YEARLY_GROWTH = 1.9;

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;

/** The festival and holiday factor of a local day (YYYY-MM-DD): 1 on an ordinary day. */
export function festivalFactor(day: string): number {
  const md = day.slice(5);
  if (md === '11-11') return 5;
  if (md === '11-12') return 1.6;
  if (md >= '11-01' && md <= '11-10') return 1.5;
  if (md === '06-18') return 2.5;
  if (md >= '06-01' && md <= '06-17') return 1.25;
  if (md === '12-12') return 1.8;
  const lny = LUNAR_NEW_YEAR[Number(day.slice(0, 4))] ?? LUNAR_NEW_YEAR[Number(day.slice(0, 4)) + 1];
  if (lny) {
    const d = dayNumber(day) - dayNumber(lny);
    if (d >= -21 && d < -7) return 1.8; // New Year goods: food, gifts, new clothes
    if (d >= -7 && d < 0) return 1.2;
    if (d >= 0 && d < 8) return 0.45; // the holiday: couriers stop
  }
  return 1;
}

/** A small, fixed wobble of a day (0.9 to 1.1), so that no two weeks look the same. */
function wobble(day: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < day.length; i++) h = Math.imul(h ^ day.charCodeAt(i), 0x01000193);
  return 0.9 + ((h >>> 0) % 1000) / 5000;
}

/**
 * The orders of a local day `daysAgo` days before the history's last day, `perDay` being an ordinary day's orders
 * at the end of it: the growth trend × weekend × festivals × wobble, rounded.
 */
export function ordersOnDay(day: string, daysAgo: number, perDay: number): number {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6 ? 1.15 : 1;
  return Math.round(perDay * YEARLY_GROWTH ** (-daysAgo / 365) * weekend * festivalFactor(day) * wobble(day));
}

/** The local days of a history of `days` days ending the day before `today` (YYYY-MM-DD), oldest first, with their age. */
export function historyDays(today: string, days: number): { day: string; daysAgo: number }[] {
  const end = dayNumber(today);
  return Array.from({ length: days }, (_, i) => {
    const daysAgo = days - 1 - i;
    return { day: new Date((end - 1 - daysAgo) * DAY_MS).toISOString().slice(0, 10), daysAgo };
  });
}
