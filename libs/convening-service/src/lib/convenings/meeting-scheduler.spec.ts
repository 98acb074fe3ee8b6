import type { PersonalDataProtection } from '@perheverkko/command-handling';
import type { EventStore } from '@perheverkko/event-store';
import type { PersonalDataHost } from '@perheverkko/service-host';
import { ConveningCommandHandler, MeetingScheduler, bookingIdFor, conveningStream, meetingBooking } from './convening.commands';
import { memoryStore, terhisCommand } from './memory-store.fixtures';

/**
 * Issue 18: the room follows a meeting that moves or is cancelled. The scheduler books the new time before the move
 * is recorded (over the meeting's own booking, which it replaces) and releases the old one after; a cancellation
 * releases the meeting's booking. A meeting scheduled before MeetingScheduled v3 has its booking derived from the
 * command that scheduled it. Streams in memory, with expected revisions and unique event ids as the stores keep them.
 */
/** Sealing without encryption: enough for the decider to read what it wrote. */
const protection: PersonalDataProtection = {
  async sealFields<T>(_caseId: string, data: T): Promise<T> {
    return data;
  },
  async openFields<T>(_caseId: string, data: T): Promise<T> {
    return data;
  },
};

const caseId = 'case-1';
const now = '2026-11-23T09:00:00.000Z';
const meta = (commandId: string, forCase = caseId) => terhisCommand(commandId, now, forCase);
const terhi = { id: 'demo-terhi', name: 'Terhi', organisation: 'Neuvola', sector: 'child health clinic' };

function scheduler() {
  const store = memoryStore();
  const personalData = { get: async () => protection } as unknown as PersonalDataHost;
  const handler = new ConveningCommandHandler(store as unknown as EventStore, personalData);
  return { store, handler, scheduler: new MeetingScheduler(store as unknown as EventStore, handler, personalData) };
}

/** A case with the teacher invited under the family's consent (valid until `validUntil`). */
async function invitedCase(handler: ConveningCommandHandler, forCase = caseId, validUntil = '2027-06-01T00:00:00.000Z') {
  const run = (type: string, data: object) =>
    handler.execute({ command: { type, data, metadata: meta(`${forCase}-${type}`, forCase) } } as never);
  await run('OpenConvening', { convener: terhi, zone: 3, concernRegisteredAt: '2026-11-16T09:00:00.000Z', requestedAt: now });
  await run('GrantConsent', {
    consentId: 'k-1',
    guardians: ['Mari'],
    children: ['Aada'],
    scopes: [{ kind: 'sector', value: 'school', share: ['concern'] }],
    validUntil,
    givenAs: 'paper-form',
  });
  await run('Invite', {
    invitationId: 'i-1',
    invitee: { kind: 'professional', id: 'demo-olli', name: 'Olli', organisation: 'Koulu', sector: 'school' },
  });
}

/** What a room's day stream holds: each booking and release, in order. */
const roomDay = (store: ReturnType<typeof memoryStore>, room: string, day: string) =>
  (store.streams.get(`Room-${room}:${day}`) ?? []).map(
    (e) =>
      `${e.type} ${(e.data as { bookingId: string }).bookingId}${(e.data as { replaces?: string }).replaces ? ` replacing ${(e.data as { replaces?: string }).replaces}` : ''}`,
  );
const at = { startsAt: '2026-11-26T12:00:00.000Z', endsAt: '2026-11-26T13:30:00.000Z' };
const halfHourLater = { startsAt: '2026-11-26T12:30:00.000Z', endsAt: '2026-11-26T14:00:00.000Z' };

