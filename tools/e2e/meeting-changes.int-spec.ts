import { randomUUID } from 'node:crypto';
import { MEETING_OPENS_MINUTES_BEFORE } from '@perheverkko/convening-domain';
import { MEETING_RECORD_OPENS_MINUTES_BEFORE } from '@perheverkko/meeting-domain';
import { heldNow, plan, startServiceChain, type ServiceChain } from './standalone-chain';

type Event = { type: string; data: Record<string, unknown> };
/** A meeting as convening's and plan follow-up's views list it. */
type Listed = { meetingId: string; [field: string]: unknown };

/**
 * Issue 18: a meeting is moved or called off before it starts, in the embedded default. The room follows (the old
 * time is free again), the invitations follow (the invitee reads the new time; those a cancelled meeting alone
 * brought together are cancelled, and their invitee's access with them), the meeting service's record follows
 * (its steps open before the new start, and a cancelled meeting records nothing), and plan follow-up notes it. Only
 * the convener and the organiser's coordinator may do it; a meeting under way stays as it is.
 */
describe('moving and cancelling meetings: convening, the room, the invitees, meeting and plan follow-up', () => {
  const saved = { ...process.env };
  let chain: Awaited<ReturnType<typeof startServiceChain>>;

  beforeAll(async () => {
    chain = await startServiceChain({ KAFKA_BROKERS: undefined, DATABASE_URL: undefined, MASTER_KEYS: undefined });
  }, 180_000);

  afterAll(async () => {
    await chain.close();
    process.env = { ...saved };
  });

  const ok: ServiceChain['ok'] = (...args) => chain.ok(...args);
  const room = () => chain.room();
  /** A time tomorrow or later, as ISO 8601 with Helsinki's winter or summer offset written out (not Z). */
  const later = (hoursFromNow: number, minutes = 60) => {
    const start = Math.floor((Date.now() + hoursFromNow * 3_600_000) / 60_000) * 60_000;
    const withOffset = (ms: number) => new Date(ms + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
    return { startsAt: withOffset(start), endsAt: withOffset(start + minutes * 60_000) };
  };
  /** What a person reads at `path` (convening, a meeting record, plan follow-up): the state. */
  const stateOf = async (path: string, user = 'terhi') => (await chain.call('GET', path, undefined, user)).body;
  /** The events that state is folded from: `path`/history. */
  const eventsOf = async (path: string, user = 'terhi') =>
    (await chain.call('GET', `${path}/history`, undefined, user)).body.events as Event[];
  /** Until the state at `path` is `found`: the answer. */
  const waitFor = (path: string, found: (state: Record<string, unknown>) => boolean, what: string, user = 'terhi') =>
    chain.until(
      () => chain.call('GET', path, undefined, user),
      (r) => r.status === 200 && found(r.body),
      what,
    );
  /** The meeting `meetingId` in a view's list of meetings. */
  const listed = (meetings: unknown, meetingId: string) => (meetings as Listed[]).find((m) => m.meetingId === meetingId);

  /** The family agrees to the nurse by name and to the school's sector (which reads the convening too); the teacher is invited. */
  async function invitedCase(validUntil = '2032-01-01T00:00:00.000Z') {
    const caseId = await chain.routedCase();
    const consent = await chain.consented(
      caseId,
      [
        { kind: 'person', value: 'demo-terhi', share: ['concern', 'joint-plan', 'follow-up'] },
        { kind: 'sector', value: 'school', share: ['concern', 'consents'] },
      ],
      ['Aada'],
      validUntil,
    );
    const { invitationId } = await chain.teacherInvited(caseId);
    return { caseId, consentId: consent.consentId as string, invitationId: invitationId as string };
  }

  async function scheduled(caseId: string, kind: 'first' | 'follow-up', times: { startsAt: string; endsAt: string }, inRoom?: string) {
    const roomId = inRoom ?? (await room());
    return { ...(await chain.scheduledMeeting(`scheduling the ${kind} meeting`, caseId, { kind, ...times, roomId })), roomId };
  }

  const attendance = {
    participants: [
      { name: 'Mari', role: 'family-member' },
      { name: 'Terhi', role: 'professional', professionalId: 'demo-terhi' },
    ],
    childTookPart: true,
  };

  it("should agree with the meeting service on when a meeting's record opens", () => {
    expect(MEETING_OPENS_MINUTES_BEFORE).toBe(MEETING_RECORD_OPENS_MINUTES_BEFORE);
  });

  it('should move a follow-up meeting and cancel another: the room, the invitee, meeting and plan follow-up follow', async () => {
    const { caseId, invitationId } = await invitedCase();
    const first = await scheduled(caseId, 'first', heldNow(60, 1));
    await ok('attendance', 'POST', `${first.meeting}/attendance`, attendance);
    await ok('consent form', 'POST', `${first.meeting}/consent-form`, { signedBy: ['Mari'] });
    await ok('responsible worker', 'POST', `${first.meeting}/responsible-workers`, { workers: [{ professionalId: 'demo-terhi' }] });
    await ok('plan', 'POST', `${first.meeting}/plan`, { plan });
    await chain.untilFound(`/cases/${caseId}/plan-tracking`, 'plan follow-up to track the plan');

    // A follow-up meeting tomorrow: its record is not open yet.
    const tomorrow = later(24);
    const second = await scheduled(caseId, 'follow-up', tomorrow);
    await waitFor(
      `/cases/${caseId}/plan-tracking`,
      (tracking) => listed(tracking.followUpMeetings, second.meetingId)?.status === 'scheduled',
      'plan follow-up to note the follow-up meeting',
    );
    const early = await chain.call('POST', `${second.meeting}/attendance`, attendance);
    expect([early.status, early.body.rule]).toEqual([409, 'meeting-not-started']);

    // The family can come today after all: the meeting moves to now, in another room.
    const today = heldNow(60, 1);
    const newRoom = await room();
    // Only into a room in force in the reference data: a misspelt one is a 400 naming the nearest.
    const misspelt = await chain.call('POST', `/convenings/${caseId}/meetings/${second.meetingId}/rescheduling`, {
      ...today,
      roomId: `${newRoom}x`,
      reason: 'the family can come today',
    });
    expect([misspelt.status, misspelt.body.violations]).toEqual([
      400,
      [{ field: 'roomId', reason: expect.stringContaining(`did you mean ${newRoom} (`) }],
    ]);
    const moved = await ok('moving the meeting', 'POST', `/convenings/${caseId}/meetings/${second.meetingId}/rescheduling`, {
      ...today,
      roomId: newRoom,
      reason: 'the family can come today',
    });
    expect(moved).toMatchObject({ meetingId: second.meetingId, events: ['MeetingRescheduled'] });

    // The meeting service's record moved with it: its steps open before the new start.
    const record = await waitFor(second.meeting, (meeting) => meeting.startsAt === today.startsAt, 'the meeting record to move');
    expect(record.body).toMatchObject({
      meetingId: second.meetingId,
      kind: 'follow-up',
      number: 2,
      startsAt: today.startsAt,
      roomId: newRoom,
      status: 'open',
      moves: [{ previousStartsAt: tomorrow.startsAt, startsAt: today.startsAt, roomId: newRoom }],
    });
    expect((await eventsOf(second.meeting)).find((e) => e.type === 'MeetingRecordMoved')).toMatchObject({
      data: { meetingId: second.meetingId, startsAt: today.startsAt, roomId: newRoom, previousStartsAt: tomorrow.startsAt },
    });
    expect((await chain.call('POST', `${second.meeting}/attendance`, attendance)).status).toBe(201);
    // Plan follow-up notes the new time.
    const tracking = await waitFor(
      `/cases/${caseId}/plan-tracking`,
      (state) => listed(state.followUpMeetings, second.meetingId)?.startsAt === today.startsAt,
      'plan follow-up to note the move',
    );
    expect(listed(tracking.body.followUpMeetings, second.meetingId)).toEqual({
      meetingId: second.meetingId,
      number: 2,
      startsAt: today.startsAt,
      status: 'scheduled',
      cancelledAt: null,
      heldAt: null,
    });

    // The invitee reads his invitation's new time (the family's consent shares the convening with the school).
    const seenByOlli = await stateOf(`/convenings/${caseId}`, 'olli');
    expect(listed(seenByOlli.meetings, second.meetingId)).toMatchObject({
      startsAt: today.startsAt,
      endsAt: today.endsAt,
      roomId: newRoom,
      invitationIds: [invitationId],
      moves: [{ from: { startsAt: tomorrow.startsAt, roomId: second.roomId }, reason: 'the family can come today' }],
    });
    // The consent shares neither the family's identity nor the follow-up with the school: left out, and said so.
    expect(seenByOlli.invitations[0]).toMatchObject({ invitationId, invitee: { withheld: 'identity' }, status: 'pending' });
    expect(seenByOlli).not.toHaveProperty('followUpRequests');
    expect(seenByOlli.withheld).toEqual(expect.arrayContaining(['identity', 'follow-up']));
    expect((await eventsOf(`/convenings/${caseId}`, 'olli')).find((e) => e.type === 'MeetingRescheduled')).toMatchObject({
      data: { meetingId: second.meetingId, previous: { startsAt: tomorrow.startsAt, roomId: second.roomId } },
    });

    // Now under way: it is neither moved nor cancelled again, and the refusal reads in Finnish time.
    const underWay = await chain.call('POST', `/convenings/${caseId}/meetings/${second.meetingId}/cancellation`, { reason: 'x' });
    expect([underWay.status, underWay.body.rule]).toEqual([409, 'meeting-under-way']);
    expect(underWay.body.message).toMatch(/Finnish time/);

    // The room and time it left are free again: another follow-up takes them, and is then called off.
    const third = await scheduled(caseId, 'follow-up', tomorrow, second.roomId);
    const cancelled = await ok('cancelling the meeting', 'POST', `/convenings/${caseId}/meetings/${third.meetingId}/cancellation`, {
      reason: 'the family wants to wait for the holidays',
    });
    // The teacher's invitation stays: the meetings held bring him together with the family too.
    expect(cancelled).toMatchObject({ events: ['MeetingCancelled'] });
    await waitFor(third.meeting, (meeting) => meeting.status === 'cancelled', 'the meeting record to be cancelled');
    const afterCancel = await chain.call('POST', `${third.meeting}/attendance`, attendance);
    expect([afterCancel.status, afterCancel.body.rule]).toEqual([409, 'meeting-cancelled']);
    await waitFor(
      `/cases/${caseId}/plan-tracking`,
      (state) => listed(state.followUpMeetings, third.meetingId)?.status === 'cancelled',
      'plan follow-up to note the cancellation',
    );
    const again = await chain.call('POST', `/convenings/${caseId}/meetings/${third.meetingId}/rescheduling`, {
      ...later(30),
      roomId: await room(),
      reason: 'x',
    });
    expect([again.status, again.body.rule]).toEqual([409, 'meeting-cancelled']);
    // Its room and time are free again too; a cancelled meeting's number is taken again.
    const fourth = await scheduled(caseId, 'follow-up', tomorrow, second.roomId);
    const scheduledAgain = (await eventsOf(`/convenings/${caseId}`)).find(
      (e) => e.type === 'MeetingScheduled' && e.data.meetingId === fourth.meetingId,
    );
    expect(scheduledAgain).toMatchObject({ data: { number: 3, bookingId: expect.any(String) } });

    // The reasons are stored sealed, and read open by those who read the convening.
    const convening = await stateOf(`/convenings/${caseId}`);
    expect(convening.meetings.map((m: Listed) => [m.number, m.cancelled])).toEqual([
      [1, false],
      [2, false],
      [3, true],
      [3, false],
    ]);
    expect(listed(convening.meetings, third.meetingId)).toMatchObject({
      cancellation: { reason: 'the family wants to wait for the holidays', cancelledBy: 'demo-terhi' },
    });
  }, 240_000);

  it('should cancel a first meeting with the invitations it alone brought together, and the invitee loses the case', async () => {
    const { caseId, invitationId } = await invitedCase();
    const first = await scheduled(caseId, 'first', later(48));
    expect((await chain.call('GET', `/concerns/${caseId}`, undefined, 'olli')).status).toBe(200);
    const cancelled = await ok('cancelling the first meeting', 'POST', `/convenings/${caseId}/meetings/${first.meetingId}/cancellation`, {
      reason: 'the family withdrew from the meeting',
    });
    expect(cancelled).toMatchObject({ events: ['MeetingCancelled', 'InvitationCancelled'] });
    expect((await stateOf(`/convenings/${caseId}`)).invitations).toEqual([
      expect.objectContaining({ invitationId, status: 'cancelled', cancellationReason: 'the meeting it was for was cancelled' }),
    ]);
    const refused = await chain.call('GET', `/concerns/${caseId}`, undefined, 'olli');
    expect([refused.status, refused.body.rule]).toEqual([403, 'no-relation-to-case']);
    await waitFor(first.meeting, (meeting) => meeting.status === 'cancelled', 'the meeting record to be cancelled');
    // The case starts again: invite, and schedule a first meeting in the same room and time.
    await ok('inviting again', 'POST', `/convenings/${caseId}/invitations`, { kind: 'professional', directoryId: 'demo-olli' });
    const { meetingId } = await ok('a new first meeting', 'POST', `/convenings/${caseId}/meetings`, {
      kind: 'first',
      ...later(48),
      roomId: first.roomId,
    });
    expect(meetingId).not.toBe(first.meetingId);
  }, 180_000);

  it('should refuse a move into a booked room, after the consent ends, or without an offset, and leave the meeting and its room as they were', async () => {
    const { caseId, consentId } = await invitedCase('2031-01-01T00:00:00.000Z');
    const when = later(72);
    const meeting = await scheduled(caseId, 'first', when);
    const other = await invitedCase();
    const taken = later(96);
    const otherMeeting = await scheduled(other.caseId, 'first', taken);

    const booked = await chain.call('POST', `/convenings/${caseId}/meetings/${meeting.meetingId}/rescheduling`, {
      ...taken,
      roomId: otherMeeting.roomId,
      reason: 'x',
    });
    expect([booked.status, booked.body.rule]).toEqual([409, 'double-booking']);
    expect(booked.body.message).toMatch(/Finnish time/);
    const afterConsent = await chain.call('POST', `/convenings/${caseId}/meetings/${meeting.meetingId}/rescheduling`, {
      startsAt: '2031-01-10T10:00:00+02:00',
      endsAt: '2031-01-10T11:00:00+02:00',
      roomId: await room(),
      reason: 'x',
    });
    expect([afterConsent.status, afterConsent.body.rule]).toEqual([409, 'consent-not-in-force-at-meeting']);
    expect(afterConsent.body.message).toContain(`consent ${consentId}`);
    const ambiguous = await chain.call('POST', `/convenings/${caseId}/meetings/${meeting.meetingId}/rescheduling`, {
      startsAt: '2031-01-10T10:00:00',
      endsAt: '2031-01-10T11:00:00+02:00',
      roomId: await room(),
      reason: 'x',
    });
    expect(ambiguous.status).toBe(400);
    expect(JSON.stringify(ambiguous.body)).toMatch(/startsAt needs its offset/);
    const unknown = await chain.call('POST', `/convenings/${caseId}/meetings/${randomUUID()}/cancellation`, { reason: 'x' });
    expect([unknown.status, unknown.body.rule]).toEqual([409, 'meeting-unknown']);

    // Nothing moved: the meeting keeps its time, and its room stays booked (the same room and time is refused).
    expect(listed((await stateOf(`/convenings/${caseId}`)).meetings, meeting.meetingId)).toMatchObject({ moves: [], cancelled: false });
    expect(
      (await eventsOf(`/convenings/${caseId}`)).filter((e) => e.type === 'MeetingRescheduled' || e.type === 'MeetingCancelled'),
    ).toEqual([]);
    const stillHeld = await chain.call('POST', `/convenings/${other.caseId}/meetings/${otherMeeting.meetingId}/rescheduling`, {
      ...when,
      roomId: meeting.roomId,
      reason: 'x',
    });
    expect([stillHeld.status, stillHeld.body.rule]).toEqual([409, 'double-booking']);
    // The room the refused move tried is not held either: the other case moves into its own half hour later.
    const halfHourLater = {
      startsAt: new Date(Date.parse(taken.startsAt) + 30 * 60_000).toISOString(),
      endsAt: new Date(Date.parse(taken.endsAt) + 30 * 60_000).toISOString(),
    };
    expect(
      (
        await ok('moving within its own booking', 'POST', `/convenings/${other.caseId}/meetings/${otherMeeting.meetingId}/rescheduling`, {
          ...halfHourLater,
          roomId: otherMeeting.roomId,
          reason: 'later bus',
        })
      ).events,
    ).toEqual(['MeetingRescheduled']);
  }, 180_000);

  it('should let only the convener and the organiser’s coordinator move or cancel a meeting', async () => {
    const { caseId } = await invitedCase();
    const meeting = await scheduled(caseId, 'first', later(120));
    const move = { ...later(121), roomId: await room(), reason: 'x' };
    /** `user` cancels the meeting, as if it were the case's: the answer. */
    const cancelledAs = (user: string, inCase: string, meetingId: string) =>
      chain.call('POST', `/convenings/${inCase}/meetings/${meetingId}/cancellation`, { reason: 'x' }, user);
    const byInvitee = await chain.call('POST', `/convenings/${caseId}/meetings/${meeting.meetingId}/rescheduling`, move, 'olli');
    expect([byInvitee.status, byInvitee.body.rule]).toEqual([403, 'role-may-not-act']);
    const cancelByInvitee = await chain.call(
      'POST',
      `/convenings/${caseId}/meetings/${meeting.meetingId}/cancellation`,
      { reason: 'x' },
      'olli',
    );
    expect([cancelByInvitee.status, cancelByInvitee.body.rule]).toEqual([403, 'role-may-not-act']);
    // The same teacher in a case he has nothing to do with.
    const unrelated = await chain.routedCase();
    const byStranger = await cancelledAs('olli', unrelated, meeting.meetingId);
    expect([byStranger.status, byStranger.body.rule]).toEqual([403, 'no-relation-to-case']);
    const byAnalyst = await cancelledAs('antti', caseId, meeting.meetingId);
    expect(byAnalyst.status).toBe(403);
    expect((await stateOf(`/convenings/${caseId}`)).meetings).toEqual([
      expect.objectContaining({ meetingId: meeting.meetingId, moves: [], cancelled: false }),
    ]);

    // The coordinator of the organiser moves it; the convener cancels it.
    expect(
      await ok('the coordinator moves it', 'POST', `/convenings/${caseId}/meetings/${meeting.meetingId}/rescheduling`, move, 'kaisa'),
    ).toMatchObject({ events: ['MeetingRescheduled'] });
    expect(
      await ok('the convener cancels it', 'POST', `/convenings/${caseId}/meetings/${meeting.meetingId}/cancellation`, {
        reason: 'the family asked',
      }),
    ).toMatchObject({ events: ['MeetingCancelled', 'InvitationCancelled'] });
  }, 180_000);
});
