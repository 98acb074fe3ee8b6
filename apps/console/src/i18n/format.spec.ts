import { helsinkiLocalToIso, isoToHelsinkiLocal } from './format';

// Finland changes its clocks with the EU at 01:00 UTC on the last Sunday of March (03:00 EET → 04:00 EEST) and of
// October (04:00 EEST → 03:00 EET); in 2026 on 29 March and 25 October.
describe('Finnish wall time (Europe/Helsinki) and instants, across the daylight-saving changes', () => {
  it.each([
    ['2026-01-15T12:00', '2026-01-15T10:00:00.000Z'], // winter: UTC+2
    ['2026-07-15T12:00', '2026-07-15T09:00:00.000Z'], // summer: UTC+3
    ['2026-03-29T02:59', '2026-03-29T00:59:00.000Z'], // the last minute of winter time
    ['2026-03-29T04:00', '2026-03-29T01:00:00.000Z'], // the first of summer time
    ['2026-10-25T02:59', '2026-10-24T23:59:00.000Z'], // summer time still
    ['2026-10-25T04:00', '2026-10-25T02:00:00.000Z'], // winter time again
    ['2026-12-31T23:30', '2026-12-31T21:30:00.000Z'], // a year's end on Finnish time is still the old year in UTC
  ])('should read %s in Helsinki as %s', (local, iso) => {
    expect(helsinkiLocalToIso(local)).toBe(iso);
    expect(isoToHelsinkiLocal(iso)).toBe(local);
  });

  it('should show the hour that repeats in October twice, once for each instant', () => {
    expect(isoToHelsinkiLocal('2026-10-25T00:30:00.000Z')).toBe('2026-10-25T03:30'); // EEST
    expect(isoToHelsinkiLocal('2026-10-25T01:30:00.000Z')).toBe('2026-10-25T03:30'); // EET
    // Typed in, the repeated wall time is one of its two instants, and reads back as the same wall time.
    expect(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']).toContain(helsinkiLocalToIso('2026-10-25T03:30'));
  });

  it('should move a wall time that does not exist in March (03:00–03:59) to a real instant an hour on', () => {
    // 03:30 was never shown on a Finnish clock on 29 March 2026: it is taken as 04:30 EEST, not silently as 02:30.
    expect(isoToHelsinkiLocal(helsinkiLocalToIso('2026-03-29T03:30'))).toBe('2026-03-29T04:30');
  });

  it('should turn every quarter hour of both changeover days into an instant and back, the gap and repeat aside', () => {
    const wrong: string[] = [];
    for (const day of ['2026-03-29', '2026-10-25']) {
      for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
        const local = `${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        if (local.slice(11, 13) === '03') continue; // March's missing hour, October's repeated one
        if (isoToHelsinkiLocal(helsinkiLocalToIso(local)) !== local) wrong.push(local);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('should leave an empty field empty', () => {
    expect(helsinkiLocalToIso('')).toBe('');
    expect(isoToHelsinkiLocal(undefined)).toBe('');
  });
});
