import {
  finnishDateOf,
  finnishMonthOf,
  finnishOffsetMinutes,
  formatCalendarDate,
  formatFinnishDate,
  formatFinnishDateTime,
  formatFinnishTime,
  inFinnishTime,
  instantOfWallClock,
  parseInstant,
  startOfFinnishDay,
  startOfFinnishMonth,
  startOfFinnishYear,
  startsAFinnishMonth,
  wallClockOf,
} from './finnish-time';

const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('Finnish time', () => {
  describe('the offset, and the clocks turning (last Sunday of March and of October, at 01:00 UTC)', () => {
    it.each([
      ['2026-03-29T00:59:59.999Z', 120, '2026-03-29 02:59'],
      ['2026-03-29T01:00:00.000Z', 180, '2026-03-29 04:00'],
      ['2026-10-25T00:59:59.999Z', 180, '2026-10-25 03:59'],
      ['2026-10-25T01:00:00.000Z', 120, '2026-10-25 03:00'],
      ['2026-01-15T12:00:00.000Z', 120, '2026-01-15 14:00'],
      ['2026-07-15T12:00:00.000Z', 180, '2026-07-15 15:00'],
    ])('should read %s as +%i minutes, %s on the wall', (at, offset, wall) => {
      expect(finnishOffsetMinutes(at)).toBe(offset);
      const w = wallClockOf(at);
      expect(
        `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`,
      ).toBe(wall);
    });

    it('should take a reading skipped in spring an hour later, and one passed twice in autumn the first time', () => {
      expect(iso(instantOfWallClock({ year: 2026, month: 3, day: 29, hour: 3, minute: 30 }))).toBe('2026-03-29T01:30:00.000Z');
      expect(iso(instantOfWallClock({ year: 2026, month: 10, day: 25, hour: 3, minute: 30 }))).toBe('2026-10-25T00:30:00.000Z');
      expect(iso(instantOfWallClock({ year: 2026, month: 10, day: 25, hour: 4 }))).toBe('2026-10-25T02:00:00.000Z');
    });

    it('should make the days the clocks turn 23 and 25 hours long', () => {
      const hours = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 3_600_000;
      expect(hours(startOfFinnishDay(2026, 3, 29), startOfFinnishDay(2026, 3, 30))).toBe(23);
      expect(hours(startOfFinnishDay(2026, 10, 25), startOfFinnishDay(2026, 10, 26))).toBe(25);
      expect(hours(startOfFinnishDay(2026, 6, 1), startOfFinnishDay(2026, 6, 2))).toBe(24);
    });
  });

  describe('calendar periods', () => {
    it('should start a local year at 22:00 UTC on 31 December', () => {
      expect(iso(startOfFinnishYear(2027))).toBe('2026-12-31T22:00:00.000Z');
      expect(iso(startOfFinnishYear(2026))).toBe('2025-12-31T22:00:00.000Z');
    });

    it.each([
      [2026, 1, '2025-12-31T22:00:00.000Z'],
      [2026, 3, '2026-02-28T22:00:00.000Z'],
      [2026, 4, '2026-03-31T21:00:00.000Z'], // summer time since 29 March
      [2026, 10, '2026-09-30T21:00:00.000Z'],
      [2026, 11, '2026-10-31T22:00:00.000Z'], // winter time again since 25 October
      [2026, 13, '2026-12-31T22:00:00.000Z'],
      [2028, 3, '2028-02-29T22:00:00.000Z'], // leap year
    ])('should start %i-%i at %s', (year, month, expected) => {
      expect(iso(startOfFinnishMonth(year, month))).toBe(expected);
      expect(startsAFinnishMonth(expected)).toBe(true);
    });

    it('should not take UTC midnight, or a minute past local midnight, as the start of a month', () => {
      expect(startsAFinnishMonth('2026-03-01T00:00:00.000Z')).toBe(false);
      expect(startsAFinnishMonth('2026-02-28T22:01:00.000Z')).toBe(false);
      expect(startsAFinnishMonth('2026-04-01T00:00:00+03:00')).toBe(true);
    });

    it('should put an instant in the local day, month and year it falls in', () => {
      expect(finnishDateOf('2026-12-31T21:59:59.999Z')).toBe('2026-12-31');
      expect(finnishDateOf('2026-12-31T22:00:00.000Z')).toBe('2027-01-01');
      expect(finnishMonthOf('2026-12-31T23:30:00.000Z')).toBe('2027-01');
      expect(finnishMonthOf('2026-03-31T20:59:59.999Z')).toBe('2026-03');
      expect(finnishMonthOf('2026-03-31T21:00:00.000Z')).toBe('2026-04');
    });
  });

  describe('ISO 8601 in and out', () => {
    it('should write an instant with the offset Helsinki had then, naming the same instant', () => {
      for (const [at, expected] of [
        ['2026-11-26T12:00:00.000Z', '2026-11-26T14:00:00.000+02:00'],
        ['2026-06-15T09:00:00.250Z', '2026-06-15T12:00:00.250+03:00'],
        ['2026-12-31T23:30:00.000Z', '2027-01-01T01:30:00.000+02:00'],
      ]) {
        expect(inFinnishTime(at)).toBe(expected);
        expect(Date.parse(inFinnishTime(at))).toBe(Date.parse(at));
      }
    });

    it.each([
      ['2026', '2025-12-31T22:00:00.000Z'],
      ['2026-07', '2026-06-30T21:00:00.000Z'],
      ['2026-01-01', '2025-12-31T22:00:00.000Z'],
      ['2026-06-01T12:00', '2026-06-01T09:00:00.000Z'],
      ['2026-06-01T12:00:00.5', '2026-06-01T09:00:00.500Z'],
      ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00.000Z'],
      ['2026-01-01T00:00:00+02:00', '2025-12-31T22:00:00.000Z'],
      ['2026-01-01T00:00:00+0200', '2025-12-31T22:00:00.000Z'],
      ['2026-01-01T00:00:00-05', '2026-01-01T05:00:00.000Z'],
    ])('should read %s as %s (no offset: Helsinki wall clock)', (text, expected) => {
      expect(iso(parseInstant(text))).toBe(expected);
    });

    it.each(['yesterday', '2026-02-30', '2026-13-01', '2026-W01', '2026-001', '2026-01-01T25:00', '2026-01-01T12:00+19:00', ''])(
      'should not read %j as a time',
      (text) => {
        expect(parseInstant(text)).toBeNull();
      },
    );
  });

  describe('as people read it', () => {
    const winter = '2026-12-07T10:00:00.000Z';
    const summer = '2026-06-05T07:05:09.000Z';

    it.each([
      ['fi', '7.12.2026', '12.00', '7.12.2026 klo 12.00', '5.6.2026 klo 10.05.09'],
      ['sv', '7.12.2026', '12.00', '7.12.2026 12.00', '5.6.2026 10.05.09'],
      ['en', '07/12/2026', '12:00', '07/12/2026, 12:00', '05/06/2026, 10:05:09'],
    ] as const)('should write dates and times in Finnish time for %s', (language, date, time, dateTime, withSeconds) => {
      expect(formatFinnishDate(winter, language)).toBe(date);
      expect(formatFinnishTime(winter, language)).toBe(time);
      expect(formatFinnishDateTime(winter, language)).toBe(dateTime);
      expect(formatFinnishDateTime(summer, language, { seconds: true })).toBe(withSeconds);
    });

    it('should write the local date of an instant just after local midnight, not the UTC one', () => {
      expect(formatFinnishDateTime('2026-12-31T22:30:00.000Z', 'fi')).toBe('1.1.2027 klo 00.30');
      expect(formatFinnishDate('2026-08-31T21:30:00.000Z', 'en')).toBe('01/09/2026');
    });

    it('should write a calendar date as that day, whatever the zone', () => {
      expect(formatCalendarDate('2026-12-10', 'fi')).toBe('10.12.2026');
      expect(formatCalendarDate('2026-01-01', 'sv')).toBe('1.1.2026');
      expect(formatCalendarDate('2026-12-10', 'en')).toBe('10/12/2026');
      expect(() => formatCalendarDate('2026-12-10T10:00:00Z', 'fi')).toThrow(RangeError);
      expect(() => formatCalendarDate('2026-02-30', 'fi')).toThrow(RangeError);
    });

    it('should refuse what is not a time, naming it', () => {
      expect(() => formatFinnishDate('soon', 'fi')).toThrow('not a time: soon');
      expect(() => formatFinnishDate(new Date(Number.NaN), 'fi')).toThrow(RangeError);
    });

    it("should not depend on the server's own time zone", () => {
      const saved = process.env.TZ;
      try {
        process.env.TZ = 'America/Los_Angeles';
        expect(formatFinnishDateTime(winter, 'fi')).toBe('7.12.2026 klo 12.00');
        expect(iso(parseInstant('2026-06-01T12:00'))).toBe('2026-06-01T09:00:00.000Z');
        expect(iso(startOfFinnishYear(2027))).toBe('2026-12-31T22:00:00.000Z');
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    });
  });
});