describe('the room when a meeting moves or is cancelled', () => {
  it('should book the new time over its own booking, record the move, then release the old booking', async () => {
    const { store, handler, scheduler: meetings } = scheduler();
    await invitedCase(handler);
    await meetings.schedule(meta('c-schedule'), { meetingId: 'm-1', kind: 'first', ...at, roomId: 'neuvola-2' });
    const first = bookingIdFor('c-schedule');
    const moved = await meetings.reschedule(meta('c-move'), {
      meetingId: 'm-1',
      ...halfHourLater,
      roomId: 'neuvola-2',
      reason: 'a later bus',
    });
    const second = bookingIdFor('c-move');
    expect(moved.events).toEqual([
      expect.objectContaining({
        type: 'MeetingRescheduled',
        data: expect.objectContaining({ bookingId: second, previous: { ...at, roomId: 'neuvola-2', bookingId: first } }),
      }),
    ]);
    expect(roomDay(store, 'neuvola-2', '2026-11-26')).toEqual([
      `RoomBooked ${first}`,
      `RoomBooked ${second} replacing ${first}`,
      `RoomReleased ${first}`,
    ]);
    // The half hour it left is free for another case; the time it holds now is not.
    await invitedCase(handler, 'case-2');
    await expect(
      meetings.schedule(meta('c-other', 'case-2'), {
        meetingId: 'm-9',
        kind: 'first',
        startsAt: at.startsAt,
        endsAt: halfHourLater.startsAt,
        roomId: 'neuvola-2',
      }),
    ).resolves.toMatchObject({ events: [expect.objectContaining({ type: 'MeetingScheduled' })] });
    await expect(
      meetings.schedule(meta('c-clash', 'case-2'), { meetingId: 'm-8', kind: 'follow-up', ...halfHourLater, roomId: 'neuvola-2' }),
    ).rejects.toMatchObject({ rule: 'double-booking' });
  });

  it('should answer a resent move from what it recorded, holding the new booking and not the old', async () => {
    const { store, handler, scheduler: meetings } = scheduler();
    await invitedCase(handler);
    await meetings.schedule(meta('c-schedule'), { meetingId: 'm-1', kind: 'first', ...at, roomId: 'neuvola-2' });
    const move = {
      meetingId: 'm-1',
      startsAt: '2026-11-27T08:00:00.000Z',
      endsAt: '2026-11-27T09:00:00.000Z',
      roomId: 'neuvola-3',
      reason: 'morning',
    };
    await meetings.reschedule(meta('c-move'), move);
    const again = await meetings.reschedule(meta('c-move'), move);
    expect(again.alreadyHandled).toBe(true);
    expect(roomDay(store, 'neuvola-2', '2026-11-26')).toEqual([
      `RoomBooked ${bookingIdFor('c-schedule')}`,
      `RoomReleased ${bookingIdFor('c-schedule')}`,
    ]);
    expect(roomDay(store, 'neuvola-3', '2026-11-27')).toEqual([
      `RoomBooked ${bookingIdFor('c-move')} replacing ${bookingIdFor('c-schedule')}`,
    ]);
  });

  it('should release the new booking when the move is refused, and keep the old one', async () => {
    const { store, handler, scheduler: meetings } = scheduler();
    await invitedCase(handler);
    await meetings.schedule(meta('c-schedule'), { meetingId: 'm-1', kind: 'first', ...at, roomId: 'neuvola-2' });
    // The consent ends on 1 June 2027: a meeting in July is refused.
    await expect(
      meetings.reschedule(meta('c-late'), {
        meetingId: 'm-1',
        startsAt: '2027-07-01T08:00:00.000Z',
        endsAt: '2027-07-01T09:00:00.000Z',
        roomId: 'neuvola-3',
        reason: 'x',
      }),
    ).rejects.toMatchObject({
      rule: 'consent-not-in-force-at-meeting',
    });
    expect(roomDay(store, 'neuvola-3', '2027-07-01')).toEqual([
      `RoomBooked ${bookingIdFor('c-late')} replacing ${bookingIdFor('c-schedule')}`,
      `RoomReleased ${bookingIdFor('c-late')}`,
    ]);
    expect(roomDay(store, 'neuvola-2', '2026-11-26')).toEqual([`RoomBooked ${bookingIdFor('c-schedule')}`]);
    expect(meetingBooking(await store.readStream(conveningStream(caseId)), caseId, 'm-1')).toMatchObject({
      bookingId: bookingIdFor('c-schedule'),
      roomId: 'neuvola-2',
    });
  });

  it('should release the booking of a cancelled meeting, one scheduled before v3 by the id derived from its command', async () => {
    const { store, handler, scheduler: meetings } = scheduler();
    await invitedCase(handler);
    await meetings.schedule(meta('c-schedule'), { meetingId: 'm-1', kind: 'first', ...at, roomId: 'neuvola-2' });
    // As a MeetingScheduled v2 was stored: no bookingId in its data.
    const stored = store.streams.get(conveningStream(caseId))!;
    const scheduled = stored.find((e) => e.type === 'MeetingScheduled')!;
    const { bookingId: _recorded, ...v2 } = scheduled.data as { bookingId: string };
    stored[stored.indexOf(scheduled)] = { ...scheduled, data: v2, metadata: { ...scheduled.metadata, schemaVersion: 2 } };
    expect(meetingBooking(stored, caseId, 'm-1')).toMatchObject({ bookingId: bookingIdFor('c-schedule') });

    const cancelled = await meetings.cancel(meta('c-cancel'), { meetingId: 'm-1', reason: 'the family wants to wait' });
    expect(cancelled.events.map((e) => e.type)).toEqual(['MeetingCancelled', 'InvitationCancelled']);
    expect(cancelled.events[0].data).toMatchObject({ bookingId: bookingIdFor('c-schedule') });
    expect(roomDay(store, 'neuvola-2', '2026-11-26')).toEqual([
      `RoomBooked ${bookingIdFor('c-schedule')}`,
      `RoomReleased ${bookingIdFor('c-schedule')}`,
    ]);
  });

  it('should book no room for a meeting the case does not have', async () => {
    const { store, handler, scheduler: meetings } = scheduler();
    await invitedCase(handler);
    await expect(meetings.reschedule(meta('c-move'), { meetingId: 'm-x', ...at, roomId: 'neuvola-2', reason: 'x' })).rejects.toMatchObject({
      rule: 'meeting-unknown',
    });
    expect([...store.streams.keys()].filter((id) => id.startsWith('Room-'))).toEqual([]);
  });
});
