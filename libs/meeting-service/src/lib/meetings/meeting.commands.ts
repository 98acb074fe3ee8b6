import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandPathHandler, ExecuteCommand, type Admission, type CommandPath, type IfMatch } from '@perheverkko/command-handling';
import { fold } from '@perheverkko/decider';
import type { EventStore } from '@perheverkko/event-store';
import {
  caseChildrenDecider,
  caseChildrenStream,
  MEETING_PERSONAL_FIELDS,
  MEETING_SCHEMA_VERSIONS,
  MEETING_UPCASTERS,
  meetingDecider,
  planInForceOf,
  upcastMeetingEvent,
  type CaseAccessInput,
  type CaseChildrenEvent,
  type MeetingCommand,
  type MeetingEvent,
  type MeetingState,
  type PlanInForce,
} from '@perheverkko/meeting-domain';
import type { DirectoryEntry } from '@perheverkko/access-model';
import type { PersonalDataVault } from '@perheverkko/personal-data';
import { CaseAccessDirectory, StaffDirectory } from '@perheverkko/access';
import { EVENT_STORE, PersonalDataHost } from '@perheverkko/service-host';

export const meetingStream = (meetingId: string) => `Meeting-${meetingId}`;

/**
 * What the handler reads for the decider when the command arrives: the case's access facts, the other meetings'
 * plan, how many children the case has.
 */
type ReadByHandler = 'access' | 'planOfOtherMeetings' | 'caseChildren';
type WithoutReadByHandler<C> = C extends { data: infer D } ? Omit<C, 'data'> & { data: Omit<D, ReadByHandler> } : C;

/** A meeting command as HTTP and policies send it: the handler adds what the case's other records say where the rules need it. */
export type MeetingRequest = WithoutReadByHandler<MeetingCommand>;

const PLAN_EVENTS = new Set(['PlanAgreed', 'PlanRevised']);

/** A command to one meeting (its own stream): the shared command path, one decider. */
export class ExecuteMeetingCommand extends ExecuteCommand<MeetingRequest, MeetingEvent, MeetingState> {
  constructor(
    readonly meetingId: string,
    command: MeetingRequest,
    expectedRevision?: IfMatch,
    admit?: Admission,
  ) {
    super(command, expectedRevision, admit);
  }
}

const MEETING_PATH: CommandPath<ExecuteMeetingCommand, MeetingCommand, MeetingEvent, MeetingState> = {
  decider: meetingDecider,
  streamOf: ({ meetingId }) => meetingStream(meetingId),
  schemaVersions: MEETING_SCHEMA_VERSIONS,
  upcasters: MEETING_UPCASTERS,
  personalFields: MEETING_PERSONAL_FIELDS,
};

@CommandHandler(ExecuteMeetingCommand)
export class MeetingCommandHandler extends CommandPathHandler<ExecuteMeetingCommand, MeetingCommand, MeetingEvent, MeetingState> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalDataHost,
    private readonly caseAccess: CaseAccessDirectory,
    private readonly staff: StaffDirectory,
  ) {
    super(MEETING_PATH, store, personalData);
  }

  protected prepare({ meetingId, command }: ExecuteMeetingCommand): Promise<MeetingCommand> {
    return this.withCaseContext(meetingId, command);
  }

  /**
   * Who may be recorded as present, and who may be named responsible worker, rests on the case's access facts
   * (conveners, consents, invitations) and the staff directory; a plan command starts from the plan in force as
   * the case's other meetings left it. Read here, decided by the pure decider.
   */
  private async withCaseContext(meetingId: string, command: MeetingRequest): Promise<MeetingCommand> {
    const ids = (list: Array<{ professionalId?: string }>) =>
      list.map((p) => p.professionalId).filter((id): id is string => id !== undefined);
    const access = async (professionalIds: string[]): Promise<CaseAccessInput> => ({
      facts: await this.caseAccess.factsOf(command.metadata.caseId),
      directory: professionalIds.map((id) => this.staff.find(id)).filter((entry): entry is DirectoryEntry => entry !== undefined),
    });
    // Always set here (undefined when no other meeting has a plan): never taken from what a caller sent.
    const otherMeetings = async (): Promise<{ planOfOtherMeetings: PlanInForce | undefined }> => ({
      planOfOtherMeetings: await planOfOtherMeetings(this.store, await this.personalData.get(), command.metadata.caseId, meetingId),
    });
    switch (command.type) {
      case 'RecordAttendance':
        return {
          ...command,
          data: { ...command.data, access: await access(ids(command.data.participants.filter((p) => p.role === 'professional'))) },
        };
      case 'NameResponsibleWorkers':
        return { ...command, data: { ...command.data, access: await access(ids(command.data.workers)), ...(await otherMeetings()) } };
      case 'RateWellbeingStar':
        return { ...command, data: { ...command.data, ...(await caseChildrenOf(this.store, command.metadata.caseId)) } };
      case 'AgreePlan':
      case 'RevisePlan':
      case 'ConfirmPlan':
      case 'CheckCloseWorkerTasks':
      case 'CloseMeeting':
        return { ...command, data: { ...command.data, ...(await otherMeetings()) } } as MeetingCommand;
      default:
        return command;
    }
  }
}

/**
 * How many children the case has, as meeting noted it from intake's registration (undefined until noted). Always
 * set here: never taken from what a caller sent.
 */
async function caseChildrenOf(store: EventStore, caseId: string): Promise<{ caseChildren: { childCount: number | null } | undefined }> {
  const events = await store.readStream(caseChildrenStream(caseId));
  const { childCount } = fold(
    caseChildrenDecider,
    events.map((e) => ({ type: e.type, data: e.data }) as CaseChildrenEvent),
  );
  return { caseChildren: childCount === undefined ? undefined : { childCount } };
}

/** The plan in force as the case's other meetings left it (each meeting is its own stream in meeting's store). */
export async function planOfOtherMeetings(
  store: EventStore,
  vault: Pick<PersonalDataVault, 'openFields'>,
  caseId: string,
  meetingId: string,
): Promise<PlanInForce | undefined> {
  const byMeeting = new Map<string, MeetingEvent[]>();
  for (const event of await store.readByCase(caseId)) {
    if (!event.streamId.startsWith('Meeting-') || event.streamId === meetingStream(meetingId)) continue;
    // Only the plans are opened: the rest of a meeting's record is not needed to know its plan.
    const data = PLAN_EVENTS.has(event.type) ? await vault.openFields(caseId, event.data) : event.data;
    const events = byMeeting.get(event.streamId) ?? [];
    events.push(upcastMeetingEvent(event.type, event.metadata.schemaVersion, data));
    byMeeting.set(event.streamId, events);
  }
  return planInForceOf(byMeeting.values());
}
