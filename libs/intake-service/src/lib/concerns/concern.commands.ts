import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import { DirectCommandPathHandler, ExecuteCommand, type CommandPath } from '@perheverkko/command-handling';
import type { EventStore } from '@perheverkko/event-store';
import {
  INTAKE_PERSONAL_FIELDS,
  INTAKE_SCHEMA_VERSIONS,
  INTAKE_UPCASTERS,
  concernDecider,
  type ConcernState,
  type IntakeCommand,
  type IntakeEvent,
} from '@perheverkko/intake-domain';
import { EVENT_STORE, PersonalDataHost } from '@perheverkko/service-host';

export const concernStream = (caseId: string) => `Concern-${caseId}`;

/** Every intake command goes the same way: the shared command path, one decider. */
export class ExecuteIntakeCommand extends ExecuteCommand<IntakeCommand, IntakeEvent, ConcernState> {}

const CONCERN_PATH: CommandPath<ExecuteIntakeCommand, IntakeCommand, IntakeEvent, ConcernState> = {
  decider: concernDecider,
  streamOf: ({ command }) => concernStream(command.metadata.caseId),
  schemaVersions: INTAKE_SCHEMA_VERSIONS,
  upcasters: INTAKE_UPCASTERS,
  personalFields: INTAKE_PERSONAL_FIELDS,
};

@CommandHandler(ExecuteIntakeCommand)
export class IntakeCommandHandler extends DirectCommandPathHandler<ExecuteIntakeCommand, IntakeCommand, IntakeEvent, ConcernState> {
  constructor(@Inject(EVENT_STORE) store: EventStore, personalData: PersonalDataHost) {
    super(CONCERN_PATH, store, personalData);
  }
}
