import { monthsStartingIn, periodInFinnishTime, reportPeriodOf, startsAMonth, type ReportPeriod } from './report-period';

const periodOf = (
  asked: { from?: string; to?: string },
  options: { wholeMonths?: boolean } = {},
  now = new Date('2026-06-15T12:00:00.000Z'),
) => {
  const result = reportPeriodOf(asked, now, options);
  if (!('period' in result)) throw new Error(`refused: ${JSON.stringify(result)}`);
  return { from: result.period.from.toISOString(), to: result.period.to.toISOString() };
};
const contains = ({ from, to }: { from: string; to: string }, at: string) =>
  Date.parse(from) <= Date.parse(at) && Date.parse(at) < Date.parse(to);

describe('the period of a report', () => {
  describe('years and months are Finnish', () => {
    it('should start a year at local midnight: 22:00 UTC the day before', () => {
      expect(periodOf({ from: '2027-01-01', to: '2028-01-01' })).toEqual({
        from: '2026-12-31T22:00:00.000Z',
        to: '2027-12-31T22:00:00.000Z',
      });
      expect(periodOf({ from: '2027', to: '2028' })).toEqual(periodOf({ from: '2027-01-01', to: '2028-01-01' }));
    });

    it('should count an event just before local midnight on 31 December in the old year, one just after in the new', () => {
      const year2026 = periodOf({ from: '2026-01-01', to: '2027-01-01' });
      const year2027 = periodOf({ from: '2027-01-01', to: '2028-01-01' });
      const beforeMidnight = '2026-12-31T21:59:59.999Z'; // 23:59:59.999 in Helsinki
      const afterMidnight = '2026-12-31T23:30:00.000Z'; // 01:30 on 1 January in Helsinki
      expect([contains(year2026, beforeMidnight), contains(year2027, beforeMidnight)]).toEqual([true, false]);
      expect([contains(year2026, afterMidnight), contains(year2027, afterMidnight)]).toEqual([false, true]);
      expect(contains(periodOf({ from: '2026-12', to: '2027-01' }), beforeMidnight)).toBe(true);
      expect(contains(periodOf({ from: '2027-01', to: '2027-02' }), afterMidnight)).toBe(true);
    });

    it('should move a month boundary an hour when the clocks have turned (summer time from 29 March 2026 to 25 October 2026)', () => {
      expect(periodOf({ from: '2026-03', to: '2026-04' })).toEqual({ from: '2026-02-28T22:00:00.000Z', to: '2026-03-31T21:00:00.000Z' });
      expect(periodOf({ from: '2026-10', to: '2026-11' })).toEqual({ from: '2026-09-30T21:00:00.000Z', to: '2026-10-31T22:00:00.000Z' });
      const april = periodOf({ from: '2026-04', to: '2026-05' });
      expect([contains(april, '2026-03-31T20:59:59.999Z'), contains(april, '2026-03-31T21:00:00.000Z')]).toEqual([false, true]);
    });

    it('should default to the current year in Finland, even when it is still the old year in UTC', () => {
      expect(periodOf({}, {}, new Date('2026-12-31T22:30:00.000Z'))).toEqual({
        from: '2026-12-31T22:00:00.000Z',
        to: '2027-12-31T22:00:00.000Z',
      });
      expect(periodOf({}, {}, new Date('2026-12-31T21:30:00.000Z'))).toEqual({
        from: '2025-12-31T22:00:00.000Z',
        to: '2026-12-31T22:00:00.000Z',
      });
    });

    it('should end a year after `from` by default, at the same local time across the change to summer time', () => {
      expect(periodOf({ from: '2026-07-01' })).toEqual({ from: '2026-06-30T21:00:00.000Z', to: '2027-06-30T21:00:00.000Z' });
      expect(periodOf({ from: '2026-02-01T00:00:00Z' })).toEqual({ from: '2026-02-01T00:00:00.000Z', to: '2027-02-01T00:00:00.000Z' });
    });

    it('should write the period back with the offset Helsinki had at each end', () => {
      const period: ReportPeriod = { from: new Date('2026-03-31T21:00:00.000Z'), to: new Date('2026-10-31T22:00:00.000Z') };
      expect(periodInFinnishTime(period)).toEqual({ from: '2026-04-01T00:00:00.000+03:00', to: '2026-11-01T00:00:00.000+02:00' });
    });
  });

  describe("analysts' whole months", () => {
    it.each([
      '2031-03',
      '2031-03-01',
      '2031-03-01T00:00',
      '2031-03-01T00:00:00+02:00',
      '2031-02-28T22:00:00Z',
      '2031-04-01T00:00:00+03:00',
    ])('should take %s as the start of a month', (at) => {
      expect(periodOf({ from: at, to: '2031-05' }, { wholeMonths: true }).to).toBe('2031-04-30T21:00:00.000Z');
    });

    it('should tell the first moment of a local month from UTC midnight', () => {
      expect([
        startsAMonth(new Date('2031-02-28T22:00:00Z')),
        startsAMonth(new Date('2031-03-01T00:00:00Z')),
        startsAMonth(new Date('2031-03-31T21:00:00Z')),
      ]).toEqual([true, false, true]);
    });

    it.each(['2031-03-03', '2031-03-01T00:00:00Z', '2031-03-01T00:00:01+02:00', '2031-04-01T00:00:00+02:00'])(
      'should refuse %s as finer than a month, naming the field',
      (at) => {
        expect(reportPeriodOf({ from: at, to: '2031-05' }, new Date(), { wholeMonths: true })).toEqual({
          message: 'the period is finer than a month',
          violations: [{ field: 'from', reason: expect.stringContaining('midnight Finnish time') }],
        });
      },
    );

    it('should let coordinators keep exact dates', () => {
      expect(periodOf({ from: '2031-03-03', to: '2031-03-04' })).toEqual({
        from: '2031-03-02T22:00:00.000Z',
        to: '2031-03-03T22:00:00.000Z',
      });
    });
  });

  describe('what is refused', () => {
    it('should refuse what is not a date, naming each field', () => {
      expect(reportPeriodOf({ from: '2026-W01', to: '2026-02-30' }, new Date())).toEqual({
        message: 'the period is not a date or time',
        violations: [
          { field: 'from', reason: expect.stringContaining('YYYY-MM-DD') },
          { field: 'to', reason: expect.stringContaining('YYYY-MM-DD') },
        ],
      });
    });

    it('should refuse an empty period', () => {
      expect(reportPeriodOf({ from: '2026-05-01', to: '2026-01-01' }, new Date())).toEqual({
        message: 'the period is empty',
        violations: [{ field: 'to', reason: 'must be after from' }],
      });
    });
  });

  describe('the feedback months a period counts', () => {
    it('should count the months that start within it', () => {
      const months = (from: string, to: string) => {
        const result = reportPeriodOf({ from, to }, new Date());
        if (!('period' in result)) throw new Error('refused');
        return monthsStartingIn(result.period);
      };
      expect(months('2026-01-01', '2027-01-01')).toEqual({ first: '2026-01', end: '2027-01' });
      expect(months('2026-03-15', '2026-06-01')).toEqual({ first: '2026-04', end: '2026-06' });
      // Midnight UTC on 1 April is 03:00 in Helsinki: April has already started, so the period starts with May.
      expect(months('2026-04-01T00:00:00Z', '2026-12-31T21:00:00Z')).toEqual({ first: '2026-05', end: '2027-01' });
      // 23:00 UTC on 31 December is 01:00 on New Year's Day in Helsinki: January has started within the period.
      expect(months('2026-04-01T00:00:00Z', '2026-12-31T23:00:00Z')).toEqual({ first: '2026-05', end: '2027-02' });
    });
  });
});
