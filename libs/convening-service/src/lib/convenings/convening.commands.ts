import { Inject, Injectable } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import {
  DirectCommandPathHandler,
  ExecuteCommand,
  assertKeyNotReusedIn,
  type CommandOutcome,
  type IfMatch,
  type CommandPath,
} from '@perheverkko/command-handling';
import {
  CONVENING_PERSONAL_FIELDS,
  CONVENING_SCHEMA_VERSIONS,
  CONVENING_UPCASTERS,
  conveningDecider,
  type ConveningCommand,
  type ConveningEvent,
  type ConveningState,
} from '@perheverkko/convening-domain';
import type { IntegrationEventData } from '@perheverkko/contracts';
import type { CommandMetadata } from '@perheverkko/decider';
import type { EventStore, RecordedEvent } from '@perheverkko/event-store';
import { EVENT_STORE, PersonalDataHost } from '@perheverkko/service-host';
import { v5 as uuidV5 } from 'uuid';
import { bookRoom, releaseRoom, type RoomBooking } from './room-booking';
import { messageOf } from '@perheverkko/decider';

export const conveningStream = (caseId: string) => `Convening-${caseId}`;

/** Every convening command goes the same way: the shared command path, one decider. */
export class ExecuteConveningCommand extends ExecuteCommand<ConveningCommand, ConveningEvent, ConveningState> {}

const CONVENING_PATH: CommandPath<ExecuteConveningCommand, ConveningCommand, ConveningEvent, ConveningState> = {
  decider: conveningDecider,
  streamOf: ({ command }) => conveningStream(command.metadata.caseId),
  schemaVersions: CONVENING_SCHEMA_VERSIONS,
  upcasters: CONVENING_UPCASTERS,
  personalFields: CONVENING_PERSONAL_FIELDS,
};

@CommandHandler(ExecuteConveningCommand)
export class ConveningCommandHandler extends DirectCommandPathHandler<
  ExecuteConveningCommand,
  ConveningCommand,
  ConveningEvent,
  ConveningState
> {
  constructor(@Inject(EVENT_STORE) store: EventStore, personalData: PersonalDataHost) {
    super(CONVENING_PATH, store, personalData);
  }
}

const BOOKING_NAMESPACE = 'a4d1c2e3-5b6f-4a7b-8c9d-0e1f2a3b4c5d';

/** The booking a scheduling command makes: derived from the command id, so a resent request books nothing twice. */
export const bookingIdFor = (commandId: string) => uuidV5(`${commandId}:booking`, BOOKING_NAMESPACE);

/** Its own stored MeetingScheduled (any version: v1 and v2 are v3 without `bookingId`) or MeetingRescheduled, typed by their contracts. */
type MeetingData = IntegrationEventData['MeetingScheduled' | 'MeetingRescheduled'];

/**
 * The booking that holds a meeting's room now, from the case's stored events: the latest MeetingScheduled or
 * MeetingRescheduled of the meeting. A MeetingScheduled before v3 did not record its booking: it was made by the
 * command that scheduled the meeting (the event's causation id), and its id derives from that command's.
 */
export function meetingBooking(history: readonly RecordedEvent[], caseId: string, meetingId: string): RoomBooking | undefined {
  let booking: RoomBooking | undefined;
  for (const event of history) {
    if (event.type !== 'MeetingScheduled' && event.type !== 'MeetingRescheduled') continue;
    const data = event.data as MeetingData;
    if (data.meetingId !== meetingId) continue;
    booking = {
      bookingId: data.bookingId ?? bookingIdFor(event.metadata.causationId),
      roomId: data.roomId,
      startsAt: data.startsAt,
      endsAt: data.endsAt,
      caseId,
    };
  }
  return booking;
}

type Schedule = Extract<ConveningCommand, { type: 'ScheduleMeeting' }>['data'];
type Reschedule = Omit<Extract<ConveningCommand, { type: 'RescheduleMeeting' }>['data'], 'bookingId' | 'derivedBookingId'>;
type Cancel = Omit<Extract<ConveningCommand, { type: 'CancelMeeting' }>['data'], 'derivedBookingId'>;

/**
 * A meeting is scheduled in two steps: the room's day streams refuse a double booking (room-booking.ts), then the
 * case's stream records the meeting. If the second step is refused, the booking is released again. Moving a meeting
 * books the new time first (it may overlap the meeting's own booking, which it replaces), records the move, then
 * releases the booking it had; cancelling records the cancellation, then releases its booking. The booking to
 * release is read from the recorded event, so a resent request (same Idempotency-Key) finishes a release a crash
 * interrupted.
 */
