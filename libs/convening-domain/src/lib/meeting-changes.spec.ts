import { DomainRuleViolation, fold } from '@perheverkko/decider';
import { deciderSpec, refusalBy } from '@perheverkko/decider/testing';
import { CONVENING_UPCASTERS, MEETING_OPENS_MINUTES_BEFORE, conveningDecider, type ConveningEvent } from './convening.decider';
import {
  commandMetadata,
  conveningCommand as cmd,
  granted,
  invitationSent,
  meetingScheduled,
  now,
  opened,
  principal,
  roomBooked,
  roomBooking,
  schoolScope,
  teacher,
  terhi,
} from './convening.fixtures';
import { roomDecider, type RoomCommand, type RoomEvent } from './room.decider';

/**
 * Issue 18: a meeting is moved or called off before it starts. Moving it books the new time (the booking it had
 * is released), takes its standing invitations with it and needs the family's consent in force at the new time;
 * cancelling it releases the room and cancels the invitations no other meeting brings together. Once its record
 * opens (15 minutes before the start) it is under way or held, and it stays.
 */
const given = deciderSpec(conveningDecider);

const invited = invitationSent;
const invitedOlli = invited('inv-1', teacher);
const scheduled = (meetingId: string, number: number, startsAt: string, endsAt: string, invitationIds: string[], bookingId: string) =>
  meetingScheduled({ meetingId, kind: number === 1 ? 'first' : 'follow-up', number, startsAt, endsAt, invitationIds, bookingId });
/** Thursday 26 November 2026, 14:00–15:30 in Helsinki (EET, +02:00). */
const first = scheduled('m-1', 1, '2026-11-26T12:00:00.000Z', '2026-11-26T13:30:00.000Z', ['inv-1'], 'b-1');
const history = [opened, granted, invitedOlli, first];

const reschedule = (overrides: object = {}, at?: string) =>
  cmd(
    'RescheduleMeeting',
    {
      meetingId: 'm-1',
      startsAt: '2026-11-27T08:00:00.000Z',
      endsAt: '2026-11-27T09:30:00.000Z',
      roomId: 'neuvola-3',
      bookingId: 'b-2',
      reason: 'the family asked for a morning',
      ...overrides,
    },
    { at },
  );
const cancel = (overrides: object = {}, at?: string) =>
  cmd('CancelMeeting', { meetingId: 'm-1', reason: 'the family wants to wait', ...overrides }, { at });

const refusal = refusalBy(conveningDecider, { message: true });

