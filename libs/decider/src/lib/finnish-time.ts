/**
 * Finnish time: what people read is in Europe/Helsinki, written as in the reader's language; what programs read
 * stays ISO 8601 with an offset. Calendar periods people name (a year, a month, a day) are Helsinki's: their
 * first moment in UTC is 22:00 the day before in winter (EET, +02:00) and 21:00 in summer (EEST, +03:00; from
 * the last Sunday of March 03:00 to the last Sunday of October 04:00, local time).
 *
 * Only the platform's Intl (full ICU in Node 20) is used, never the server's own zone: the same instant reads the
 * same on any machine.
 */

const FINNISH_TIME_ZONE = 'Europe/Helsinki';

/** The languages families and workers are served in. */
export const READER_LANGUAGES = ['fi', 'sv', 'en'] as const;
export type ReaderLanguage = (typeof READER_LANGUAGES)[number];

/** Finnish and Swedish as written in Finland; English as in Britain (day before month, 24-hour clock). */
const READER_LOCALES: Record<ReaderLanguage, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** A Helsinki wall-clock reading; `month` and `day` count from 1. */
interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const WALL_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: FINNISH_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const MINUTE = 60_000;
const DAY = 86_400_000;

/** An instant from a Date or an ISO 8601 text (see `parseInstant`); anything else is a RangeError naming it. */
function instant(at: Date | string): Date {
  const parsed = typeof at === 'string' ? parseInstant(at) : Number.isNaN(at.getTime()) ? null : at;
  if (!parsed) throw new RangeError(`not a time: ${String(at)}`);
  return parsed;
}

/** The Helsinki wall clock at an instant. */
export function wallClockOf(at: Date | string): WallClock {
  const moment = instant(at);
  const parts: Record<string, number> = {};
  for (const part of WALL_CLOCK.formatToParts(moment)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
    millisecond: moment.getUTCMilliseconds(),
  };
}

const asUtc = (w: WallClock) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);

/** Helsinki's offset from UTC at an instant, in minutes: 120 in winter, 180 in summer. */
export function finnishOffsetMinutes(at: Date | string): number {
  const moment = instant(at);
  return (asUtc(wallClockOf(moment)) - moment.getTime()) / MINUTE;
}

/**
 * The instant a Helsinki wall-clock reading names. Fields out of range carry over as in `Date.UTC` (month 13 is
 * January of the next year). A reading the clocks skip in spring (03:00–03:59 on the last Sunday of March) is
 * taken an hour later; one they pass twice in autumn (03:00–03:59 on the last Sunday of October) is the first.
 */
export function instantOfWallClock(wall: Pick<WallClock, 'year' | 'month' | 'day'> & Partial<WallClock>): Date {
  const local = asUtc({ hour: 0, minute: 0, second: 0, millisecond: 0, ...wall });
  const offsets = [...new Set([finnishOffsetMinutes(new Date(local - DAY)), finnishOffsetMinutes(new Date(local + DAY))])].sort(
    (a, b) => b - a,
  );
  // The larger offset gives the earlier instant: the first of two readings in autumn.
  for (const offset of offsets) {
    const candidate = new Date(local - offset * MINUTE);
    if (asUtc(wallClockOf(candidate)) === local) return candidate;
  }
  // Skipped in spring: read with the offset before the change, which lands as far after the gap as it was into it.
  return new Date(local - finnishOffsetMinutes(new Date(local - DAY)) * MINUTE);
}

/** The first moment of a Helsinki day. */
export function startOfFinnishDay(year: number, month: number, day: number): Date {
  return instantOfWallClock({ year, month, day });
}

/** The first moment of a Helsinki month (`month` 13 is January of the next year). */
export function startOfFinnishMonth(year: number, month: number): Date {
  return instantOfWallClock({ year, month, day: 1 });
}

/** The first moment of a Helsinki year. */
export function startOfFinnishYear(year: number): Date {
  return instantOfWallClock({ year, month: 1, day: 1 });
}

/** True when an instant is midnight starting the first day of a month in Helsinki. */
export function startsAFinnishMonth(at: Date | string): boolean {
  const w = wallClockOf(at);
  return w.day === 1 && w.hour === 0 && w.minute === 0 && w.second === 0 && w.millisecond === 0;
}