@Injectable()
export class MeetingScheduler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly conveningCommands: ConveningCommandHandler,
    private readonly personalData: PersonalDataHost,
  ) {}

  async schedule(metadata: CommandMetadata, data: Omit<Schedule, 'bookingId'>, expectedRevision?: IfMatch) {
    // Read once: a client key reused for something else is refused before the room is booked (nothing recorded),
    // and the command decides on the same history.
    const history = await this.store.readStream(conveningStream(metadata.caseId));
    await assertKeyNotReusedIn(history, metadata, await this.personalData.get());
    const booking = {
      bookingId: bookingIdFor(metadata.commandId),
      roomId: data.roomId,
      startsAt: data.startsAt,
      endsAt: data.endsAt,
      caseId: metadata.caseId,
    };
    await bookRoom(this.store, booking, metadata);
    try {
      return await this.conveningCommands.execute(
        new ExecuteConveningCommand(
          { type: 'ScheduleMeeting', data: { ...data, bookingId: booking.bookingId }, metadata },
          expectedRevision,
          undefined,
          history,
        ),
      );
    } catch (error) {
      await releaseRoom(this.store, booking, `the meeting could not be scheduled: ${messageOf(error)}`, metadata);
      throw error;
    }
  }

  async reschedule(metadata: CommandMetadata, data: Reschedule, expectedRevision?: IfMatch) {
    const history = await this.store.readStream(conveningStream(metadata.caseId));
    await assertKeyNotReusedIn(history, metadata, await this.personalData.get());
    const current = meetingBooking(history, metadata.caseId, data.meetingId);
    const booking: RoomBooking = {
      bookingId: bookingIdFor(metadata.commandId),
      roomId: data.roomId,
      startsAt: data.startsAt,
      endsAt: data.endsAt,
      caseId: metadata.caseId,
    };
    const command = (derivedBookingId?: string) =>
      new ExecuteConveningCommand(
        {
          type: 'RescheduleMeeting',
          data: { ...data, bookingId: booking.bookingId, ...(derivedBookingId ? { derivedBookingId } : {}) },
          metadata,
        },
        expectedRevision,
        undefined,
        history,
      );
    // No such meeting in the case: the decider says so, and no room is booked for it.
    if (!current) return this.conveningCommands.execute(command());
    await bookRoom(this.store, current.bookingId === booking.bookingId ? booking : { ...booking, replaces: current.bookingId }, metadata);
    let outcome: CommandOutcome<ConveningEvent, ConveningState>;
    try {
      outcome = await this.conveningCommands.execute(command(current.bookingId));
    } catch (error) {
      await releaseRoom(this.store, booking, `the meeting could not be moved: ${messageOf(error)}`, metadata);
      throw error;
    }
    const moved = outcome.events.find((e): e is Extract<ConveningEvent, { type: 'MeetingRescheduled' }> => e.type === 'MeetingRescheduled');
    const { previous } = moved?.data ?? {};
    if (previous?.bookingId && previous.bookingId !== booking.bookingId) {
      await releaseRoom(
        this.store,
        {
          bookingId: previous.bookingId,
          roomId: previous.roomId,
          startsAt: previous.startsAt,
          endsAt: previous.endsAt,
          caseId: metadata.caseId,
        },
        'the meeting moved to another time or room',
        metadata,
      );
    }
    return outcome;
  }

  async cancel(metadata: CommandMetadata, data: Cancel, expectedRevision?: IfMatch) {
    const history = await this.store.readStream(conveningStream(metadata.caseId));
    const current = meetingBooking(history, metadata.caseId, data.meetingId);
    const outcome = await this.conveningCommands.execute(
      new ExecuteConveningCommand(
        { type: 'CancelMeeting', data: { ...data, ...(current ? { derivedBookingId: current.bookingId } : {}) }, metadata },
        expectedRevision,
        undefined,
        history,
      ),
    );
    const cancelled = outcome.events.find((e): e is Extract<ConveningEvent, { type: 'MeetingCancelled' }> => e.type === 'MeetingCancelled');
    if (cancelled?.data.bookingId) {
      const { bookingId, roomId, startsAt, endsAt } = cancelled.data;
      await releaseRoom(
        this.store,
        { bookingId, roomId, startsAt, endsAt, caseId: metadata.caseId },
        'the meeting was cancelled',
        metadata,
      );
    }
    return outcome;
  }
}
