import { caseCourseRules, type CaseCourse } from './case-course';
import {
  daysToEverydayLifeRunsSmoothlyOf,
  daysToFirstMeetingOf,
  effectivenessByPlace,
  effectivenessOf,
  finnishDaysBetween,
  outcomesAfterMeetingsOf,
  protectEffectiveness,
  starChangeOf,
} from './effectiveness';
import type { ReportedEvent } from './reported-event';

const YEAR_2026 = { from: new Date('2025-12-31T22:00:00.000Z'), to: new Date('2026-12-31T22:00:00.000Z') };
const month = (m: number) => ({
  from: new Date(Date.UTC(2026, m - 1, 1) - 3 * 3_600_000),
  to: new Date(Date.UTC(2026, m, 1) - 3 * 3_600_000),
});
const day = (d: number, hour = 9) => new Date(Date.UTC(2026, 0, d, hour)).toISOString();

let n = 0;
const event = (caseId: string, type: string, data: Record<string, unknown>, occurredAt = day(1)): ReportedEvent => ({
  eventId: `e${++n}`,
  type,
  caseId,
  occurredAt,
  data,
});
type Star = Array<{ child?: number | 'unknown'; ratedBy?: string; scores: Record<string, number> }>;
/** A meeting's report record as meeting publishes it (v2). */
const meeting = (caseId: string, number: number, at: string, star: Star = [], organizer = 'Kuopio family centre') =>
  event(caseId, 'MeetingReportRecorded', {
    meetingId: `${caseId}-m${number}`,
    number,
    startsAt: at,
    wellbeingStar: star.map((s) => ({
      configVersion: 'thl-2017-2',
      child: s.child ?? 1,
      ratedBy: s.ratedBy ?? 'family',
      scores: s.scores,
    })),
    organizer,
    kind: number === 1 ? 'first' : 'follow-up',
    recordedAt: new Date(Date.parse(at) + 3_600_000).toISOString(),
  });
const concern = (caseId: string, at: string) => event(caseId, 'ConcernRegistered', { municipality: 'Kuopio', registeredAt: at });
const outcome = (caseId: string, value: string, at: string) => event(caseId, 'OutcomeRecorded', { outcome: value, recordedAt: at });
const closed = (caseId: string, at: string, reason = 'everyday-life-runs-smoothly') =>
  event(caseId, 'CaseClosed', { reason, closedAt: at });
const reopened = (caseId: string, at: string) => event(caseId, 'CaseReopened', { reopenedAt: at });

function course(events: ReportedEvent[]): CaseCourse {
  return events.reduce<CaseCourse | null>(
    (row, e) => (caseCourseRules.keyOf(e) ? caseCourseRules.evolve(row, e) : row),
    null,
  ) as CaseCourse;
}

describe('the course of a case', () => {
  const events = [
    concern('c', day(1)),
    meeting('c', 2, day(20)),
    outcome('c', 'continue', day(10)),
    meeting('c', 1, day(5)),
    closed('c', day(30)),
  ];

  it('should keep meetings and outcomes in time order and count each event once, whatever the arrival order', () => {
    const row = course(events);
    expect(row.meetings.map((m) => m.number)).toEqual([1, 2]);
    expect(row).toMatchObject({ firstMeetingAt: day(5), lastMeetingAt: day(20), firstOutcomeAt: day(10), smoothEverydayLifeAt: day(30) });
    expect(course([...events].reverse())).toEqual(row);
    expect(course([...events, events[1], events[4]])).toEqual(row);
  });

  it('should read a v1 record (no meeting, no star) as held when its record was made', () => {
    const v1 = event('c', 'MeetingReportRecorded', { organizer: 'Kuopio family centre', kind: 'first', recordedAt: day(3) });
    expect(course([v1]).meetings).toEqual([
      {
        recordId: v1.eventId,
        meetingId: null,
        number: null,
        heldAt: day(3),
        recordedAt: day(3),
        organizer: 'Kuopio family centre',
        wellbeingStar: null,
      },
    ]);
  });

  it('should name the organiser as the reference data does: its id or any spelling of its name, free text it does not know as unknown', () => {
    const organiserOf = (organizer: string) =>
      course([event('c', 'MeetingReportRecorded', { organizer, kind: 'first', recordedAt: day(3) })]).meetings[0].organizer;
    expect(organiserOf('kuopio-family-centre')).toBe('Kuopio family centre');
    expect(organiserOf(' KUOPIO  family centre')).toBe('Kuopio family centre');
    expect(organiserOf('Neuvola')).toBe('unknown');
  });

  it('should find everyday life running smoothly only at a latest closure for that reason, not reopened since', () => {
    expect(course([closed('c', day(30)), reopened('c', day(40))]).smoothEverydayLifeAt).toBeNull();
    expect(course([closed('c', day(30)), reopened('c', day(40)), closed('c', day(60))]).smoothEverydayLifeAt).toBe(day(60));
    expect(
      course([closed('c', day(30)), reopened('c', day(40)), closed('c', day(60), 'stronger-support-arranged')]).smoothEverydayLifeAt,
    ).toBeNull();
  });
});

