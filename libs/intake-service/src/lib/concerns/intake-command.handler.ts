import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, type CommandOutcome } from '@perheverkko/command-handling';
import type { EventStore, ExpectedRevision } from '@perheverkko/event-store';
import { INTAKE_PERSONAL_FIELDS, INTAKE_SCHEMA_VERSIONS, INTAKE_UPCASTERS, concernDecider, type ConcernState, type IntakeCommand, type IntakeEvent } from '@perheverkko/intake-domain';
import { EVENT_STORE, PersonalDataHost } from '@perheverkko/platform';

export const concernStream = (caseId: string) => `Concern-${caseId}`;

/** Every intake command goes the same way: one generic handler, one decider. */
export class ExecuteIntakeCommand {
  constructor(
    readonly command: IntakeCommand,
    readonly expectedRevision?: ExpectedRevision,
  ) {}
}

@CommandHandler(ExecuteIntakeCommand)
export class IntakeCommandHandler implements ICommandHandler<ExecuteIntakeCommand, CommandOutcome<IntakeEvent, ConcernState>> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalDataHost,
  ) {}

  async execute({ command, expectedRevision }: ExecuteIntakeCommand): Promise<CommandOutcome<IntakeEvent, ConcernState>> {
    return handleCommand({
      store: this.store,
      decider: concernDecider,
      streamId: concernStream(command.metadata.caseId),
      command,
      expectedRevision,
      schemaVersions: INTAKE_SCHEMA_VERSIONS,
      upcasters: INTAKE_UPCASTERS,
      personalData: { protection: await this.personalData.get(), fields: INTAKE_PERSONAL_FIELDS },
    });
  }
}
