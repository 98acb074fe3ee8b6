import {
  DomainRuleViolation,
  formatFinnishDateTime,
  formatFinnishTime,
  finnishDateOf,
  parseInstant,
  unreachable,
  type Command,
  type Decider,
  type DomainEvent,
} from '@perheverkko/decider';

/**
 * One room's bookings for one UTC day: the stream `Room-<roomId>:<yyyy-mm-dd>`. A booking is recorded in the
 * stream of every UTC day its interval [startsAt, endsAt) touches (`roomDayStreams`), so any two bookings that
 * overlap, across midnight or across days, share the stream of the day they overlap on, and that stream's
 * expected revision refuses the second one.
 */
/**
 * `replaces`: the booking of the same case's meeting this one takes over when the meeting moves. The new booking
 * may overlap it (a meeting moved by half an hour in the same room); it is released once the move is recorded.
 */
export type RoomCommand =
  | Command<'BookRoom', { bookingId: string; roomId: string; startsAt: string; endsAt: string; caseId: string; replaces?: string }>
  | Command<'ReleaseRoom', { bookingId: string; reason: string }>;

export type RoomEvent =
  | DomainEvent<'RoomBooked', { bookingId: string; roomId: string; startsAt: string; endsAt: string; caseId: string; replaces?: string }>
  | DomainEvent<'RoomReleased', { bookingId: string; reason: string }>;

interface RoomDay {
  bookings: Array<{ bookingId: string; startsAt: string; endsAt: string; caseId: string }>;
}

/** A room is booked for one meeting: a longer booking is refused before it is recorded anywhere. */
export const MAX_ROOM_BOOKING_HOURS = 24;

const DAY = 86_400_000;

/**
 * The streams a booking of [startsAt, endsAt) is recorded in, first the day it starts: one for each UTC day it
 * touches (`Room-neuvola-2:2026-11-26`). The days are UTC's, as they were when a booking was recorded only in the
 * day it started: a booking made before is in the stream a new one reads. (A meeting in Helsinki's daytime
 * touches one UTC day: only one running past 02:00 local time in winter, 03:00 in summer, touches two.)
 * Refuses a booking longer than `MAX_ROOM_BOOKING_HOURS`; an empty or reversed interval is left to the
 * meeting's own rules (its start day only).
 */
export function roomDayStreams(roomId: string, startsAt: string, endsAt: string): string[] {
  const [start, end] = bookingInterval(startsAt, endsAt);
  const days: string[] = [];
  // The last moment of the booking is just before its end: a booking ending at 00:00 does not touch that day.
  for (let day = Math.floor(start / DAY) * DAY; day <= Math.max(start, end - 1); day += DAY)
    days.push(new Date(day).toISOString().slice(0, 10));
  return days.map((day) => `Room-${roomId}:${day}`);
}

/**
 * A booking's [start, end) in milliseconds, read the same on every server (a time without an offset is Finnish
 * time, never the server's zone), refused when it is no time or longer than a meeting.
 */
function bookingInterval(startsAt: string, endsAt: string): [number, number] {
  const start = parseInstant(startsAt)?.getTime();
  const end = parseInstant(endsAt)?.getTime();
  if (start === undefined || end === undefined)
    throw new DomainRuleViolation(
      'room-booking-times',
      `a booking needs its start and end as ISO 8601 times with an offset, not ${startsAt}–${endsAt}`,
    );
  if (end - start > MAX_ROOM_BOOKING_HOURS * 3_600_000) {
    throw new DomainRuleViolation(
      'room-booking-too-long',
      `a room is booked for one meeting, at most ${MAX_ROOM_BOOKING_HOURS} hours: book each meeting of a longer programme on its own`,
    );
  }
  return [start, end];
}

/** A stored booking's interval; one whose times cannot be read holds no time (it was never a real booking). */
function storedInterval(booking: { startsAt: string; endsAt: string }): [number, number] {
  return [parseInstant(booking.startsAt)?.getTime() ?? Number.NaN, parseInstant(booking.endsAt)?.getTime() ?? Number.NaN];
}

/** A booking's interval in Finnish time, for the person who reads the refusal. */
function whenInFinnishTime(booking: { startsAt: string; endsAt: string }): string {
  const sameDay = finnishDateOf(booking.startsAt) === finnishDateOf(booking.endsAt);
  const end = sameDay ? formatFinnishTime(booking.endsAt, 'en') : formatFinnishDateTime(booking.endsAt, 'en');
  return `${formatFinnishDateTime(booking.startsAt, 'en')}–${end} Finnish time`;
}

export const roomDecider: Decider<RoomCommand, RoomEvent, RoomDay> = {
  initialState: () => ({ bookings: [] }),
  evolve(state, event) {
    switch (event.type) {
      case 'RoomBooked':
        return {
          bookings: [
            ...state.bookings,
            { bookingId: event.data.bookingId, startsAt: event.data.startsAt, endsAt: event.data.endsAt, caseId: event.data.caseId },
          ],
        };
      case 'RoomReleased':
        return { bookings: state.bookings.filter((b) => b.bookingId !== event.data.bookingId) };
      default:
        return state;
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'BookRoom': {
        const { startsAt, endsAt, roomId, caseId, replaces } = command.data;
        const [start, end] = bookingInterval(startsAt, endsAt);
        // Half-open intervals: one meeting may start the moment the other ends, on any day. The booking a moved
        // meeting replaces does not clash with it (only the same case's own).
        const clash = state.bookings.find((b) => {
          if (replaces !== undefined && b.bookingId === replaces && b.caseId === caseId) return false;
          const [otherStart, otherEnd] = storedInterval(b);
          return otherStart < end && start < otherEnd;
        });
        if (clash)
          throw new DomainRuleViolation(
            'double-booking',
            `room ${roomId} is already booked ${whenInFinnishTime(clash)}: choose another time or room`,
            'conflict',
          );
        return [{ type: 'RoomBooked', data: command.data }];
      }
      case 'ReleaseRoom':
        return state.bookings.some((b) => b.bookingId === command.data.bookingId) ? [{ type: 'RoomReleased', data: command.data }] : [];
      default:
        return unreachable(command);
    }
  },
};
