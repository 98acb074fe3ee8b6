import { caseAsOf, inDomainOrder } from './case-as-of';
import type { ReportedEvent } from './reported-event';

const at = (day: number) => new Date(Date.UTC(2026, 0, day, 9)).toISOString();
let n = 0;
const event = (type: string, day: number, data: Record<string, unknown> = {}): ReportedEvent => ({ eventId: `e${++n}`, type, caseId: 'c', occurredAt: at(day), data });

const history: ReportedEvent[] = [
  event('ConcernRegistered', 1, { municipality: 'Kuopio', channel: 'close-worker' }),
  event('RouteDecided', 2, { facts: { zone: 3 }, chosenRoute: 'joint-meeting' }),
  event('ConveningOpened', 2),
  event('ConsentGranted', 3, { consentId: 'k1', scopes: [{ kind: 'sector', value: 'school', share: ['concern'] }], validUntil: at(60) }),
  event('InvitationSent', 4, { invitationId: 'i1', inviteeId: 'demo-olli', consentId: 'k1' }),
  event('MeetingScheduled', 5, { meetingId: 'm1', kind: 'first', number: 1, startsAt: at(12) }),
  // Received before the invitation it follows from, as four topics may deliver: domain time orders it.
  event('ConsentWithdrawn', 8, { consentId: 'k1', withdrawnAt: at(8) }),
  event('InvitationCancelled', 8, { invitationId: 'i1' }),
];

describe("a case's state as of a moment", () => {
  it('should show only what had happened by then', () => {
    const before = caseAsOf('c', history, at(6));
    expect(before).toMatchObject({ phase: 'meeting scheduled', route: 'joint-meeting', zone: 3, municipality: 'Kuopio', eventsSoFar: 6 });
    expect(before.consents).toEqual([expect.objectContaining({ consentId: 'k1', status: 'in force' })]);
    expect(before.invitations).toEqual([expect.objectContaining({ invitationId: 'i1', status: 'sent' })]);

    const after = caseAsOf('c', history, at(9));
    expect(after.consents[0]).toMatchObject({ status: 'withdrawn', withdrawnAt: at(8) });
    expect(after.invitations[0].status).toBe('cancelled');
  });

  it('should order by when things happened, not by when reporting received them', () => {
    const shuffled = [history[6], history[7], ...history.slice(0, 6)];
    expect(caseAsOf('c', shuffled, at(9))).toEqual(caseAsOf('c', history, at(9)));
  });

  it('should never put an event before the event that caused it, when both carry the same time', () => {
    const cause = { ...event('JointMeetingRequested', 2), eventId: 'cause' };
    const reaction = { ...event('ConveningOpened', 2), causationId: 'cause' };
    expect(inDomainOrder([reaction, cause]).map((e) => e.type)).toEqual(['JointMeetingRequested', 'ConveningOpened']);
  });

  it('should show a consent that ran out as expired', () => {
    expect(caseAsOf('c', history.slice(0, 6), at(61)).consents[0].status).toBe('expired');
  });

  it('should know nothing before the first event', () => {
    expect(caseAsOf('c', history, at(0))).toMatchObject({ phase: 'not yet known', eventsSoFar: 0 });
  });
});
