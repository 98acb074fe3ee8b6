import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, type CommandOutcome } from '@perheverkko/command-handling';
import type { EventStore, ExpectedRevision } from '@perheverkko/event-store';
import {
  MEETING_PERSONAL_FIELDS,
  MEETING_SCHEMA_VERSIONS,
  MEETING_UPCASTERS,
  meetingDecider,
  type CaseAccessInput,
  type MeetingCommand,
  type MeetingEvent,
  type MeetingState,
} from '@perheverkko/meeting-domain';
import type { DirectoryEntry } from '@perheverkko/access-model';
import { CaseAccessDirectory, EVENT_STORE, PersonalDataHost, StaffDirectory } from '@perheverkko/platform';

export const meetingStream = (meetingId: string) => `Meeting-${meetingId}`;

type WithoutAccess<C> = C extends { data: infer D } ? (D extends { access: CaseAccessInput } ? Omit<C, 'data'> & { data: Omit<D, 'access'> } : C) : C;

/** A meeting command as HTTP and policies send it: the handler adds the case's access facts where the rules need them. */
export type MeetingRequest = WithoutAccess<MeetingCommand>;

export class ExecuteMeetingCommand {
  constructor(
    readonly meetingId: string,
    readonly command: MeetingRequest,
    readonly expectedRevision?: ExpectedRevision,
  ) {}
}

@CommandHandler(ExecuteMeetingCommand)
export class MeetingCommandHandler implements ICommandHandler<ExecuteMeetingCommand, CommandOutcome<MeetingEvent, MeetingState>> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalDataHost,
    private readonly caseAccess: CaseAccessDirectory,
    private readonly staff: StaffDirectory,
  ) {}

  async execute({ meetingId, command, expectedRevision }: ExecuteMeetingCommand) {
    return handleCommand({
      store: this.store,
      decider: meetingDecider,
      streamId: meetingStream(meetingId),
      command: await this.withAccess(command),
      expectedRevision,
      schemaVersions: MEETING_SCHEMA_VERSIONS,
      upcasters: MEETING_UPCASTERS,
      personalData: { protection: await this.personalData.get(), fields: MEETING_PERSONAL_FIELDS },
    });
  }

  /**
   * Who may be recorded as present, and who may be named responsible worker, rests on the case's access facts
   * (conveners, consents, invitations) and the staff directory: read here, decided by the pure decider.
   */
  private async withAccess(command: MeetingRequest): Promise<MeetingCommand> {
    const ids = (list: Array<{ professionalId?: string }>) => list.map((p) => p.professionalId).filter((id): id is string => id !== undefined);
    const access = async (professionalIds: string[]): Promise<CaseAccessInput> => ({
      facts: await this.caseAccess.factsOf(command.metadata.caseId),
      directory: professionalIds.map((id) => this.staff.find(id)).filter((entry): entry is DirectoryEntry => entry !== undefined),
    });
    switch (command.type) {
      case 'RecordAttendance':
        return { ...command, data: { ...command.data, access: await access(ids(command.data.participants.filter((p) => p.role === 'professional'))) } };
      case 'NameResponsibleWorkers':
        return { ...command, data: { ...command.data, access: await access(ids(command.data.workers)) } };
      default:
        return command;
    }
  }
}
