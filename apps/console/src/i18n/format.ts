import { useTranslation } from 'react-i18next';
import { LOCALES, TIME_ZONE, type Language } from './languages';

/** Dates, times and numbers in the person's language, always on Finnish time (Europe/Helsinki). */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = LOCALES[(i18n.resolvedLanguage ?? 'fi') as Language] ?? 'fi-FI';
  const date = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, dateStyle: 'medium' });
  const dateTime = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' });
  const number = new Intl.NumberFormat(locale);
  const month = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, month: 'short', year: 'numeric' });
  const valid = (iso: string | undefined | null) => !!iso && !Number.isNaN(Date.parse(iso));
  return {
    locale,
    date: (iso: string | undefined | null) => (valid(iso) ? date.format(new Date(iso as string)) : '–'),
    dateTime: (iso: string | undefined | null) => (valid(iso) ? dateTime.format(new Date(iso as string)) : '–'),
    number: (value: number | undefined | null) => (typeof value === 'number' ? number.format(value) : '–'),
    /** "2026-03" → "maalisk. 2026" */
    month: (yearMonth: string) => month.format(new Date(`${yearMonth}-15T12:00:00Z`)),
  };
}

/** A `datetime-local` value (Finnish wall time) as an ISO instant, and back; the browser's own zone is not used. */
export function helsinkiLocalToIso(local: string): string {
  if (!local) return '';
  // Find the offset Helsinki had at that wall time (two passes settle the daylight-saving edge).
  const asUtc = Date.parse(`${local}:00Z`);
  let instant = asUtc;
  for (let pass = 0; pass < 2; pass++) instant = asUtc - offsetMinutes(new Date(instant)) * 60_000;
  return new Date(instant).toISOString();
}

export function isoToHelsinkiLocal(iso: string | undefined): string {
  if (!iso) return '';
  const instant = new Date(iso);
  const shifted = new Date(instant.getTime() + offsetMinutes(instant) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

function offsetMinutes(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' }).formatToParts(at);
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+02:00';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}
