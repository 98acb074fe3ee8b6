import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import { DirectCommandPathHandler, ExecuteCommand, type CommandPath } from '@perheverkko/command-handling';
import type { EventStore } from '@perheverkko/event-store';
import {
  referenceDataDecider,
  type ReferenceCatalogueState,
  type ReferenceDataCommand,
  type ReferenceDataEvent,
} from '@perheverkko/intake-domain';
import { EVENT_STORE } from '@perheverkko/service-host';
import type { ReferenceKind } from '@perheverkko/reference-data';

export const referenceStream = (kind: ReferenceKind) => `ReferenceData-${kind}`;

/** Reference data's commands go the shared command path to their decider, one stream per kind. */
export class ExecuteReferenceDataCommand extends ExecuteCommand<ReferenceDataCommand, ReferenceDataEvent, ReferenceCatalogueState> {}

const REFERENCE_DATA_PATH: CommandPath<ExecuteReferenceDataCommand, ReferenceDataCommand, ReferenceDataEvent, ReferenceCatalogueState> = {
  decider: referenceDataDecider,
  streamOf: ({ command }) => referenceStream(command.data.kind),
  // One stream per catalogue, written by every coordinator at once: a change without If-Match waits its turn.
  maxAttempts: 50,
};

@CommandHandler(ExecuteReferenceDataCommand)
export class ReferenceDataCommandHandler extends DirectCommandPathHandler<
  ExecuteReferenceDataCommand,
  ReferenceDataCommand,
  ReferenceDataEvent,
  ReferenceCatalogueState
> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(REFERENCE_DATA_PATH, store);
  }
}