describe('moving a meeting', () => {
  describe('when it has not started', () => {
    it('should move it to the new time and room with its invitations, recording where it was and the booking to release', () => {
      given(history)
        .when(reschedule())
        .then([
          {
            type: 'MeetingRescheduled',
            data: {
              meetingId: 'm-1',
              kind: 'first',
              number: 1,
              startsAt: '2026-11-27T08:00:00.000Z',
              endsAt: '2026-11-27T09:30:00.000Z',
              roomId: 'neuvola-3',
              bookingId: 'b-2',
              previous: { startsAt: '2026-11-26T12:00:00.000Z', endsAt: '2026-11-26T13:30:00.000Z', roomId: 'neuvola-2', bookingId: 'b-1' },
              daysFromConcern: 10,
              invitationIds: ['inv-1'],
              reason: 'the family asked for a morning',
              rescheduledBy: terhi.id,
              rescheduledAt: now,
            },
          },
        ]);
    });

    it('should keep the new time for the next move, so the next one releases the booking the first one made', () => {
      const moved = conveningDecider.decide(reschedule(), fold(conveningDecider, history));
      const [again] = conveningDecider.decide(
        reschedule({ startsAt: '2026-11-30T08:00:00.000Z', endsAt: '2026-11-30T09:00:00.000Z', bookingId: 'b-3' }),
        fold(conveningDecider, [...history, ...moved]),
      );
      expect(again.data).toMatchObject({
        bookingId: 'b-3',
        previous: { startsAt: '2026-11-27T08:00:00.000Z', roomId: 'neuvola-3', bookingId: 'b-2' },
      });
    });

    it('should ask the moved invitations for a reply again, and leave out the declined and the cancelled', () => {
      const accepted: ConveningEvent = { type: 'InvitationReplied', data: { invitationId: 'inv-1', reply: 'accept', repliedAt: now } };
      const declined: ConveningEvent = { type: 'InvitationReplied', data: { invitationId: 'inv-2', reply: 'decline', repliedAt: now } };
      const both = [
        opened,
        granted,
        invitedOlli,
        invited('inv-2', principal),
        scheduled('m-1', 1, '2026-11-26T12:00:00.000Z', '2026-11-26T13:30:00.000Z', ['inv-1', 'inv-2'], 'b-1'),
        accepted,
      ];
      const moved = conveningDecider.decide(reschedule(), fold(conveningDecider, [...both, declined]));
      expect(moved[0].data).toMatchObject({ invitationIds: ['inv-1'] });
      const state = fold(conveningDecider, [...both, declined, ...moved]);
      expect(state.status === 'open' && state.invitations.map((i) => [i.invitationId, i.status])).toEqual([
        ['inv-1', 'pending'],
        ['inv-2', 'declined'],
      ]);
    });

    it('should record the booking the service derived for a meeting scheduled before v3, and prefer the one the events record', () => {
      const v2 = { ...first, data: { ...(first.data as object), bookingId: undefined } } as never as ConveningEvent;
      const [derived] = conveningDecider.decide(
        reschedule({ derivedBookingId: 'b-derived' }),
        fold(conveningDecider, [opened, granted, invitedOlli, v2]),
      );
      expect(derived.data).toMatchObject({ previous: { bookingId: 'b-derived' } });
      const [recorded] = conveningDecider.decide(reschedule({ derivedBookingId: 'b-derived' }), fold(conveningDecider, history));
      expect(recorded.data).toMatchObject({ previous: { bookingId: 'b-1' } });
    });

    it('should read a MeetingScheduled v2 (no booking recorded) through the upcaster, unchanged', () => {
      const v2data = meetingScheduled().data;
      expect(CONVENING_UPCASTERS.MeetingScheduled[2](v2data)).toEqual(v2data);
    });
  });

  it.each<[string, object, string, RegExp]>([
    ['a reversed interval', { endsAt: '2026-11-27T07:00:00.000Z' }, 'meeting-times', /endsAt must be after startsAt/],
    [
      'a time already begun',
      { startsAt: '2026-11-23T08:00:00.000Z', endsAt: '2026-11-23T10:00:00.000Z' },
      'meeting-times',
      /23\/11\/2026, 10:00–12:00 Finnish time\) has already begun/,
    ],
    [
      'the same time and room',
      { startsAt: '2026-11-26T12:00:00.000Z', endsAt: '2026-11-26T13:30:00.000Z', roomId: 'neuvola-2' },
      'reschedule-changes-nothing',
      /already is 26\/11\/2026, 14:00–15:30 Finnish time/,
    ],
    ['no reason', { reason: '  ' }, 'reschedule-reason', /needs its reason/],
    ['an unknown meeting', { meetingId: 'm-9' }, 'meeting-unknown', /no meeting m-9/],
  ])('should refuse %s', (_what, change, rule, message) => {
    const refused = refusal(history, reschedule(change));
    expect(refused).toMatchObject({ rule });
    expect(refused?.message).toMatch(message);
  });

  it('should move it in the same room, to the same day, by half an hour (its own booking is replaced, not a clash)', () => {
    const [moved] = conveningDecider.decide(
      reschedule({ startsAt: '2026-11-26T12:30:00.000Z', endsAt: '2026-11-26T14:00:00.000Z', roomId: 'neuvola-2' }),
      fold(conveningDecider, history),
    );
    expect(moved).toMatchObject({
      type: 'MeetingRescheduled',
      data: { roomId: 'neuvola-2', previous: { roomId: 'neuvola-2', bookingId: 'b-1' } },
    });
  });

  describe('when its record has opened (under way or held)', () => {
    it(`should refuse from ${MEETING_OPENS_MINUTES_BEFORE} minutes before its start, naming the times in Finnish time`, () => {
      // 26/11/2026 14:00 in Helsinki: the record opens 13:45.
      const refused = refusal(history, reschedule({}, '2026-11-26T11:45:00.000Z'));
      expect(refused).toMatchObject({ rule: 'meeting-under-way', kind: 'conflict' });
      expect(refused?.message).toMatch(
        /starts 26\/11\/2026, 14:00 Finnish time; its record opened 15 minutes before \(26\/11\/2026, 13:45 Finnish time\)/,
      );
      expect(refusal(history, reschedule({}, '2026-11-26T14:00:00.000Z'))).toMatchObject({ rule: 'meeting-under-way' });
      // A minute earlier it still moves.
      expect(refusal(history, reschedule({}, '2026-11-26T11:44:00.000Z'))).toBeUndefined();
    });
  });

  describe("the family's consent at the new time", () => {
    it('should refuse a new time after the consent its invitations rest on ends, in Finnish time', () => {
      const refused = refusal(history, reschedule({ startsAt: '2027-06-10T09:00:00.000Z', endsAt: '2027-06-10T10:00:00.000Z' }));
      expect(refused).toMatchObject({ rule: 'consent-not-in-force-at-meeting', kind: 'conflict' });
      expect(refused?.message).toMatch(
        /the meeting \(10\/06\/2027, 12:00–13:00 Finnish time\) is after the family's consent ends for 1 of its 1 invitations: consent consent-1/,
      );
    });

    it('should refuse a time the consent ends during, and move it once the family extended the consent', () => {
      expect(refusal(history, reschedule({ startsAt: '2027-05-31T23:30:00.000Z', endsAt: '2027-06-01T00:30:00.000Z' }))).toMatchObject({
        rule: 'consent-not-in-force-at-meeting',
      });
      const extended: ConveningEvent = {
        type: 'ConsentExtended',
        data: { consentId: 'consent-1', scopes: [schoolScope], validUntil: '2027-12-31T00:00:00.000Z', recordedBy: terhi.id },
      };
      expect(
        refusal([...history, extended], reschedule({ startsAt: '2027-06-10T09:00:00.000Z', endsAt: '2027-06-10T10:00:00.000Z' })),
      ).toBeUndefined();
    });

    it('should refuse when the consent was withdrawn and every invitation went with it', () => {
      const withdrawn = conveningDecider.decide(
        cmd('WithdrawConsent', { consentId: 'consent-1', withdrawnBy: 'Mari' }),
        fold(conveningDecider, history),
      );
      expect(refusal([...history, ...withdrawn], reschedule())).toMatchObject({ rule: 'no-participants', kind: 'conflict' });
    });
  });
});

