import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandPathHandler, ExecuteCommand, type CommandPath } from '@perheverkko/command-handling';
import type { EventStore } from '@perheverkko/event-store';
import {
  PLAN_PERSONAL_FIELDS,
  planTrackingDecider,
  type PlanCommand,
  type PlanEvent,
  type PlanState,
} from '@perheverkko/plan-followup-domain';
import { CaseAccessDirectory } from '@perheverkko/access';
import { EVENT_STORE, PersonalDataHost } from '@perheverkko/service-host';

export const planStream = (caseId: string) => `Plan-${caseId}`;

type WithoutCaseConsents<C> = C extends { data: infer D }
  ? D extends { caseConsents: unknown }
    ? Omit<C, 'data'> & { data: Omit<D, 'caseConsents'> }
    : C
  : C;

/** A plan command as HTTP and policies send it: the handler adds the case's consents where the rules need them. */
export type PlanRequest = WithoutCaseConsents<PlanCommand>;

/** Every plan follow-up command goes the same way: the shared command path, one decider. */
export class ExecutePlanCommand extends ExecuteCommand<PlanRequest, PlanEvent, PlanState> {}

const PLAN_PATH: CommandPath<ExecutePlanCommand, PlanCommand, PlanEvent, PlanState> = {
  decider: planTrackingDecider,
  streamOf: ({ command }) => planStream(command.metadata.caseId),
  personalFields: PLAN_PERSONAL_FIELDS,
};

/** A closure's retention date is set by CaseRetention, from the stored CaseClosed: a retry after a crash sets it too. */
@CommandHandler(ExecutePlanCommand)
export class PlanCommandHandler extends CommandPathHandler<ExecutePlanCommand, PlanCommand, PlanEvent, PlanState> {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    personalData: PersonalDataHost,
    private readonly caseAccess: CaseAccessDirectory,
  ) {
    super(PLAN_PATH, store, personalData);
  }

  /** A referral cites the family's consent: the case's consents, as this process knows them, go to the decider. */
  protected async prepare({ command: request }: ExecutePlanCommand): Promise<PlanCommand> {
    return request.type === 'RecordOutcome'
      ? { ...request, data: { ...request.data, caseConsents: await this.caseAccess.factsOf(request.metadata.caseId) } }
      : request;
  }
}
