import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, type CommandOutcome } from '@perheverkko/command-handling';
import type { EventStore, ExpectedRevision } from '@perheverkko/event-store';
import { PLAN_PERSONAL_FIELDS, planTrackingDecider, type PlanCommand, type PlanEvent, type PlanState } from '@perheverkko/plan-followup-domain';
import { EVENT_STORE, PersonalDataHost } from '@perheverkko/platform';

export const planStream = (caseId: string) => `Plan-${caseId}`;

export class ExecutePlanCommand {
  constructor(
    readonly command: PlanCommand,
    readonly expectedRevision?: ExpectedRevision,
  ) {}
}

@CommandHandler(ExecutePlanCommand)
export class PlanCommandHandler implements ICommandHandler<ExecutePlanCommand, CommandOutcome<PlanEvent, PlanState>> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalDataHost,
  ) {}

  async execute({ command, expectedRevision }: ExecutePlanCommand) {
    const vault = await this.personalData.get();
    const outcome = await handleCommand({
      store: this.store,
      decider: planTrackingDecider,
      streamId: planStream(command.metadata.caseId),
      command,
      expectedRevision,
      personalData: { protection: vault, fields: PLAN_PERSONAL_FIELDS },
    });
    // A closed case keeps its personal data only for the retention period of its records.
    const closed = outcome.events.find((e) => e.type === 'CaseClosed');
    if (closed && !outcome.alreadyHandled) {
      await vault.retainUntil(command.metadata.caseId, this.personalData.retention.eraseAfter('joint-plan', new Date(command.metadata.now)));
    }
    return outcome;
  }
}
