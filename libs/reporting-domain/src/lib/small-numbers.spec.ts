import { protectBreakdown, protectCount, protectStatistic } from './small-numbers';

describe('small-number protection', () => {
  it('should suppress counts from 1 to threshold − 1 and keep zeros and larger counts', () => {
    expect(protectBreakdown({ a: 0, b: 4, c: 5, d: 3, e: 12 }, 5, { additive: false }).counts).toEqual({ a: 0, b: null, c: 5, d: null, e: 12 });
    expect(protectCount(1, 5)).toBeNull();
    expect(protectCount(0, 5)).toBe(0);
    expect(protectCount(5, 5)).toBe(5);
  });

  it('should suppress a second cell where one suppressed cell could be worked out from the total', () => {
    const { counts, total } = protectBreakdown({ first: 20, 'follow-up': 3, other: 9 }, 5, { additive: true });
    expect(total).toBe(32);
    // 32 − 20 − 9 would reveal the 3: the smallest shown cell goes too.
    expect(counts).toEqual({ first: 20, 'follow-up': null, other: null });
  });

  it('should suppress the total when no other cell can hide the suppressed one', () => {
    expect(protectBreakdown({ yes: 3, no: 0 }, 5, { additive: true })).toEqual({ counts: { yes: null, no: 0 }, total: null });
    expect(protectBreakdown({ yes: 3, no: 7 }, 5, { additive: true })).toEqual({ counts: { yes: null, no: null }, total: 10 });
  });

  it('should leave two or more suppressed cells as they are (only their sum can be derived)', () => {
    expect(protectBreakdown({ a: 2, b: 3, c: 40 }, 5, { additive: true })).toEqual({ counts: { a: null, b: null, c: 40 }, total: 45 });
  });

  it('should follow a configured threshold', () => {
    expect(protectBreakdown({ a: 9, b: 10 }, 10, { additive: false }).counts).toEqual({ a: null, b: 10 });
    expect(protectBreakdown({ a: 1, b: 10 }, 1, { additive: true })).toEqual({ counts: { a: 1, b: 10 }, total: 11 });
  });

  it('should hide a statistic computed over too few families', () => {
    expect(protectStatistic(12.5, 4, 5)).toBeNull();
    expect(protectStatistic(12.5, 5, 5)).toBe(12.5);
  });
});
