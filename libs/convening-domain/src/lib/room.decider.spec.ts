import fc from 'fast-check';
import { DomainRuleViolation, fold, type CommandMetadata } from '@perheverkko/decider';
import { deciderSpec } from '@perheverkko/decider/testing';
import { MAX_ROOM_BOOKING_HOURS, roomDayStreams, roomDecider, type RoomCommand, type RoomEvent } from './room.decider';

const metadata: CommandMetadata = {
  commandId: 'c',
  caseId: 'case-1',
  correlationId: 'k',
  actor: { id: 'demo-terhi', role: 'professional', organisation: 'Neuvola' },
  now: '2026-11-20T09:00:00.000Z',
};
const booking = (bookingId: string, startsAt: string, endsAt: string) => ({
  bookingId,
  roomId: 'neuvola-2',
  startsAt,
  endsAt,
  caseId: 'case-1',
});
const book = (bookingId: string, startsAt: string, endsAt: string): RoomCommand => ({
  type: 'BookRoom',
  data: booking(bookingId, startsAt, endsAt),
  metadata,
});
const booked = (bookingId: string, startsAt: string, endsAt: string): RoomEvent => ({
  type: 'RoomBooked',
  data: booking(bookingId, startsAt, endsAt),
});
const given = deciderSpec(roomDecider);

/**
 * The room's streams as the scheduler uses them, without a database: a booking is decided in each of its days in
 * turn and recorded in all of them, or in none when one refuses.
 */
function roomLedger() {
  const streams = new Map<string, RoomEvent[]>();
  return {
    streams,
    book(bookingId: string, startsAt: string, endsAt: string): 'booked' | string {
      const days = roomDayStreams('neuvola-2', startsAt, endsAt);
      try {
        const decided = days.map((day) => roomDecider.decide(book(bookingId, startsAt, endsAt), fold(roomDecider, streams.get(day) ?? [])));
        days.forEach((day, i) => streams.set(day, [...(streams.get(day) ?? []), ...decided[i]]));
        return 'booked';
      } catch (error) {
        if (error instanceof DomainRuleViolation) return error.rule;
        throw error;
      }
    },
  };
}

