import type { OnModuleInit } from '@nestjs/common';
import type { EventContract, IntegrationEvent } from '@perheverkko/contracts';
import type { IntegrationEventHandler, SourcePublication } from '@perheverkko/messaging';
import type { MessagingHost } from './messaging-host';

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
