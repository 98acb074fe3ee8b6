import { caseFactsRules, type CaseFacts } from './case-facts';
import type { ReportedEvent } from './reported-event';

const at = (day: number) => new Date(Date.UTC(2026, 0, day, 9)).toISOString();
const event = (type: string, data: Record<string, unknown>, day = 1): ReportedEvent => ({ eventId: `${type}-${day}`, type, caseId: 'case-1', occurredAt: at(day), data });

const history: ReportedEvent[] = [
  event('ConcernRegistered', { municipality: 'Kuopio', channel: 'phone-line', childCount: 2, registeredAt: at(1) }, 1),
  event('ZoneRated', { zone: 2, ratedBy: 'worker', ratedAt: at(1) }, 1),
  event('ZoneRated', { zone: 3, ratedBy: 'family', ratedAt: at(2) }, 2),
  event('RouteDecided', { facts: { zone: 3 }, chosenRoute: 'joint-meeting', decidedAt: at(3) }, 3),
  event('MeetingScheduled', { kind: 'first', startsAt: at(10), daysFromConcern: 9 }, 4),
  event('MeetingScheduled', { kind: 'follow-up', startsAt: at(40), daysFromConcern: 39 }, 11),
  event('OutcomeRecorded', { outcome: 'continue', recordedAt: at(40) }, 40),
  event('OutcomeRecorded', { outcome: 'sufficient', recordedAt: at(70) }, 70),
  event('CaseClosed', { reason: 'everyday-life-runs-smoothly', closedAt: at(71) }, 71),
];

function project(events: ReportedEvent[]): CaseFacts | null {
  return events.reduce<CaseFacts | null>((row, e) => (caseFactsRules.keyOf(e) ? caseFactsRules.evolve(row, e) : row), null);
}

describe('the case facts the annual report counts', () => {
  it('should keep one row per case with the facts each event gives', () => {
    expect(project(history)).toEqual({
      caseId: 'case-1',
      municipality: 'Kuopio',
      channel: 'phone-line',
      childCount: 2,
      concernAt: at(1),
      zoneAtIntake: 3,
      route: 'joint-meeting',
      routedAt: at(3),
      firstMeetingAt: at(10),
      daysToFirstMeeting: 9,
      consentWithdrawnAt: null,
      outcome: 'sufficient',
      outcomeAt: at(70),
      closedAt: at(71),
    });
  });

  it("should not depend on the order the services' events arrive in (they come over four topics)", () => {
    // Intake's events after the others': same row (the family's own zone rating never counts as the worker's).
    const intake = history.filter((e) => ['ConcernRegistered', 'ZoneRated', 'RouteDecided'].includes(e.type));
    const others = history.filter((e) => !intake.includes(e));
    expect(project([...others, ...intake])).toEqual(project(history));
    // The later outcome wins even when it arrives first.
    expect(project([history[7], history[6]])?.outcome).toBe('sufficient');
  });

  it('should ignore events that say nothing about the case facts, and feedback (not a case)', () => {
    expect(caseFactsRules.keyOf(event('InvitationSent', {}))).toBeUndefined();
    expect(caseFactsRules.keyOf({ ...event('FeedbackReceived', {}), caseId: 'feedback' })).toBeUndefined();
  });
});