describe('a room', () => {
  describe('which days a booking is recorded in', () => {
    it('should record a daytime meeting in its one UTC day', () => {
      expect(roomDayStreams('neuvola-2', '2026-11-26T12:00:00.000Z', '2026-11-26T13:30:00.000Z')).toEqual(['Room-neuvola-2:2026-11-26']);
    });

    it('should record a meeting running past midnight in both days, and one ending at midnight in its own day only', () => {
      expect(roomDayStreams('r', '2026-11-26T23:00:00.000Z', '2026-11-27T01:00:00.000Z')).toEqual([
        'Room-r:2026-11-26',
        'Room-r:2026-11-27',
      ]);
      expect(roomDayStreams('r', '2026-11-26T22:00:00.000Z', '2026-11-27T00:00:00.000Z')).toEqual(['Room-r:2026-11-26']);
      expect(roomDayStreams('r', '2026-11-26T12:00:00.000Z', '2026-11-27T12:00:00.000Z')).toEqual([
        'Room-r:2026-11-26',
        'Room-r:2026-11-27',
      ]);
    });

    it('should take the days of the instants, whatever offset the times were written with', () => {
      // 00:30 in Helsinki on the 27th is 22:30 UTC on the 26th.
      expect(roomDayStreams('r', '2026-11-27T00:30:00+02:00', '2026-11-27T01:30:00+02:00')).toEqual(['Room-r:2026-11-26']);
    });

    it('should give the start day alone for an empty or reversed interval (the meeting itself refuses it)', () => {
      expect(roomDayStreams('r', '2026-11-26T12:00:00.000Z', '2026-11-26T12:00:00.000Z')).toEqual(['Room-r:2026-11-26']);
      expect(roomDayStreams('r', '2026-11-26T12:00:00.000Z', '2026-11-25T12:00:00.000Z')).toEqual(['Room-r:2026-11-26']);
    });

    it('should read a time without an offset as Finnish time on any server, and refuse one that is no time', () => {
      expect(roomDayStreams('r', '2026-11-27T01:30:00', '2026-11-27T02:30:00')).toEqual(['Room-r:2026-11-26', 'Room-r:2026-11-27']);
      expect(() => roomDayStreams('r', '2026-W48', '2026-11-27T02:30:00Z')).toThrow(
        expect.objectContaining({ rule: 'room-booking-times' }),
      );
    });

    it(`should refuse a booking longer than ${MAX_ROOM_BOOKING_HOURS} hours, before it is recorded anywhere`, () => {
      expect(() => roomDayStreams('r', '2026-11-26T12:00:00.000Z', '2026-11-27T12:00:00.001Z')).toThrow(
        expect.objectContaining({ rule: 'room-booking-too-long' }),
      );
      given([])
        .when(book('b-1', '2026-11-26T12:00:00.000Z', '2036-11-26T12:00:00.000Z'))
        .thenThrows(DomainRuleViolation, /at most 24 hours/);
    });
  });

  describe('when a booking overlaps another in the same stream', () => {
    it('should refuse it, naming the other in Finnish time', () => {
      // 12:00–13:30 UTC in November is 14:00–15:30 in Helsinki.
      given([booked('b-1', '2026-11-26T12:00:00.000Z', '2026-11-26T13:30:00.000Z')])
        .when(book('b-2', '2026-11-26T13:00:00.000Z', '2026-11-26T14:00:00.000Z'))
        .thenThrows(
          DomainRuleViolation,
          'room neuvola-2 is already booked 26/11/2026, 14:00–15:30 Finnish time: choose another time or room',
        );
    });

    it('should name both local days when the other runs past local midnight', () => {
      given([booked('b-1', '2026-11-26T21:30:00.000Z', '2026-11-26T22:30:00.000Z')])
        .when(book('b-2', '2026-11-26T22:00:00.000Z', '2026-11-26T23:00:00.000Z'))
        .thenThrows(DomainRuleViolation, 'already booked 26/11/2026, 23:30–27/11/2026, 00:30 Finnish time');
    });

    it('should replay a stream stored before (one record per booking, in its start day) and refuse on it', () => {
      const stored: RoomEvent[] = [
        booked('b-1', '2026-11-26T12:00:00.000Z', '2026-11-26T13:30:00.000Z'),
        booked('b-2', '2026-11-26T14:00:00.000Z', '2026-11-26T15:00:00.000Z'),
        { type: 'RoomReleased', data: { bookingId: 'b-2', reason: 'moved' } },
      ];
      expect(fold(roomDecider, stored)).toEqual({
        bookings: [{ bookingId: 'b-1', startsAt: '2026-11-26T12:00:00.000Z', endsAt: '2026-11-26T13:30:00.000Z', caseId: 'case-1' }],
      });
      given(stored)
        .when(book('b-3', '2026-11-26T13:00:00.000Z', '2026-11-26T14:00:00.000Z'))
        .thenThrows(DomainRuleViolation, /already booked/);
      given(stored)
        .when(book('b-3', '2026-11-26T14:00:00.000Z', '2026-11-26T15:00:00.000Z'))
        .then([booked('b-3', '2026-11-26T14:00:00.000Z', '2026-11-26T15:00:00.000Z')]);
    });
  });

  describe('across midnight and across days', () => {
    it('should refuse 00:00–00:30Z the next day when the room is booked 23:00–01:00Z, in either order', () => {
      const ledger = roomLedger();
      expect(ledger.book('late', '2026-11-26T23:00:00.000Z', '2026-11-27T01:00:00.000Z')).toBe('booked');
      expect(ledger.book('early', '2026-11-27T00:00:00.000Z', '2026-11-27T00:30:00.000Z')).toBe('double-booking');

      const reversed = roomLedger();
      expect(reversed.book('early', '2026-11-27T00:00:00.000Z', '2026-11-27T00:30:00.000Z')).toBe('booked');
      expect(reversed.book('late', '2026-11-26T23:00:00.000Z', '2026-11-27T01:00:00.000Z')).toBe('double-booking');
      // Refused in its second day, it holds nothing in its first.
      expect(reversed.streams.get('Room-neuvola-2:2026-11-26')).toBeUndefined();
    });

    it('should allow meetings back to back across midnight', () => {
      const ledger = roomLedger();
      expect(ledger.book('evening', '2026-11-26T22:00:00.000Z', '2026-11-27T00:00:00.000Z')).toBe('booked');
      expect(ledger.book('night', '2026-11-27T00:00:00.000Z', '2026-11-27T01:00:00.000Z')).toBe('booked');
      expect(ledger.book('before', '2026-11-26T21:00:00.000Z', '2026-11-26T22:00:00.000Z')).toBe('booked');
    });

    it('should refuse any overlap and allow anything else, for bookings of up to a day anywhere in a week', () => {
      const HOUR = 3_600_000;
      const week = Date.parse('2026-10-22T00:00:00.000Z'); // the clocks turn on the 25th
      const bookingArb = fc.record({
        start: fc.integer({ min: 0, max: 7 * 24 * 4 }),
        quarters: fc.integer({ min: 1, max: MAX_ROOM_BOOKING_HOURS * 4 }),
      });
      fc.assert(
        fc.property(fc.array(bookingArb, { minLength: 1, maxLength: 25 }), (bookings) => {
          const ledger = roomLedger();
          const accepted: Array<[number, number]> = [];
          bookings.forEach(({ start, quarters }, i) => {
            const from = week + (start * HOUR) / 4;
            const to = from + (quarters * HOUR) / 4;
            const overlaps = accepted.some(([a, b]) => a < to && from < b);
            const outcome = ledger.book(`b-${i}`, new Date(from).toISOString(), new Date(to).toISOString());
            expect(outcome).toBe(overlaps ? 'double-booking' : 'booked');
            if (!overlaps) accepted.push([from, to]);
          });
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('when a booking is released', () => {
    it('should free its time, and release nothing it does not hold', () => {
      const first = booked('b-1', '2026-11-26T12:00:00.000Z', '2026-11-26T13:30:00.000Z');
      given([first, { type: 'RoomReleased', data: { bookingId: 'b-1', reason: 'moved' } }])
        .when(book('b-2', '2026-11-26T12:00:00.000Z', '2026-11-26T13:00:00.000Z'))
        .then([booked('b-2', '2026-11-26T12:00:00.000Z', '2026-11-26T13:00:00.000Z')]);
      given([first])
        .when({ type: 'ReleaseRoom', data: { bookingId: 'b-9', reason: 'x' }, metadata })
        .thenNothingHappens();
    });
  });
});