describe('the effectiveness figures (seed 002: vaikuttavuus)', () => {
  describe('days, as Helsinki’s calendar counts them', () => {
    it('should count calendar days in Finland, not 24-hour spans in UTC', () => {
      // 23:30 on 31 December and 08:00 on New Year's Day in Helsinki: one day, 8.5 hours apart.
      expect(finnishDaysBetween('2026-12-31T21:30:00.000Z', '2027-01-01T06:00:00.000Z')).toBe(1);
      // 00:30 on Sunday 29 March (winter time) to 23:30 on Monday 30 March (summer time): one day, although UTC reads
      // 28 and 30 March; the 23-hour day of the clock change counts as a day.
      expect(finnishDaysBetween('2026-03-28T22:30:00.000Z', '2026-03-30T20:30:00.000Z')).toBe(1);
      // Midnight starting Sunday 25 October (summer time) to 23:59 on Monday 26 October (winter time): one day, over 47 hours.
      expect(finnishDaysBetween('2026-10-24T21:00:00.000Z', '2026-10-26T21:59:00.000Z')).toBe(1);
      expect(finnishDaysBetween('2026-05-04T05:00:00.000Z', '2026-05-04T20:59:00.000Z')).toBe(0);
    });

    it('should count days to the first meeting in the period it took place in, and days to everyday life running smoothly in the period of the closure', () => {
      const c = course([
        concern('c', '2026-01-30T21:30:00.000Z'),
        meeting('c', 1, '2026-02-02T08:00:00.000Z'),
        meeting('c', 2, '2026-03-02T08:00:00.000Z'),
        closed('c', '2026-04-01T06:00:00.000Z'),
      ]);
      // The concern at 23:30 on 30 January in Helsinki: three days to 2 February, 61 to 1 April.
      expect(daysToFirstMeetingOf(c, month(2))).toBe(3);
      expect(daysToFirstMeetingOf(c, month(3))).toBeUndefined();
      expect(daysToEverydayLifeRunsSmoothlyOf(c, month(4))).toBe(61);
      expect(daysToEverydayLifeRunsSmoothlyOf(c, month(3))).toBeUndefined();
    });
  });

  describe('the outcome after one, two and three meetings', () => {
    it('should place each outcome by the meetings held when it was recorded; the latest at the same count stands', () => {
      const c = course([
        meeting('c', 1, day(5)),
        outcome('c', 'continue', day(10)),
        outcome('c', 'stronger-support', day(12)),
        meeting('c', 2, day(20)),
        outcome('c', 'sufficient', day(25)),
        meeting('c', 3, day(40)),
        meeting('c', 4, day(50)),
        outcome('c', 'continue', day(55)),
      ]);
      expect(outcomesAfterMeetingsOf(c, YEAR_2026)).toEqual({ '1': 'stronger-support', '2': 'sufficient', '4+': 'continue' });
      // Only outcomes recorded in the period: January's first two, and not February's.
      expect(outcomesAfterMeetingsOf(c, { from: YEAR_2026.from, to: new Date(day(11)) })).toEqual({ '1': 'continue' });
    });

    it('should count a meeting as held from its record (the closing), not from its start', () => {
      // The outcome recorded during the second meeting, before it closed: after one meeting.
      const c = course([meeting('c', 1, day(5)), meeting('c', 2, day(20, 9)), outcome('c', 'sufficient', day(20, 9))]);
      expect(outcomesAfterMeetingsOf(c, YEAR_2026)).toEqual({ '1': 'sufficient' });
    });
  });

  describe('the Wellbeing Star change per area between the first and last meeting', () => {
    it('should compare each area from its first rating to its last by the end of the period, the same child and rater with themselves', () => {
      const c = course([
        meeting('c', 1, day(5), [{ scores: { parenting: 2, 'self-view': 3 } }, { ratedBy: 'worker', scores: { parenting: 4 } }]),
        meeting('c', 2, day(40), [{ scores: { parenting: 3 } }, { ratedBy: 'worker', scores: { parenting: 4 } }]),
        meeting('c', 3, day(70), [{ scores: { parenting: 5, 'social-wellbeing': 2 } }]),
      ]);
      // Parenting: the family's view 2 → 5 (+3) and the worker's 4 → 4 (0): +1.5; self-view rated once: no change yet.
      expect(starChangeOf(c, YEAR_2026)).toEqual({ parenting: 1.5 });
      // Counted in the period of the last meeting that rated it: by the end of February, 2 → 3 and 4 → 4.
      expect(starChangeOf(c, month(2))).toEqual({ parenting: 0.5 });
      expect(starChangeOf(c, month(1))).toEqual({});
      expect(starChangeOf(c, month(4))).toEqual({});
    });

    it('should compare a child with themself, not one child with another', () => {
      const c = course([
        meeting('c', 1, day(5), [{ child: 1, scores: { parenting: 2 } }]),
        meeting('c', 2, day(40), [{ child: 2, scores: { parenting: 5 } }]),
      ]);
      expect(starChangeOf(c, YEAR_2026)).toEqual({});
    });
  });

  describe('over a population', () => {
    const families = [
      // Two meetings, better in parenting; sufficient after two; everyday life runs smoothly after 40 days.
      [
        concern('a', day(1)),
        meeting('a', 1, day(3), [{ scores: { parenting: 2 } }]),
        meeting('a', 2, day(30), [{ scores: { parenting: 4 } }]),
        outcome('a', 'sufficient', day(31)),
        closed('a', day(41)),
      ],
      // One meeting, sufficient at once.
      [
        concern('b', day(2)),
        meeting('b', 1, day(9), [{ scores: { parenting: 3 } }]),
        outcome('b', 'sufficient', day(10)),
        closed('b', day(12)),
      ],
      // Three meetings, worse in parenting, stronger support after three, another organiser at the third.
      [
        concern('c', day(3)),
        meeting('c', 1, day(4), [{ scores: { parenting: 4 } }]),
        outcome('c', 'continue', day(6)),
        meeting('c', 2, day(20), [{ scores: { parenting: 3 } }]),
        meeting('c', 3, day(50), [{ scores: { parenting: 2 } }], 'Kangasala child health clinic'),
        outcome('c', 'stronger-support', day(51)),
        closed('c', day(52), 'stronger-support-arranged'),
      ],
    ].map(course);

    it('should give every figure over the families of the period', () => {
      expect(effectivenessOf(families, YEAR_2026)).toEqual({
        wellbeingStarChange: { parenting: { change: { improved: 1, unchanged: 0, worsened: 1 }, meanChange: 0 } },
        outcomesAfterMeetings: {
          '1': { sufficient: 1, continue: 1, 'stronger-support': 0 },
          '2': { sufficient: 1, continue: 0, 'stronger-support': 0 },
          '3': { sufficient: 0, continue: 0, 'stronger-support': 1 },
          '4+': { sufficient: 0, continue: 0, 'stronger-support': 0 },
        },
        daysFromConcern: { toFirstMeeting: { median: 2, families: 3 }, toEverydayLifeRunsSmoothly: { median: 25, families: 2 } },
      });
    });

    it('should give the same figures per county, municipality and organiser, a family under each organiser it met', () => {
      const by = effectivenessByPlace(
        families.map((c, i) => ({ course: c, municipality: i === 0 ? 'Kuopio' : 'Siilinjärvi', county: 'Pohjois-Savon hyvinvointialue' })),
        YEAR_2026,
      );
      expect(by.county['Pohjois-Savon hyvinvointialue']).toEqual(effectivenessOf(families, YEAR_2026));
      expect(by.municipality.Kuopio).toEqual(effectivenessOf([families[0]], YEAR_2026));
      expect(by.municipality['Siilinjärvi']).toEqual(effectivenessOf(families.slice(1), YEAR_2026));
      expect(Object.keys(by.organizer)).toEqual(['Kangasala child health clinic', 'Kuopio family centre']);
      expect(by.organizer['Kangasala child health clinic']).toEqual(effectivenessOf([families[2]], YEAR_2026));
      expect(by.organizer['Kuopio family centre']).toEqual(effectivenessOf(families, YEAR_2026));
      // A period that counts no one leaves every group out.
      expect(effectivenessByPlace([{ course: families[0], municipality: 'Kuopio', county: null }], month(6))).toEqual({
        county: {},
        municipality: {},
        organizer: {},
      });
    });

    it('should give analysts the figures protected like the rest of the report, and coordinators exact ones', () => {
      const exact = effectivenessOf(families, YEAR_2026);
      const analysts = protectEffectiveness(exact, 5);
      // Every count here is 1–4: suppressed, the totals with them; means and medians over fewer than five families withheld.
      expect(analysts.outcomesAfterMeetings['1']).toEqual({
        counts: { sufficient: null, continue: null, 'stronger-support': 0 },
        total: null,
      });
      expect(analysts.wellbeingStarChange.parenting).toEqual({
        change: { counts: { improved: null, unchanged: 0, worsened: null }, total: null },
        meanChange: null,
      });
      expect(analysts.daysFromConcern.toFirstMeeting).toEqual({ median: null, families: null });
      const coordinators = protectEffectiveness(exact, null);
      expect(coordinators.outcomesAfterMeetings['1']).toEqual({ counts: { sufficient: 1, continue: 1, 'stronger-support': 0 }, total: 2 });
      expect(coordinators.daysFromConcern.toEverydayLifeRunsSmoothly).toEqual({ median: 25, families: 2 });
      // Enough families: shown, counts rounded to five, the mean to one decimal, the median to whole days.
      const many = {
        ...exact,
        wellbeingStarChange: { parenting: { change: { improved: 7, unchanged: 3, worsened: 2 }, meanChange: 0.4166 } },
        daysFromConcern: { ...exact.daysFromConcern, toFirstMeeting: { median: 2.5, families: 12 } },
      };
      expect(protectEffectiveness(many, 5).wellbeingStarChange.parenting).toEqual({
        change: { counts: { improved: 5, unchanged: null, worsened: null }, total: 10 },
        meanChange: 0.4,
      });
      expect(protectEffectiveness(many, 5).daysFromConcern.toFirstMeeting).toEqual({ median: 3, families: 10 });
    });
  });
});
