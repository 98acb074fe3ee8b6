import { useEffect, useState } from 'react';
import { TIME_ZONE } from '../../i18n/languages';
import { helsinkiLocalToIso, isoToHelsinkiLocal } from '../../i18n/format';

/** A moment to the second, in Finnish time and the person's locale: an auditor tells apart events a second apart. */
export function secondsFormat(locale: string): (iso: string) => string {
  const format = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, dateStyle: 'short', timeStyle: 'medium' });
  return (iso) => (Number.isNaN(Date.parse(iso)) ? '–' : format.format(new Date(iso)));
}

/** A `datetime-local` value with seconds (Finnish wall time) as an ISO instant. */
export function localSecondsToIso(local: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(local)) return '';
  const minute = helsinkiLocalToIso(local.slice(0, 16));
  const seconds = Number(local.slice(17, 19) || '0');
  return new Date(Date.parse(minute) + seconds * 1000).toISOString();
}

/** An ISO instant as a `datetime-local` value with seconds, in Finnish wall time. */
export function isoToLocalSeconds(iso: string): string {
  if (Number.isNaN(Date.parse(iso))) return '';
  const seconds = new Date(iso).getUTCSeconds();
  return `${isoToHelsinkiLocal(iso)}:${String(seconds).padStart(2, '0')}`;
}

/**
 * The distinct moments the events happened at, oldest first: the slider's stops. Stop 0 is just before the first
 * event (nothing had happened yet), stop i the moment of the i-th.
 */
export function stopsOf(occurredAt: string[]): string[] {
  const moments = [...new Set(occurredAt.filter((at) => !Number.isNaN(Date.parse(at))).map((at) => Date.parse(at)))].sort((a, b) => a - b);
  if (moments.length === 0) return [];
  return [new Date(moments[0] - 1).toISOString(), ...moments.map((ms) => new Date(ms).toISOString())];
}

/** The stop at or before `asOf` (the state there is the state at `asOf`). */
export function stopAt(stops: string[], asOf: string): number {
  const at = Date.parse(asOf);
  let found = 0;
  stops.forEach((stop, index) => {
    if (Date.parse(stop) <= at) found = index;
  });
  return found;
}

/** A value that settles: a slider dragged across twenty stops asks the API (and logs a read) once, where it stops. */
export function useSettled<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
