import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import { v5 as uuidV5 } from 'uuid';
import { DirectCommandPathHandler, ExecuteCommand, type CommandPath } from '@perheverkko/command-handling';
import type { EventStore } from '@perheverkko/event-store';
import { adoptionDecider, type AdoptionCommand, type AdoptionEvent, type AdoptionState } from '@perheverkko/reporting-domain';
import { EVENT_STORE } from '@perheverkko/service-host';

const MUNICIPALITY_NAMESPACE = 'a3e0f6b2-6c1d-4b8e-9f57-2d4c8e1b7a90';

/**
 * One stream per municipality: the name is kept in the events as the endpoint took it (the classification's Finnish
 * name since the reference data; as written before), the stream id derives from it, case ignored.
 */
export const adoptionStream = (municipality: string) =>
  `Adoption-${uuidV5(municipality.trim().toLocaleLowerCase('fi'), MUNICIPALITY_NAMESPACE)}`;

/** A municipality's adoption stage goes the shared command path to its decider. */
export class ExecuteAdoptionCommand extends ExecuteCommand<AdoptionCommand, AdoptionEvent, AdoptionState> {}

const ADOPTION_PATH: CommandPath<ExecuteAdoptionCommand, AdoptionCommand, AdoptionEvent, AdoptionState> = {
  decider: adoptionDecider,
  streamOf: ({ command }) => adoptionStream(command.data.municipality),
};

@CommandHandler(ExecuteAdoptionCommand)
export class AdoptionCommandHandler extends DirectCommandPathHandler<
  ExecuteAdoptionCommand,
  AdoptionCommand,
  AdoptionEvent,
  AdoptionState
> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(ADOPTION_PATH, store);
  }
}
