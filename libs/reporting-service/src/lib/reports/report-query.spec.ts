import { BadRequestException } from '@nestjs/common';
import type { PublishedRecord } from './report-remarks';
import { RECORD_CSV_COLUMNS, filterOf, recordCsvRow, toCsv } from './reports.http';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof BadRequestException) return error.getResponse();
    throw error;
  }
  throw new Error('not refused');
};

describe('a report query', () => {
  it('should read the period in Finnish time and pass it on with its offsets', () => {
    expect(filterOf({ from: '2027-01-01', to: '2027-07-01', region: 'Pohjois-Savo' })).toEqual({
      from: '2027-01-01T00:00:00.000+02:00',
      to: '2027-07-01T00:00:00.000+03:00',
      organizer: undefined,
      municipality: undefined,
      region: 'Pohjois-Savo',
      county: undefined,
    });
  });

  it('should default to the current year in Finland', () => {
    expect(filterOf({}, new Date('2026-12-31T22:30:00.000Z'))).toMatchObject({
      from: '2027-01-01T00:00:00.000+02:00',
      to: '2028-01-01T00:00:00.000+02:00',
    });
  });

  it('should answer 400 naming the field for a period finer than a local month, not a date, or empty', () => {
    expect(refusal(() => filterOf({ from: '2027-01-01T00:00:00Z', to: '2027-02' }, new Date(), { wholeMonths: true }))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'the period is finer than a month',
      violations: [{ field: 'from', reason: expect.stringContaining('midnight Finnish time') }],
    });
    expect(refusal(() => filterOf({ from: '2027-W01' }))).toMatchObject({
      violations: [{ field: 'from', reason: expect.stringContaining('Finnish time') }],
    });
    expect(refusal(() => filterOf({ from: '2027-02', to: '2027-01' }))).toMatchObject({
      violations: [{ field: 'to', reason: 'must be after from' }],
    });
  });

  it('should write a record for the CSV with its local date and time in the language asked for', () => {
    const record = {
      recordId: 'r-1',
      meetingId: 'm-1',
      recordedAt: '2026-12-31T22:30:00.000Z',
      organizer: 'Kuopio family centre',
      municipality: 'Kuopio',
      region: 'Pohjois-Savo',
      kind: 'first',
      participatingSectors: ['school', 'child health clinic'],
      referred: false,
      referredTo: null,
      referredToAssessmentOrSocialWork: false,
      familyGotHelp: 'yes',
      remarks: 'the model works, = more rooms',
    };
    const rows = (['fi', 'sv', 'en'] as const).map(
      (language) => toCsv([recordCsvRow(record, language)], RECORD_CSV_COLUMNS).split('\n')[1],
    );
    expect(rows).toEqual([
      'r-1,m-1,2026-12-31T22:30:00.000Z,1.1.2027,00.30,Kuopio family centre,Kuopio,Pohjois-Savo,first,school;child health clinic,false,,false,yes,"the model works, = more rooms"',
      'r-1,m-1,2026-12-31T22:30:00.000Z,1.1.2027,00.30,Kuopio family centre,Kuopio,Pohjois-Savo,first,school;child health clinic,false,,false,yes,"the model works, = more rooms"',
      'r-1,m-1,2026-12-31T22:30:00.000Z,01/01/2027,00:30,Kuopio family centre,Kuopio,Pohjois-Savo,first,school;child health clinic,false,,false,yes,"the model works, = more rooms"',
    ]);
    const marked = (remarks: PublishedRecord['remarks']) =>
      toCsv([recordCsvRow({ ...record, meetingId: null, remarks }, 'fi')], RECORD_CSV_COLUMNS).split('\n')[1];
    expect([marked(null), marked({ erased: true }), marked({ withheld: 'remarks' })].map((row) => row.split(',').slice(-1)[0])).toEqual([
      '',
      '[erased]',
      '[withheld]',
    ]);
    expect(marked(null).startsWith('r-1,,')).toBe(true);
  });
});
