import { commandsOf, deciderSpec, refusalBy, specMetadata } from '@perheverkko/decider/testing';
import { meetingDecider, type MeetingCommand, type MeetingEvent } from './meeting.decider';
import { opened } from './meeting.fixtures';

/**
 * Issue 18: the meeting's record follows convening when it moves a meeting before it starts (steps open 15 minutes
 * before the new start) or calls it off (every step refused). Convening's events arrive at least once.
 */
const cmd = commandsOf<MeetingCommand>(
  specMetadata('2026-11-23T09:00:00.000Z', { id: 'meeting', role: 'system', organisation: 'perheverkko' }),
);
const given = deciderSpec(meetingDecider);

const moved: MeetingEvent = {
  type: 'MeetingRecordMoved',
  data: { meetingId: 'm-1', startsAt: '2026-11-27T08:00:00.000Z', roomId: 'r-3', previousStartsAt: '2026-11-26T12:00:00.000Z' },
};
const cancelled: MeetingEvent = { type: 'MeetingRecordCancelled', data: { meetingId: 'm-1', cancelledAt: '2026-11-23T09:00:00.000Z' } };
const attendance = (now: string) =>
  cmd(
    'RecordAttendance',
    {
      participants: [{ name: 'Mari', role: 'family-member' }],
      childTookPart: true,
      access: { facts: { conveners: [], consents: {}, invitations: {} }, directory: [] },
    },
    { now },
  );

const refusal = refusalBy(meetingDecider);

describe("a meeting's record when convening moves the meeting", () => {
  it('should move to the new start, recording where it was, once', () => {
    given([opened])
      .when(cmd('RescheduleMeeting', { startsAt: '2026-11-27T08:00:00.000Z', roomId: 'r-3' }))
      .then([moved]);
    given([opened, moved])
      .when(cmd('RescheduleMeeting', { startsAt: '2026-11-27T08:00:00.000Z', roomId: 'r-3' }))
      .thenNothingHappens();
  });

  it('should open its steps before the new start, not the old one', () => {
    // At the old time the moved meeting has not started.
    expect(refusal([opened, moved], attendance('2026-11-26T12:10:00.000Z'))).toEqual({ rule: 'meeting-not-started', kind: 'conflict' });
    expect(refusal([opened, moved], attendance('2026-11-27T07:50:00.000Z'))).toBeUndefined();
    // Moved earlier, it opens earlier.
    const earlier: MeetingEvent = {
      type: 'MeetingRecordMoved',
      data: { meetingId: 'm-1', startsAt: '2026-11-24T08:00:00.000Z', roomId: 'r-2', previousStartsAt: '2026-11-26T12:00:00.000Z' },
    };
    expect(refusal([opened, earlier], attendance('2026-11-24T07:50:00.000Z'))).toBeUndefined();
  });

  it('should leave a held (closed) or cancelled meeting, and one never opened, as it is', () => {
    const closed = {
      type: 'MeetingClosed',
      data: { meetingId: 'm-1', kind: 'first', number: 1, allMattersCovered: true, closedAt: '2026-11-26T13:30:00.000Z' },
    } as never as MeetingEvent;
    given([opened, closed])
      .when(cmd('RescheduleMeeting', { startsAt: '2026-11-27T08:00:00.000Z', roomId: 'r-3' }))
      .thenNothingHappens();
    given([opened, cancelled])
      .when(cmd('RescheduleMeeting', { startsAt: '2026-11-27T08:00:00.000Z', roomId: 'r-3' }))
      .thenNothingHappens();
    given([])
      .when(cmd('RescheduleMeeting', { startsAt: '2026-11-27T08:00:00.000Z', roomId: 'r-3' }))
      .thenNothingHappens();
  });
});

describe("a meeting's record when convening calls the meeting off", () => {
  it('should be cancelled once, at the time convening cancelled it', () => {
    given([opened]).when(cmd('CancelMeeting', {})).then([cancelled]);
    given([opened, cancelled]).when(cmd('CancelMeeting', {})).thenNothingHappens();
    given([]).when(cmd('CancelMeeting', {})).thenNothingHappens();
  });

  it('should refuse every step of a cancelled meeting, at any time', () => {
    expect(refusal([opened, cancelled], attendance('2026-11-26T12:10:00.000Z'))).toEqual({ rule: 'meeting-cancelled', kind: 'conflict' });
    expect(
      refusal([opened, moved, cancelled], cmd('ConfirmConsentForm', { signedBy: ['Mari'] }, { now: '2026-11-27T08:00:00.000Z' })),
    ).toEqual({
      rule: 'meeting-cancelled',
      kind: 'conflict',
    });
  });
});