/** The Helsinki calendar date of an instant, `YYYY-MM-DD`. */
export function finnishDateOf(at: Date | string): string {
  const w = wallClockOf(at);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** The Helsinki month of an instant, `YYYY-MM`. */
export function finnishMonthOf(at: Date | string): string {
  return finnishDateOf(at).slice(0, 7);
}

/**
 * An instant as ISO 8601 with Helsinki's offset at that moment (`2026-11-26T14:00:00.000+02:00`): the same instant
 * as its UTC form, and what a person reads in it is the local time.
 */
export function inFinnishTime(at: Date | string): string {
  const w = wallClockOf(at);
  const offset = finnishOffsetMinutes(at);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}.${String(w.millisecond).padStart(3, '0')}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const ISO_8601 = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/i;

/**
 * An ISO 8601 calendar date or date-time as an instant, or null when it is not one (or names no real day).
 * A time with `Z` or an offset is that instant; without one it is Helsinki's wall clock; a date alone, a month
 * (`2026-03`) or a year (`2026`) is its first moment in Helsinki. So `2026-01-01` starts the local year:
 * 2025-12-31T22:00:00Z.
 */
export function parseInstant(text: string): Date | null {
  const m = ISO_8601.exec(text.trim());
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', fraction = '', zone] = m;
  const wall = {
    year: +y,
    month: +mo,
    day: +d,
    hour: +h,
    minute: +mi,
    second: +s,
    millisecond: Number(fraction.padEnd(3, '0').slice(0, 3)),
  };
  const normalised = new Date(asUtc(wall));
  const real =
    normalised.getUTCFullYear() === wall.year &&
    normalised.getUTCMonth() + 1 === wall.month &&
    normalised.getUTCDate() === wall.day &&
    normalised.getUTCHours() === wall.hour &&
    normalised.getUTCMinutes() === wall.minute &&
    normalised.getUTCSeconds() === wall.second;
  if (!real) return null;
  if (zone === undefined) return instantOfWallClock(wall);
  if (zone.toUpperCase() === 'Z') return normalised;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  if (minutes > 18 * 60) return null;
  return new Date(normalised.getTime() - (zone[0] === '-' ? -minutes : minutes) * MINUTE);
}

type Style = 'date' | 'time' | 'time-seconds' | 'date-time' | 'date-time-seconds';

const STYLES: Record<Style, Intl.DateTimeFormatOptions> = {
  date: { year: 'numeric', month: 'numeric', day: 'numeric' },
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  'time-seconds': { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  'date-time': { year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  'date-time-seconds': {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  },
};

const formatters = new Map<string, Intl.DateTimeFormat>();
function format(at: Date, language: ReaderLanguage, style: Style, timeZone = FINNISH_TIME_ZONE): string {
  const key = `${language} ${style} ${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) formatters.set(key, (formatter = new Intl.DateTimeFormat(READER_LOCALES[language], { ...STYLES[style], timeZone })));
  return formatter.format(at);
}

/** The Helsinki date of an instant as the language writes it: `26.11.2026` (fi, sv), `26/11/2026` (en). */
export function formatFinnishDate(at: Date | string, language: ReaderLanguage): string {
  return format(instant(at), language, 'date');
}

/** The Helsinki time of an instant as the language writes it: `14.00` (fi, sv), `14:00` (en). */
export function formatFinnishTime(at: Date | string, language: ReaderLanguage, options: { seconds?: boolean } = {}): string {
  return format(instant(at), language, options.seconds ? 'time-seconds' : 'time');
}

/** The Helsinki date and time of an instant: `26.11.2026 klo 14.00` (fi), `26.11.2026 14.00` (sv), `26/11/2026, 14:00` (en). */
export function formatFinnishDateTime(at: Date | string, language: ReaderLanguage, options: { seconds?: boolean } = {}): string {
  return format(instant(at), language, options.seconds ? 'date-time-seconds' : 'date-time');
}

/**
 * A calendar date without a time (`2026-12-10`: a deadline, a birth date) as the language writes it. It names a
 * day, not an instant, so it is never shifted by a zone.
 */
export function formatCalendarDate(date: string, language: ReaderLanguage): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const day = m && parseInstant(date);
  if (!m || !day) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
  return format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])), language, 'date', 'UTC');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
