import { DomainRuleViolation, unreachable, type Command, type Decider, type DomainEvent } from '@perheverkko/decider';

/** One room's bookings for one day: the stream `Room-<roomId>:<yyyy-mm-dd>` is where double bookings are refused. */
export type RoomCommand =
  | Command<'BookRoom', { bookingId: string; roomId: string; startsAt: string; endsAt: string; caseId: string }>
  | Command<'ReleaseRoom', { bookingId: string; reason: string }>;

export type RoomEvent =
  | DomainEvent<'RoomBooked', { bookingId: string; roomId: string; startsAt: string; endsAt: string; caseId: string }>
  | DomainEvent<'RoomReleased', { bookingId: string; reason: string }>;

export interface RoomDay {
  bookings: Array<{ bookingId: string; startsAt: string; endsAt: string }>;
}

export function roomDayStream(roomId: string, startsAt: string): string {
  return `Room-${roomId}:${startsAt.slice(0, 10)}`;
}

export const roomDecider: Decider<RoomCommand, RoomEvent, RoomDay> = {
  initialState: () => ({ bookings: [] }),
  evolve(state, event) {
    switch (event.type) {
      case 'RoomBooked':
        return { bookings: [...state.bookings, { bookingId: event.data.bookingId, startsAt: event.data.startsAt, endsAt: event.data.endsAt }] };
      case 'RoomReleased':
        return { bookings: state.bookings.filter((b) => b.bookingId !== event.data.bookingId) };
      default:
        return state;
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'BookRoom': {
        const { startsAt, endsAt, roomId } = command.data;
        const clash = state.bookings.find((b) => Date.parse(b.startsAt) < Date.parse(endsAt) && Date.parse(startsAt) < Date.parse(b.endsAt));
        if (clash) throw new DomainRuleViolation('double-booking', `room ${roomId} is already booked ${clash.startsAt}–${clash.endsAt}`, 'conflict');
        return [{ type: 'RoomBooked', data: command.data }];
      }
      case 'ReleaseRoom':
        return state.bookings.some((b) => b.bookingId === command.data.bookingId) ? [{ type: 'RoomReleased', data: command.data }] : [];
      default:
        return unreachable(command);
    }
  },
};
