import {
  finnishMonthOf,
  inFinnishTime,
  instantOfWallClock,
  parseInstant,
  startOfFinnishMonth,
  startOfFinnishYear,
  startsAFinnishMonth,
  wallClockOf,
} from '@perheverkko/decider';

/**
 * A report's period: from its first moment (inclusive) to the first moment after it (exclusive). Years, months
 * and days named in a request are Helsinki's calendar: `from=2027-01-01` starts at 2026-12-31T22:00Z, so an event
 * at 2026-12-31T23:30Z (01:30 on New Year's Day in Finland) is counted in 2027.
 */
export interface ReportPeriod {
  from: Date;
  to: Date;
}

interface PeriodViolation {
  field: 'from' | 'to';
  reason: string;
}

export const PERIOD_FORMAT = 'a date (YYYY-MM-DD), a month (YYYY-MM) or a year in Finnish time, or an ISO 8601 time with its offset';
const WHOLE_MONTHS = 'analysts ask for whole months: the first day of a month (YYYY-MM or YYYY-MM-01), from midnight Finnish time';

/**
 * The period a request asks for. Without `from`, the current year in Finland; without `to`, a year after `from`
 * (the same local date and time). With `wholeMonths` (analysts) both ends must start a month in Finnish time.
 */
export function reportPeriodOf(
  asked: { from?: string; to?: string },
  now: Date,
  options: { wholeMonths?: boolean } = {},
): { period: ReportPeriod } | { message: string; violations: PeriodViolation[] } {
  const from = asked.from === undefined ? startOfFinnishYear(wallClockOf(now).year) : parseInstant(asked.from);
  const to = asked.to === undefined ? from && aYearAfter(from) : parseInstant(asked.to);
  const unread = [...(from ? [] : ['from' as const]), ...(asked.to !== undefined && !to ? ['to' as const] : [])];
  if (unread.length || !from || !to)
    return { message: 'the period is not a date or time', violations: unread.map((field) => ({ field, reason: PERIOD_FORMAT })) };
  const finer = options.wholeMonths ? (['from', 'to'] as const).filter((field) => !startsAMonth(field === 'from' ? from : to)) : [];
  if (finer.length)
    return { message: 'the period is finer than a month', violations: finer.map((field) => ({ field, reason: WHOLE_MONTHS })) };
  if (to <= from) return { message: 'the period is empty', violations: [{ field: 'to', reason: 'must be after from' }] };
  return { period: { from, to } };
}

function aYearAfter(at: Date): Date {
  const wall = wallClockOf(at);
  return instantOfWallClock({ ...wall, year: wall.year + 1 });
}

/**
 * Analysts' periods are whole months (or longer): a finer one (a week, a day) could isolate a family's meeting,
 * and day-by-day periods would let small counts be worked out by subtraction. `true` when `at` is the first
 * moment of a month in Finnish time (`2031-03`, `2031-03-01`, `2031-03-01T00:00:00+02:00`, `2031-02-28T22:00:00Z`).
 */
export function startsAMonth(at: Date): boolean {
  return startsAFinnishMonth(at);
}

/** The period as ISO 8601 with Helsinki's offset (`2026-01-01T00:00:00.000+02:00`): its ends as a person named them. */
export function periodInFinnishTime(period: ReportPeriod): { from: string; to: string } {
  return { from: inFinnishTime(period.from), to: inFinnishTime(period.to) };
}

/**
 * Feedback forms are kept by the month they were given in (`YYYY-MM`, Finnish calendar): a period counts the
 * months that start within it, `first` inclusive to `end` exclusive (so `2026-03-15`–`2026-06-01` counts April and
 * May). Months compare as text.
 */
export function monthsStartingIn(period: ReportPeriod): { first: string; end: string } {
  return { first: firstMonthStartingAtOrAfter(period.from), end: firstMonthStartingAtOrAfter(period.to) };
}

function firstMonthStartingAtOrAfter(at: Date): string {
  if (startsAFinnishMonth(at)) return finnishMonthOf(at);
  const { year, month } = wallClockOf(at);
  return finnishMonthOf(startOfFinnishMonth(year, month + 1));
}