describe('cancelling a meeting', () => {
  it('should release its booking and cancel the invitations it alone brought together', () => {
    // The cancellation names the meeting as it was scheduled (the days from the concern aside).
    const { daysFromConcern: _days, ...firstAsScheduled } = first.data as Extract<ConveningEvent, { type: 'MeetingScheduled' }>['data'];
    given(history)
      .when(cancel())
      .then([
        {
          type: 'MeetingCancelled',
          data: {
            ...firstAsScheduled,
            reason: 'the family wants to wait',
            cancelledBy: terhi.id,
            cancelledAt: now,
          },
        },
        { type: 'InvitationCancelled', data: { invitationId: 'inv-1', reason: 'the meeting it was for was cancelled', cancelledAt: now } },
      ]);
  });

  it('should keep the invitations of a network that met before: a cancelled follow-up ends only its own', () => {
    // The first meeting was held (its time is past); the follow-up brings the teacher again and the principal anew.
    const held = scheduled('m-1', 1, '2026-11-02T12:00:00.000Z', '2026-11-02T13:00:00.000Z', ['inv-1'], 'b-1');
    const followUp = scheduled('m-2', 2, '2026-12-03T12:00:00.000Z', '2026-12-03T13:00:00.000Z', ['inv-1', 'inv-2'], 'b-2');
    const events = conveningDecider.decide(
      cancel({ meetingId: 'm-2' }),
      fold(conveningDecider, [opened, granted, invitedOlli, held, invited('inv-2', principal), followUp]),
    );
    expect(events.map((e) => [e.type, (e.data as { invitationId?: string }).invitationId])).toEqual([
      ['MeetingCancelled', undefined],
      ['InvitationCancelled', 'inv-2'],
    ]);
  });

  it('should let the case schedule again after it: a cancelled first meeting does not count, numbers follow those that stand', () => {
    const cancelled = conveningDecider.decide(cancel(), fold(conveningDecider, history));
    const reinvited = invited('inv-3', teacher);
    const [again] = conveningDecider.decide(
      cmd('ScheduleMeeting', {
        meetingId: 'm-1b',
        kind: 'first',
        startsAt: '2026-12-01T12:00:00.000Z',
        endsAt: '2026-12-01T13:00:00.000Z',
        roomId: 'neuvola-2',
        bookingId: 'b-9',
      }),
      fold(conveningDecider, [...history, ...cancelled, reinvited]),
    );
    expect(again).toMatchObject({
      type: 'MeetingScheduled',
      data: { meetingId: 'm-1b', kind: 'first', number: 1, bookingId: 'b-9', invitationIds: ['inv-3'] },
    });
    expect(
      refusal([...history, ...cancelled], cmd('NoteFollowUpRequest', { requestedBy: 'w-rw', requestedAt: now, reason: 'x' })),
    ).toMatchObject({ rule: 'first-meeting-first' });
  });

  it('should refuse a meeting under way or held, one already cancelled, and one with no reason', () => {
    expect(refusal(history, cancel({}, '2026-11-26T11:50:00.000Z'))).toMatchObject({ rule: 'meeting-under-way', kind: 'conflict' });
    const cancelled = conveningDecider.decide(cancel(), fold(conveningDecider, history));
    expect(refusal([...history, ...cancelled], cancel())).toMatchObject({ rule: 'meeting-cancelled', kind: 'conflict' });
    expect(refusal([...history, ...cancelled], reschedule())).toMatchObject({ rule: 'meeting-cancelled', kind: 'conflict' });
    expect(refusal(history, cancel({ reason: '' }))).toMatchObject({ rule: 'cancellation-reason', kind: 'unprocessable' });
  });

  it('should name the booking the service derived for a meeting scheduled before v3', () => {
    const v2 = { ...first, data: { ...(first.data as object), bookingId: undefined } } as never as ConveningEvent;
    const [cancelled] = conveningDecider.decide(
      cancel({ derivedBookingId: 'b-derived' }),
      fold(conveningDecider, [opened, granted, invitedOlli, v2]),
    );
    expect(cancelled.data).toMatchObject({ bookingId: 'b-derived' });
  });
});

