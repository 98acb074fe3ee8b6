import { Inject, Injectable } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertKeyNotReusedIn, handleCommand, type CommandOutcome } from '@perheverkko/command-handling';
import {
  CONVENING_PERSONAL_FIELDS,
  CONVENING_SCHEMA_VERSIONS,
  CONVENING_UPCASTERS,
  conveningDecider,
  type ConveningCommand,
  type ConveningEvent,
  type ConveningState,
} from '@perheverkko/convening-domain';
import type { CommandMetadata } from '@perheverkko/decider';
import type { EventStore, ExpectedRevision } from '@perheverkko/event-store';
import { EVENT_STORE, PersonalDataHost } from '@perheverkko/platform';
import { v5 as uuidV5 } from 'uuid';
import { bookRoom, releaseRoom } from './room-booking';

export const conveningStream = (caseId: string) => `Convening-${caseId}`;

/** Every convening command goes the same way: one generic handler, one decider. */
export class ExecuteConveningCommand {
  constructor(
    readonly command: ConveningCommand,
    readonly expectedRevision?: ExpectedRevision,
  ) {}
}

@CommandHandler(ExecuteConveningCommand)
export class ConveningCommandHandler implements ICommandHandler<ExecuteConveningCommand, CommandOutcome<ConveningEvent, ConveningState>> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalDataHost,
  ) {}

  async execute({ command, expectedRevision }: ExecuteConveningCommand) {
    return handleCommand({
      store: this.store,
      decider: conveningDecider,
      streamId: conveningStream(command.metadata.caseId),
      command,
      expectedRevision,
      schemaVersions: CONVENING_SCHEMA_VERSIONS,
      upcasters: CONVENING_UPCASTERS,
      personalData: { protection: await this.personalData.get(), fields: CONVENING_PERSONAL_FIELDS },
    });
  }
}

const BOOKING_NAMESPACE = 'a4d1c2e3-5b6f-4a7b-8c9d-0e1f2a3b4c5d';

/**
 * A meeting is scheduled in two steps: the room's day streams refuse a double booking (room-booking.ts), then the
 * case's stream records the meeting. If the second step is refused, the booking is released again.
 */
@Injectable()
export class MeetingScheduler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly conveningCommands: ConveningCommandHandler,
    private readonly personalData: PersonalDataHost,
  ) {}

  async schedule(metadata: CommandMetadata, data: Extract<ConveningCommand, { type: 'ScheduleMeeting' }>['data'], expectedRevision?: ExpectedRevision) {
    // A client key reused for something else is refused before the room is booked, so nothing is recorded.
    await assertKeyNotReusedIn(this.store, conveningStream(metadata.caseId), metadata, await this.personalData.get());
    const booking = { bookingId: uuidV5(`${metadata.commandId}:booking`, BOOKING_NAMESPACE), roomId: data.roomId, startsAt: data.startsAt, endsAt: data.endsAt, caseId: metadata.caseId };
    await bookRoom(this.store, booking, metadata);
    try {
      return await this.conveningCommands.execute(new ExecuteConveningCommand({ type: 'ScheduleMeeting', data, metadata }, expectedRevision));
    } catch (error) {
      await releaseRoom(this.store, booking, `the meeting could not be scheduled: ${(error as Error).message}`, metadata);
      throw error;
    }
  }
}
