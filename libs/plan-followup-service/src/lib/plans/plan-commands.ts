import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, type CommandOutcome } from '@perheverkko/command-handling';
import type { EventStore, ExpectedRevision } from '@perheverkko/event-store';
import { PLAN_PERSONAL_FIELDS, planTrackingDecider, type PlanCommand, type PlanEvent, type PlanState } from '@perheverkko/plan-followup-domain';
import { CaseAccessDirectory, EVENT_STORE, PersonalDataHost } from '@perheverkko/platform';

export const planStream = (caseId: string) => `Plan-${caseId}`;

type WithoutCaseConsents<C> = C extends { data: infer D } ? (D extends { caseConsents: unknown } ? Omit<C, 'data'> & { data: Omit<D, 'caseConsents'> } : C) : C;

/** A plan command as HTTP and policies send it: the handler adds the case's consents where the rules need them. */
export type PlanRequest = WithoutCaseConsents<PlanCommand>;

export class ExecutePlanCommand {
  constructor(
    readonly command: PlanRequest,
    readonly expectedRevision?: ExpectedRevision,
  ) {}
}

@CommandHandler(ExecutePlanCommand)
export class PlanCommandHandler implements ICommandHandler<ExecutePlanCommand, CommandOutcome<PlanEvent, PlanState>> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalDataHost,
    private readonly caseAccess: CaseAccessDirectory,
  ) {}

  async execute({ command: request, expectedRevision }: ExecutePlanCommand) {
    const vault = await this.personalData.get();
    // A referral cites the family's consent: the case's consents, as this process knows them, go to the decider.
    const command: PlanCommand = request.type === 'RecordOutcome' ? { ...request, data: { ...request.data, caseConsents: await this.caseAccess.factsOf(request.metadata.caseId) } } : request;
    const outcome = await handleCommand({
      store: this.store,
      decider: planTrackingDecider,
      streamId: planStream(command.metadata.caseId),
      command,
      expectedRevision,
      personalData: { protection: vault, fields: PLAN_PERSONAL_FIELDS },
    });
    // A closure's retention date is set by CaseRetention, from the stored CaseClosed: a retry after a crash sets it too.
    return outcome;
  }
}
