import { memoryStore, terhisCommand } from './memory-store.fixtures';
import { bookRoom, releaseRoom, type RoomBooking } from './room-booking';

const metadataFor = (commandId: string) => terhisCommand(commandId, '2026-11-20T09:00:00.000Z');
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
    const store = memoryStore({ interleave: true });
    await bookRoom(store, late, metadataFor('c-late'));
    expect([types(store, '2026-11-26'), types(store, '2026-11-27')]).toEqual([['RoomBooked late'], ['RoomBooked late']]);
    await expect(bookRoom(store, early, metadataFor('c-early'))).rejects.toMatchObject({ rule: 'double-booking', kind: 'conflict' });
    expect(types(store, '2026-11-27')).toEqual(['RoomBooked late']);
  });

  it('should release the days already booked when a later day refuses', async () => {
    const store = memoryStore({ interleave: true });
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
      const store = memoryStore({ interleave: true });
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
    const store = memoryStore({ interleave: true });
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
    const store = memoryStore({ interleave: true });
    await expect(
      bookRoom(store, room('week', '2026-11-26T08:00:00.000Z', '2026-12-03T08:00:00.000Z'), metadataFor('c-week')),
    ).rejects.toMatchObject({ rule: 'room-booking-too-long' });
    expect(store.streams.size).toBe(0);
  });
});
