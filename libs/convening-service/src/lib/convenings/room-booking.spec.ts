import type { CommandMetadata } from '@perheverkko/decider';
import {
  EventIdReusedError,
  StreamRevisionConflictError,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
} from '@perheverkko/event-store';
import { bookRoom, releaseRoom, type RoomBooking } from './room-booking';

/** Streams with expected revisions and unique event ids, as the real stores keep them; each call yields once, so bookings made together interleave. */
function memoryStore(): Pick<EventStore, 'readStream' | 'appendToStream'> & { streams: Map<string, RecordedEvent[]> } {
  const streams = new Map<string, RecordedEvent[]>();
  const ids = new Set<string>();
  let position = 0n;
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  return {
    streams,
    async readStream(id: string) {
      await tick();
      return [...(streams.get(id) ?? [])];
    },
    async appendToStream(id: string, added: NewEvent[], { expectedRevision }: { expectedRevision: ExpectedRevision }) {
      await tick();
      const stream = streams.get(id) ?? [];
      const actual = stream.length ? stream.length - 1 : 'no_stream';
      if (actual !== expectedRevision) throw new StreamRevisionConflictError(id, expectedRevision, actual);
      const reused = added.map((e) => e.metadata.eventId).filter((eventId) => ids.has(eventId));
      if (reused.length) throw new EventIdReusedError(id, reused);
      for (const e of added) {
        ids.add(e.metadata.eventId);
        stream.push({
          ...e,
          streamId: id,
          streamRevision: stream.length,
          position: { commit: ++position, prepare: 0n },
          recordedAt: e.metadata.occurredAt,
        });
      }
      streams.set(id, stream);
      return { nextExpectedRevision: stream.length - 1, position: { commit: position, prepare: 0n }, alreadyAppended: false };
    },
  };
}

const metadataFor = (commandId: string): CommandMetadata => ({
  commandId,
  caseId: 'case-1',
  correlationId: commandId,
  actor: { id: 'demo-terhi', role: 'professional', organisation: 'Neuvola' },
  now: '2026-11-20T09:00:00.000Z',
});
const room = (bookingId: string, startsAt: string, endsAt: string): RoomBooking => ({
  bookingId,
  roomId: 'Neuvola 2',
  startsAt,
  endsAt,
  caseId: 'case-1',
});
const types = (store: ReturnType<typeof memoryStore>, day: string) =>
  (store.streams.get(`Room-Neuvola-2:${day}`) ?? []).map((e) => `${e.type} ${(e.data as { bookingId: string }).bookingId}`);

describe('booking a room for a meeting', () => {
  const late = room('late', '2026-11-26T23:00:00.000Z', '2026-11-27T01:00:00.000Z');
  const early = room('early', '2026-11-27T00:00:00.000Z', '2026-11-27T00:30:00.000Z');

  it('should record a meeting past midnight in both days and refuse one overlapping it the next day (409 double-booking)', async () => {
    const store = memoryStore();
    await bookRoom(store, late, metadataFor('c-late'));
    expect([types(store, '2026-11-26'), types(store, '2026-11-27')]).toEqual([['RoomBooked late'], ['RoomBooked late']]);
    await expect(bookRoom(store, early, metadataFor('c-early'))).rejects.toMatchObject({ rule: 'double-booking', kind: 'conflict' });
    expect(types(store, '2026-11-27')).toEqual(['RoomBooked late']);
  });

  it('should release the days already booked when a later day refuses', async () => {
    const store = memoryStore();
    await bookRoom(store, early, metadataFor('c-early'));
    await expect(bookRoom(store, late, metadataFor('c-late'))).rejects.toMatchObject({ rule: 'double-booking' });
    expect(types(store, '2026-11-26')).toEqual(['RoomBooked late', 'RoomReleased late']);
    await bookRoom(store, room('evening', '2026-11-26T22:00:00.000Z', '2026-11-27T00:00:00.000Z'), metadataFor('c-evening'));
    expect(types(store, '2026-11-26')).toEqual(['RoomBooked late', 'RoomReleased late', 'RoomBooked evening']);
  });

  it('should let only one of two overlapping bookings made at the same moment through', async () => {
    for (const pair of [
      [late, early],
      [early, late],
    ]) {
      const store = memoryStore();
      const outcomes = await Promise.allSettled(pair.map((b) => bookRoom(store, b, metadataFor(`c-${b.bookingId}`))));
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const held = [...store.streams.values()].map((events) => {
        const released = new Set(events.filter((e) => e.type === 'RoomReleased').map((e) => (e.data as { bookingId: string }).bookingId));
        return events
          .filter((e) => e.type === 'RoomBooked' && !released.has((e.data as { bookingId: string }).bookingId))
          .map((e) => (e.data as { bookingId: string }).bookingId);
      });
      expect(new Set(held.flat()).size).toBe(1);
    }
  });

  it('should answer a resent booking from what it recorded, and release it in every day', async () => {
    const store = memoryStore();
    await bookRoom(store, late, metadataFor('c-late'));
    await bookRoom(store, late, metadataFor('c-late'));
    expect(types(store, '2026-11-27')).toEqual(['RoomBooked late']);
    await releaseRoom(store, late, 'the meeting could not be scheduled', metadataFor('c-late'));
    expect([types(store, '2026-11-26'), types(store, '2026-11-27')]).toEqual([
      ['RoomBooked late', 'RoomReleased late'],
      ['RoomBooked late', 'RoomReleased late'],
    ]);
    // The first day keeps the command ids a booking had when it was recorded in one day only.
    expect(store.streams.get('Room-Neuvola-2:2026-11-26')!.map((e) => e.metadata.causationId)).toEqual(['late', 'late:release']);
  });

  it('should refuse a booking of more than a day before recording anything', async () => {
    const store = memoryStore();
    await expect(
      bookRoom(store, room('week', '2026-11-26T08:00:00.000Z', '2026-12-03T08:00:00.000Z'), metadataFor('c-week')),
    ).rejects.toMatchObject({ rule: 'room-booking-too-long' });
    expect(store.streams.size).toBe(0);
  });
});