describe("a room's booking when its meeting moves", () => {
  const givenRoom = deciderSpec(roomDecider);
  const roomMeta = commandMetadata();
  /** Booking b-2, the first meeting moved by half an hour. */
  const movedBooking = { bookingId: 'b-2', startsAt: '2026-11-26T12:30:00.000Z', endsAt: '2026-11-26T14:00:00.000Z' };
  const book = (data: Partial<Extract<RoomCommand, { type: 'BookRoom' }>['data']>): RoomCommand => ({
    type: 'BookRoom',
    data: roomBooking({ ...movedBooking, ...data }),
    metadata: roomMeta,
  });
  const held = roomBooked();

  it('should book the new time over the booking it replaces, and free the old time once that is released', () => {
    givenRoom([held])
      .when(book({ replaces: 'b-1' }))
      .then([roomBooked({ ...movedBooking, replaces: 'b-1' })]);
    const moved: RoomEvent[] = [held, roomBooked({ ...movedBooking, replaces: 'b-1' })];
    // Until the old booking is released both hold the room; then only the new one.
    givenRoom(moved)
      .when(book({ bookingId: 'b-3', startsAt: '2026-11-26T12:00:00.000Z', endsAt: '2026-11-26T12:30:00.000Z', caseId: 'case-2' }))
      .thenThrows(DomainRuleViolation, /already booked 26\/11\/2026, 14:00–15:30 Finnish time/);
    givenRoom([...moved, { type: 'RoomReleased', data: { bookingId: 'b-1', reason: 'the meeting moved' } }])
      .when(book({ bookingId: 'b-3', startsAt: '2026-11-26T12:00:00.000Z', endsAt: '2026-11-26T12:30:00.000Z', caseId: 'case-2' }))
      .then([roomBooked({ bookingId: 'b-3', endsAt: '2026-11-26T12:30:00.000Z', caseId: 'case-2' })]);
  });

  it("should refuse an overlap with anyone else's booking, and never let another case's booking be replaced", () => {
    givenRoom([held])
      .when(book({}))
      .thenThrows(DomainRuleViolation, /already booked/);
    givenRoom([held])
      .when(book({ replaces: 'b-1', caseId: 'case-2' }))
      .thenThrows(DomainRuleViolation, /already booked/);
    const other = roomBooked({
      bookingId: 'b-x',
      startsAt: '2026-11-26T13:30:00.000Z',
      endsAt: '2026-11-26T15:00:00.000Z',
      caseId: 'case-2',
    });
    givenRoom([held, other])
      .when(book({ replaces: 'b-1' }))
      .thenThrows(DomainRuleViolation, /already booked 26\/11\/2026, 15:30–17:00 Finnish time/);
  });
});
