import { randomUUID } from 'node:crypto';
import { PostgresEventStore, startEmbeddedPostgres, type EmbeddedPostgres, type NewEvent } from '@perheverkko/event-store';
import type { ReferenceData, ServiceReadModels } from '@perheverkko/service-host';
import { ReadModels } from '@perheverkko/read-model';
import { caseEventsBy } from '@perheverkko/platform/testing';
import { ReferenceBook } from '@perheverkko/reference-data';
import { reportingProjections } from '../projections/reporting.projection';
import { AnnualReportQueries } from './annual-report.queries';
import { RECORD_CSV_COLUMNS, filterOf, recordCsvRow, toCsv } from './reports.http';

/**
 * Report periods are Helsinki's calendar, checked on the projections and the report's SQL (embedded PostgreSQL):
 * families whose concern, meeting record and feedback fall just before and just after local midnight at the turn
 * of the year, and at the turn of March and April after the clocks moved to summer time.
 */
describe('report periods in Finnish time', () => {
  let embedded: EmbeddedPostgres;
  let store: PostgresEventStore;
  let models: ReadModels;
  let queries: AnnualReportQueries;
  const ORGANIZER = 'Kuopio family centre';

  const event = (caseId: string, type: string, data: Record<string, unknown>, occurredAt: string): NewEvent =>
    caseEventsBy(caseId, 'demo-terhi', ORGANIZER)(type, data, occurredAt);
  /** A family whose concern was registered and whose first meeting was recorded at `at` (the same moment). */
  const family = (at: string): NewEvent[] => {
    const caseId = randomUUID();
    return [
      event(caseId, 'ConcernRegistered', { municipality: 'Kuopio', channel: 'close-worker', childCount: 1, registeredAt: at }, at),
      event(
        caseId,
        'MeetingReportRecorded',
        {
          organizer: ORGANIZER,
          kind: 'first',
          participatingSectors: ['school'],
          referred: false,
          referredToAssessmentOrSocialWork: false,
          familyGotHelp: 'yes',
          recordedBy: 'demo-terhi',
          recordedAt: at,
        },
        at,
      ),
    ];
  };
  const feedback = (month: string) =>
    event(
      randomUUID(),
      'FeedbackReceived',
      { formVersion: 'kangasala-2024-1', answers: [{ item: 'heard', score: 5 }], month, organizer: ORGANIZER },
      `${month}-01T00:00:00.000Z`,
    );

  const MOMENTS = {
    lastOfDecember: '2026-12-31T21:30:00.000Z', // 23:30 on 31 December in Helsinki
    newYearsNight: '2026-12-31T22:30:00.000Z', // 00:30 on 1 January 2027 in Helsinki, still 2026 in UTC
    lastOfMarch: '2026-03-31T20:30:00.000Z', // 23:30 on 31 March (summer time, +03:00)
    firstOfApril: '2026-03-31T21:30:00.000Z', // 00:30 on 1 April, still March in UTC
  };

  beforeAll(async () => {
    embedded = await startEmbeddedPostgres();
    store = await PostgresEventStore.open({ connectionString: embedded.connectionString, schema: 'received' });
    models = await ReadModels.open({
      connectionString: embedded.connectionString,
      store,
      projections: reportingProjections(),
      poolSize: 2,
    });
    models.start();
    const streams = [...Object.values(MOMENTS).map(family), [feedback('2026-12'), feedback('2027-01'), feedback('2027-01')]];
    for (const events of streams) await store.appendToStream(`Received-${randomUUID()}`, events, { expectedRevision: 'no_stream' });
    queries = new AnnualReportQueries(
      { get: () => models } as unknown as ServiceReadModels,
      { current: async () => ReferenceBook.baseline() } as unknown as ReferenceData,
    );
    // Built from position 0 at first start: the tables answer once built, the counts once every event is in.
    const everything = () => queries.annualReport(filterOf({ from: '2000', to: '2100' })).catch(() => undefined);
    for (const deadline = Date.now() + 60_000; ; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const seen = await everything();
      if (seen && seen.intake.concerns === 4 && seen.jointMeetings.first === 4 && seen.feedback.forms === 3) break;
      if (Date.now() > deadline) throw new Error(`the projections did not take in every event: ${JSON.stringify(seen?.intake)}`);
    }
  }, 120_000);

  afterAll(async () => {
    await models?.close();
    await store?.close();
    await embedded?.stop();
  });

  const report = (from: string, to: string, wholeMonths = false) =>
    queries.annualReport(filterOf({ from, to }, new Date(), { wholeMonths }));

  it('should count a family met at 23:30 on 31 December in that year, and one met at 00:30 on New Year’s Day in the next', async () => {
    const [year2026, year2027] = await Promise.all([report('2026-01-01', '2027-01-01'), report('2027-01-01', '2028-01-01')]);
    expect(year2026.period).toEqual({ from: '2026-01-01T00:00:00.000+02:00', to: '2027-01-01T00:00:00.000+02:00' });
    // 2026: the last of December, both March/April families; 2027: the New Year's night.
    expect([year2026.intake.concerns, year2026.jointMeetings.first]).toEqual([3, 3]);
    expect([year2027.intake.concerns, year2027.jointMeetings.first]).toEqual([1, 1]);
  });

  it('should count whole local months for analysts: December and January part at local midnight', async () => {
    const [december, january] = await Promise.all([report('2026-12', '2027-01', true), report('2027-01', '2027-02', true)]);
    expect([december.intake.concerns, december.jointMeetings.first, december.feedback.forms]).toEqual([1, 1, 1]);
    expect([january.intake.concerns, january.jointMeetings.first, january.feedback.forms]).toEqual([1, 1, 2]);
    expect(() => filterOf({ from: '2026-12-01T00:00:00Z', to: '2027-01' }, new Date(), { wholeMonths: true })).toThrow(
      'the period is finer than a month',
    );
  });

  it('should part March and April at local midnight in summer time (21:00 UTC)', async () => {
    const [march, april] = await Promise.all([report('2026-03', '2026-04', true), report('2026-04', '2026-05', true)]);
    expect([march.intake.concerns, april.intake.concerns]).toEqual([1, 1]);
    expect(april.period).toEqual({ from: '2026-04-01T00:00:00.000+03:00', to: '2026-05-01T00:00:00.000+03:00' });
  });

  it('should give the records CSV the local date and time for people, and the stored instant for programs', async () => {
    const records = await queries.reportRecords(filterOf({ from: '2026-12-01', to: '2027-02-01' }));
    expect(records.map((r) => r.recordedAt)).toEqual([MOMENTS.lastOfDecember, MOMENTS.newYearsNight]);
    const csv = (language: 'fi' | 'sv' | 'en') =>
      toCsv(
        records.map(({ caseId: _case, sealedRemarks: _remarks, ...r }) => recordCsvRow({ ...r, remarks: null }, language)),
        RECORD_CSV_COLUMNS,
      )
        .trim()
        .split('\n');
    const fi = csv('fi');
    expect(fi[0]).toBe(
      'recordId,meetingId,recordedAt,recordedDate,recordedTime,organizer,municipality,region,kind,participatingSectors,referred,referredTo,referredToAssessmentOrSocialWork,familyGotHelp,remarks',
    );
    expect(fi[1]).toContain(`,${MOMENTS.lastOfDecember},31.12.2026,23.30,${ORGANIZER},`);
    expect(fi[2]).toContain(`,${MOMENTS.newYearsNight},1.1.2027,00.30,${ORGANIZER},`);
    expect(csv('sv')[2]).toContain(',1.1.2027,00.30,');
    expect(csv('en')[2]).toContain(',01/01/2027,00:30,');
  });
});
