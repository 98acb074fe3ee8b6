import { ReferenceBook } from '@perheverkko/reference-data';
import { caseFactsRules, caseFactsRulesWith, type CaseFacts } from './case-facts';
import type { ReportedEvent } from './reported-event';

const at = (day: number) => new Date(Date.UTC(2026, 0, day, 9)).toISOString();
const event = (type: string, data: Record<string, unknown>, day = 1): ReportedEvent => ({
  eventId: `${type}-${day}`,
  type,
  caseId: 'case-1',
  occurredAt: at(day),
  data,
});

const history: ReportedEvent[] = [
  event('ConcernRegistered', { municipality: 'Kuopio', channel: 'phone-line', childCount: 2, registeredAt: at(1) }, 1),
  event('ZoneRated', { zone: 2, ratedBy: 'worker', ratedAt: at(1) }, 1),
  event('ZoneRated', { zone: 3, ratedBy: 'family', ratedAt: at(2) }, 2),
  event('RouteDecided', { facts: { zone: 3 }, chosenRoute: 'joint-meeting', decidedAt: at(3) }, 3),
  event('OutcomeRecorded', { outcome: 'continue', recordedAt: at(40) }, 40),
  event('OutcomeRecorded', { outcome: 'sufficient', recordedAt: at(70) }, 70),
  event('CaseClosed', { reason: 'everyday-life-runs-smoothly', closedAt: at(71) }, 71),
];

function project(events: ReportedEvent[], rules = caseFactsRules): CaseFacts | null {
  return events.reduce<CaseFacts | null>((row, e) => (rules.keyOf(e) ? rules.evolve(row, e) : row), null);
}
const registered = (municipality: string) =>
  event('ConcernRegistered', { municipality, channel: 'close-worker', childCount: 1, registeredAt: at(1) });

describe('the case facts the annual report counts', () => {
  it('should keep one row per case with the facts each event gives', () => {
    expect(project(history)).toEqual({
      caseId: 'case-1',
      municipality: 'Kuopio',
      county: 'Pohjois-Savon hyvinvointialue',
      channel: 'phone-line',
      childCount: 2,
      concernAt: at(1),
      // The concern came in at zone 2; the family's 3 the next day (and the route decided on it) does not change that.
      zoneAtIntake: 2,
      zoneRatedAt: at(1),
      zoneFrom: 'rating',
      route: 'joint-meeting',
      routedAt: at(3),
      consentWithdrawnAt: null,
      outcome: 'sufficient',
      outcomeAt: at(70),
      closedAt: at(71),
    });
  });

  it("should not depend on the order the services' events arrive in (they come over four topics)", () => {
    // Intake's events after the others': same row.
    const intake = history.filter((e) => ['ConcernRegistered', 'ZoneRated', 'RouteDecided'].includes(e.type));
    const others = history.filter((e) => !intake.includes(e));
    expect(project([...others, ...intake])).toEqual(project(history));
    // The later outcome wins even when it arrives first.
    expect(project([history[5], history[4]])?.outcome).toBe('sufficient');
    // Every order of the intake events gives the first rating.
    for (const order of [
      [1, 2, 3],
      [3, 2, 1],
      [2, 3, 1],
      [3, 1, 2],
    ])
      expect(project(order.map((i) => history[i]))?.zoneAtIntake).toBe(2);
  });

  it('should take the zone at intake from the first rating, whoever gave it, and the route only without one (issue 18)', () => {
    const regrown = [
      event('ZoneRated', { zone: 2, ratedBy: 'worker', ratedAt: at(1) }, 1),
      event('ZoneRated', { zone: 3, ratedBy: 'worker', ratedAt: at(5) }, 5),
      event('RouteDecided', { facts: { zone: 3 }, chosenRoute: 'joint-meeting', decidedAt: at(6) }, 6),
    ];
    expect(project(regrown)?.zoneAtIntake).toBe(2);
    expect(project([regrown[2], regrown[1], regrown[0]])?.zoneAtIntake).toBe(2);
    // Registered with the family's own rating: that is what the concern came in as.
    expect(
      project([
        event('ZoneRated', { zone: 1, ratedBy: 'family', ratedAt: at(1) }, 1),
        event('ZoneRated', { zone: 3, ratedBy: 'worker', ratedAt: at(2) }, 2),
      ])?.zoneAtIntake,
    ).toBe(1);
    // No rating known (an archive without it): the zone the route was decided on.
    expect(project([regrown[2]])).toMatchObject({ zoneAtIntake: 3, zoneFrom: 'route' });
    expect(project([regrown[2], regrown[1]])).toMatchObject({ zoneAtIntake: 3, zoneFrom: 'rating', zoneRatedAt: at(5) });
  });

  it("should place the municipality in its area by the reference data, and an unknown one in 'unknown'", () => {
    expect(project([registered('Kangasala')])?.county).toBe('Pirkanmaan hyvinvointialue');
    // Every municipality of the classification, not only the seeds' counties (the stand-in before reference data knew a few).
    expect(project([registered('Rovaniemi')])?.county).toBe('Lapin hyvinvointialue');
    expect(project([registered('Helsinki')])?.county).toBe('Helsingin kaupunki');
    expect(
      project([event('ConcernRegistered', { municipality: 'unknown', channel: 'close-worker', childCount: null, registeredAt: at(1) })])
        ?.county,
    ).toBe('unknown');
  });

  it('should report free text stored before the reference data by the Finnish name it means, or as written in county unknown', () => {
    // Case, spaces and the Swedish name all name the same municipality (a typo no longer splits the statistics).
    expect(project([registered('  kuopio ')])).toMatchObject({ municipality: 'Kuopio', county: 'Pohjois-Savon hyvinvointialue' });
    expect(project([registered('Helsingfors')])).toMatchObject({ municipality: 'Helsinki', county: 'Helsingin kaupunki' });
    // What names no municipality (a typo, a test run's suffix) still replays, in county unknown.
    expect(project([registered('Kuopio 17')])).toMatchObject({ municipality: 'Kuopio 17', county: 'unknown' });
    // A municipality merged away (Pertunmaa into Mäntyharju in 2025) is shipped retired: its records keep their county.
    expect(project([registered('Pertunmaa')])).toMatchObject({ municipality: 'Pertunmaa', county: 'Etelä-Savon hyvinvointialue' });
  });

  it('should read the reference data it is given: a municipality recorded later, or retired, still finds its area', () => {
    const book = ReferenceBook.baseline('national');
    book.apply({
      type: 'ReferenceEntryRetired',
      data: { kind: 'municipalities', key: '211', reason: 'merged', retiredBy: 'demo-pekka', retiredAt: at(2) },
    });
    expect(project([registered('Kangasala')], caseFactsRulesWith(book))).toMatchObject({
      municipality: 'Kangasala',
      county: 'Pirkanmaan hyvinvointialue',
    });
  });

  it('should ignore events that say nothing about the case facts, feedback and reference data (not a case)', () => {
    expect(caseFactsRules.keyOf(event('InvitationSent', {}))).toBeUndefined();
    expect(caseFactsRules.keyOf({ ...event('FeedbackReceived', {}), caseId: 'feedback' })).toBeUndefined();
    expect(
      caseFactsRules.keyOf({ ...event('ReferenceEntryRecorded', { kind: 'rooms', key: 'r', value: {} }), caseId: 'reference-data' }),
    ).toBeUndefined();
  });
});
