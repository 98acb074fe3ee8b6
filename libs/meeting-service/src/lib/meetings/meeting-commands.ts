import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, type CommandOutcome } from '@perheverkko/command-handling';
import type { EventStore, ExpectedRevision } from '@perheverkko/event-store';
import { MEETING_PERSONAL_FIELDS, meetingDecider, type MeetingCommand, type MeetingEvent, type MeetingState } from '@perheverkko/meeting-domain';
import { EVENT_STORE, PersonalDataHost } from '@perheverkko/platform';

export const meetingStream = (meetingId: string) => `Meeting-${meetingId}`;

export class ExecuteMeetingCommand {
  constructor(
    readonly meetingId: string,
    readonly command: MeetingCommand,
    readonly expectedRevision?: ExpectedRevision,
  ) {}
}

@CommandHandler(ExecuteMeetingCommand)
export class MeetingCommandHandler implements ICommandHandler<ExecuteMeetingCommand, CommandOutcome<MeetingEvent, MeetingState>> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalDataHost,
  ) {}

  async execute({ meetingId, command, expectedRevision }: ExecuteMeetingCommand) {
    return handleCommand({
      store: this.store,
      decider: meetingDecider,
      streamId: meetingStream(meetingId),
      command,
      expectedRevision,
      personalData: { protection: await this.personalData.get(), fields: MEETING_PERSONAL_FIELDS },
    });
  }
}
