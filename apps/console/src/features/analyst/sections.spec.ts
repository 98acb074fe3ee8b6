import { missingRows, monthlyRows, type MonthAnswer } from './sections';
import type { Section } from './types';

const label = (month: string) => `month ${month}`;
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05'];

describe("the analyst's meetings per month", () => {
  it('should show only an answer of the API as a value: a number, or null where the API suppressed it', () => {
    const answers: MonthAnswer[] = [
      { status: 'success', meetings: 10 },
      { status: 'success', meetings: null },
      { status: 'success', meetings: 0 },
    ];
    expect(monthlyRows(MONTHS.slice(0, 3), answers, label)).toEqual([
      { key: '2026-01', label: 'month 2026-01', value: 10 },
      { key: '2026-02', label: 'month 2026-02', value: null },
      { key: '2026-03', label: 'month 2026-03', value: 0 },
    ]);
  });

  it('should show a month refused (a 429) or unanswered as failed, and one still asked as loading: never as suppressed', () => {
    const answers: Array<MonthAnswer | undefined> = [
      { status: 'error' },
      { status: 'pending' },
      undefined,
      // A refetch that failed after an earlier answer: the failure is shown, not the old number.
      { status: 'error', meetings: 5 },
      // An answer without the count is no answer.
      { status: 'success' },
    ];
    const rows = monthlyRows(MONTHS, answers, label);
    expect(rows.map((row) => [row.key, row.missing])).toEqual([
      ['2026-01', 'failed'],
      ['2026-02', 'loading'],
      ['2026-03', 'loading'],
      ['2026-04', 'failed'],
      ['2026-05', 'failed'],
    ]);
    // The value of a missing row is not read as anything (the table and the CSV look at `missing` first).
    expect(rows.every((row) => row.value === null)).toBe(true);
  });

  it('should tell the rows a download would lack', () => {
    const sections: Section[] = [
      {
        id: 'perMonth',
        title: 'Per month',
        unit: 'meetings',
        rows: monthlyRows(MONTHS.slice(0, 2), [{ status: 'success', meetings: null }, { status: 'error' }], label),
      },
      { id: 'zones', title: 'Zones', unit: 'concerns', rows: [{ key: '3', label: '3', value: null }] },
    ];
    expect(missingRows(sections).map((row) => row.key)).toEqual(['2026-02']);
    expect(missingRows([sections[1]])).toEqual([]);
  });
});
