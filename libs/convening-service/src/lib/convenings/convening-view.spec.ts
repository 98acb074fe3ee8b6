import { SHAREABLE_CATEGORIES, visibleHistory, type CaseDataCategory } from '@perheverkko/access-model';
import { conveningView, type SeenConveningEvent } from './convening-view';

const terhi = { id: 'w-terhi', name: 'Terhi', organisation: 'Neuvola', sector: 'child health clinic' };
const olli = { kind: 'professional' as const, id: 'p-olli', name: 'Olli', organisation: 'Koulu', sector: 'school' };
const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T09:00:00.000Z`;
const everything: ReadonlySet<CaseDataCategory> = new Set([...SHAREABLE_CATEGORIES]);

const firstMeeting = {
  meetingId: 'm-1',
  kind: 'first' as const,
  number: 1,
  startsAt: '2026-11-26T12:00:00.000Z',
  endsAt: '2026-11-26T13:30:00.000Z',
  roomId: 'neuvola-2',
  bookingId: 'b-1',
  daysFromConcern: 10,
  invitationIds: ['inv-1', 'inv-2'],
};

/** Convening's events of one case, as its stream holds them once opened: each with the time it was recorded. */
const events: SeenConveningEvent[] = [
  {
    type: 'ConveningOpened',
    data: { convener: terhi, zone: 3, concernRegisteredAt: at(16), requestedAt: at(17), guardians: ['Mari'] },
    occurredAt: at(17),
  },
  {
    type: 'ConsentGranted',
    data: {
      consentId: 'consent-1',
      guardians: ['Mari'],
      children: ['Aada'],
      scopes: [{ kind: 'sector', value: 'school', share: ['concern', 'joint-plan'] }],
      validUntil: '2027-06-01T00:00:00.000Z',
      givenAs: 'paper-form',
      recordedBy: terhi.id,
    },
    occurredAt: at(18),
  },
  {
    type: 'ConsentGranted',
    data: {
      consentId: 'consent-2',
      guardians: ['Mari'],
      children: ['Aada'],
      scopes: [{ kind: 'person', name: 'Mummo', share: ['concern'] }],
      validUntil: '2026-11-20T00:00:00.000Z',
      givenAs: 'electronic',
      recordedBy: terhi.id,
    },
    occurredAt: at(18),
  },
  {
    type: 'ConsentExtended',
    data: {
      consentId: 'consent-1',
      scopes: [{ kind: 'organisation', value: 'Perheneuvola', share: ['concern'] }],
      validUntil: '2027-08-01T00:00:00.000Z',
      recordedBy: terhi.id,
    },
    occurredAt: at(19),
  },
  {
    type: 'InvitationSent',
    data: {
      invitationId: 'inv-1',
      inviteeId: olli.id,
      invitee: olli,
      consentId: 'consent-1',
      share: ['concern', 'joint-plan'],
      sentBy: terhi.id,
      sentAt: at(19),
    },
    occurredAt: at(19),
  },
  {
    type: 'InvitationSent',
    data: {
      invitationId: 'inv-2',
      invitee: { kind: 'family-member', name: 'Mummo' },
      consentId: 'consent-2',
      share: ['concern'],
      sentBy: terhi.id,
      sentAt: at(19),
    },
    occurredAt: at(19),
  },
  { type: 'InvitationReplied', data: { invitationId: 'inv-1', reply: 'accept', repliedAt: at(20) }, occurredAt: at(20) },
  {
    type: 'InvitationReplied',
    data: { invitationId: 'inv-2', reply: 'propose-time', proposedTime: at(27), repliedAt: at(20) },
    occurredAt: at(20),
  },
  { type: 'MeetingScheduled', data: firstMeeting, occurredAt: at(21) },
];

const view = (seen: SeenConveningEvent[], readable = everything, withheld: string[] = []) =>
  conveningView({ caseId: 'case-1', revision: seen.length - 1, events: seen, readable, withheld, now: at(23) });

describe('convening as a person reads it (conveningView)', () => {
  it('should give the convener, the consents with their status and scopes, the invitations with their replies and the meetings', () => {
    expect(view(events)).toEqual({
      caseId: 'case-1',
      revision: 8,
      convener: terhi,
      zone: 3,
      concernRegisteredAt: at(16),
      requestedAt: at(17),
      guardians: ['Mari'],
      consents: [
        {
          consentId: 'consent-1',
          status: 'in-force',
          guardians: ['Mari'],
          children: ['Aada'],
          scopes: [
            { kind: 'sector', value: 'school', share: ['concern', 'joint-plan'] },
            { kind: 'organisation', value: 'Perheneuvola', share: ['concern'] },
          ],
          validUntil: '2027-08-01T00:00:00.000Z',
          givenAs: 'paper-form',
          recordedBy: terhi.id,
          recordedAt: at(18),
          extensions: [{ validUntil: '2027-08-01T00:00:00.000Z', recordedBy: terhi.id, recordedAt: at(19) }],
          withdrawnBy: null,
          withdrawnAt: null,
        },
        expect.objectContaining({
          consentId: 'consent-2',
          status: 'expired',
          scopes: [{ kind: 'person', name: 'Mummo', share: ['concern'] }],
        }),
      ],
      invitations: [
        {
          invitationId: 'inv-1',
          invitee: olli,
          inviteeId: olli.id,
          consentId: 'consent-1',
          share: ['concern', 'joint-plan'],
          sentBy: terhi.id,
          sentAt: at(19),
          status: 'accepted',
          proposedTime: null,
          repliedAt: at(20),
          cancelledAt: null,
          cancellationReason: null,
        },
        expect.objectContaining({ invitationId: 'inv-2', inviteeId: null, status: 'time-proposed', proposedTime: at(27) }),
      ],
      meetings: [
        {
          meetingId: 'm-1',
          kind: 'first',
          number: 1,
          startsAt: '2026-11-26T12:00:00.000Z',
          endsAt: '2026-11-26T13:30:00.000Z',
          roomId: 'neuvola-2',
          cancelled: false,
          invitationIds: ['inv-1', 'inv-2'],
          daysFromConcern: 10,
          followUpReason: null,
          scheduledAt: at(21),
          moves: [],
          cancellation: null,
        },
      ],
      followUpRequests: [],
      followUpPending: false,
      withheld: [],
    });
  });

  it('should move a meeting and ask its invitees again, and cancel one with its invitations', () => {
    const moved = view([
      ...events,
      {
        type: 'MeetingRescheduled',
        data: {
          meetingId: 'm-1',
          kind: 'first',
          number: 1,
          startsAt: '2026-11-27T12:00:00.000Z',
          endsAt: '2026-11-27T13:30:00.000Z',
          roomId: 'neuvola-3',
          bookingId: 'b-2',
          previous: { startsAt: '2026-11-26T12:00:00.000Z', endsAt: '2026-11-26T13:30:00.000Z', roomId: 'neuvola-2', bookingId: 'b-1' },
          daysFromConcern: 11,
          invitationIds: ['inv-1', 'inv-2'],
          reason: 'the room has a water leak',
          rescheduledBy: terhi.id,
          rescheduledAt: at(22),
        },
        occurredAt: at(22),
      },
    ]);
    expect(moved.meetings[0]).toMatchObject({
      startsAt: '2026-11-27T12:00:00.000Z',
      roomId: 'neuvola-3',
      daysFromConcern: 11,
      moves: [
        {
          from: { startsAt: '2026-11-26T12:00:00.000Z', endsAt: '2026-11-26T13:30:00.000Z', roomId: 'neuvola-2' },
          reason: 'the room has a water leak',
          movedBy: terhi.id,
          movedAt: at(22),
        },
      ],
    });
    expect(moved.invitations.map((i) => [i.status, i.proposedTime])).toEqual([
      ['pending', null],
      ['pending', null],
    ]);

    const cancelled = view([
      ...events,
      {
        type: 'MeetingCancelled',
        data: {
          meetingId: 'm-1',
          kind: 'first',
          number: 1,
          startsAt: '2026-11-26T12:00:00.000Z',
          endsAt: '2026-11-26T13:30:00.000Z',
          roomId: 'neuvola-2',
          invitationIds: ['inv-1', 'inv-2'],
          reason: 'the family is ill',
          cancelledBy: terhi.id,
          cancelledAt: at(22),
        },
        occurredAt: at(22),
      },
      {
        type: 'InvitationCancelled',
        data: { invitationId: 'inv-1', reason: 'the meeting it was for was cancelled', cancelledAt: at(22) },
        occurredAt: at(22),
      },
    ]);
    expect(cancelled.meetings[0]).toMatchObject({
      cancelled: true,
      cancellation: { reason: 'the family is ill', cancelledBy: terhi.id, cancelledAt: at(22) },
    });
    expect(cancelled.invitations[0]).toMatchObject({
      status: 'cancelled',
      cancelledAt: at(22),
      cancellationReason: 'the meeting it was for was cancelled',
    });
  });

  it('should read a withdrawn consent as withdrawn, by whom and when, whatever its validity', () => {
    const withdrawn = view([
      ...events,
      { type: 'ConsentWithdrawn', data: { consentId: 'consent-1', withdrawnBy: 'Mari', withdrawnAt: at(22) }, occurredAt: at(22) },
    ]);
    expect(withdrawn.consents[0]).toMatchObject({ status: 'withdrawn', withdrawnBy: 'Mari', withdrawnAt: at(22) });
  });

  it('should keep the follow-up requests pending until convening schedules a follow-up meeting', () => {
    const requested: SeenConveningEvent = {
      type: 'FollowUpRequested',
      data: { requestedBy: terhi.id, requestedAt: at(28), reason: 'the plan is checked' },
      occurredAt: at(28),
    };
    expect(view([...events, requested])).toMatchObject({
      followUpRequests: [{ requestedBy: terhi.id, requestedAt: at(28), reason: 'the plan is checked' }],
      followUpPending: true,
    });
    const scheduled: SeenConveningEvent = {
      type: 'MeetingScheduled',
      data: { ...firstMeeting, meetingId: 'm-2', kind: 'follow-up', number: 2 },
      occurredAt: at(29),
    };
    expect(view([...events, requested, scheduled]).followUpPending).toBe(false);
  });

  it('should leave out the follow-up requests, and the identity fields, for a caller who does not read them', () => {
    const readable: ReadonlySet<CaseDataCategory> = new Set(['concern', 'consents']);
    const requested: SeenConveningEvent = {
      type: 'FollowUpRequested',
      data: { requestedBy: terhi.id, requestedAt: at(28), reason: 'checking' },
      occurredAt: at(28),
    };
    // As the service shows it: what the caller may see of the stream (visibleTo), then folded.
    const shown = visibleHistory([...events, requested], readable);
    const partial = conveningView({ caseId: 'case-1', revision: 9, events: shown.events, readable, withheld: shown.withheld, now: at(23) });
    expect(partial).not.toHaveProperty('followUpRequests');
    expect(partial).not.toHaveProperty('followUpPending');
    expect(partial.withheld).toEqual(['identity', 'routing', 'meeting-record', 'joint-plan', 'follow-up']);
    expect(partial.guardians).toEqual({ withheld: 'identity' });
    expect(partial.consents[0]).toMatchObject({
      guardians: { withheld: 'identity' },
      children: { withheld: 'identity' },
      status: 'in-force',
    });
    expect(partial.invitations[0]).toMatchObject({ invitee: { withheld: 'identity' }, inviteeId: olli.id, status: 'accepted' });
    expect(partial.revision).toBe(9);
  });

  it('should say follow-up is withheld even when no follow-up was requested', () => {
    expect(view(events, new Set(['consents', 'identity'])).withheld).toEqual(['follow-up']);
  });
});
