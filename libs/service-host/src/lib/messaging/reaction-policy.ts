import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandBus, type ICommand } from '@nestjs/cqrs';
import {
  isEvent,
  type EventContract,
  type IntegrationEvent,
  type IntegrationEventData,
  type IntegrationEventOf,
  type IntegrationEventType,
  type Opened,
} from '@perheverkko/contracts';
import type { IntegrationEventHandler, SourcePublication } from '@perheverkko/messaging';
import { PersonalDataHost } from '../personal-data/personal-data-host';
import { MessagingHost } from './messaging-host';

/**
 * A service's reaction to another service's events: it registers itself with the messaging host and turns each
 * event into a command on its own event store (idempotent there, so it runs outside the processed-record
 * transaction; ADR 0007). Subclasses say what they listen to and what they do.
 */
export abstract class ReactionPolicy implements IntegrationEventHandler, OnModuleInit {
  readonly effectsInOwnStore = true;
  abstract readonly consumer: string;
  abstract readonly handles: readonly string[];
  /** The consuming service's schema, the services it listens to, their contracts, and which of their topics (default events). */
  protected abstract readonly listensTo: { schema: string; sources: string[]; contracts: EventContract[]; reads?: SourcePublication };

  protected constructor(private readonly messagingHost: MessagingHost) {}

  onModuleInit(): void {
    this.messagingHost.registerConsumer({ ...this.listensTo, handler: this });
  }

  abstract handle(event: IntegrationEvent): Promise<void>;
}

/**
 * The common reaction: each event (its sealed fields opened with the case key, which this service shares) becomes one
 * command on this service's bus, keyed by the event's id through `reactionMetadata`. A subclass names the events it
 * handles and says which command each becomes (or none); the narrowing, the opening and the dispatch are here.
 */
@Injectable()
export abstract class CommandingPolicy<Type extends IntegrationEventType> extends ReactionPolicy {
  abstract override readonly handles: readonly Type[];

  constructor(
    messaging: MessagingHost,
    private readonly commands: CommandBus,
    private readonly personalData: PersonalDataHost,
  ) {
    super(messaging);
  }

  /** The command the event becomes, or undefined where it calls for none. */
  protected abstract commandFor(event: IntegrationEventOf<Type>, opened: Opened<IntegrationEventData[Type]>): ICommand | undefined;

  async handle(event: IntegrationEvent): Promise<void> {
    if (!isEvent(event, ...this.handles)) return;
    // The one cast: TypeScript cannot resolve a generic event's data to IntegrationEventData[Type] (isEvent checked the type).
    const data = event.data as IntegrationEventData[Type];
    const opened: Opened<IntegrationEventData[Type]> = await (await this.personalData.get()).openFields(event.caseId, data);
    const command = this.commandFor(event, opened);
    if (command) await this.commands.execute(command);
  }
}
