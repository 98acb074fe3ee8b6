import { Inject, Injectable } from '@nestjs/common';
import type { IntegrationEvent } from '@perheverkko/contracts';
import type { EventStore } from '@perheverkko/event-store';
import { EVENT_STORE, MessagingHost, ReactionPolicy } from '@perheverkko/platform';
import { REPORTED_SERVICES, receivedStream } from './published-events';

const UNKNOWN_ACTOR = { id: 'unknown', role: 'unknown', organisation: 'unknown' };

/**
 * Keeps every published event in reporting's own store, as received (current contract version, personal fields
 * still sealed). Its log is what the projections follow and rebuild from, and what the auditor's case history
 * reads, without reaching into the other services' databases.
 */
@Injectable()
export class ArchivePolicy extends ReactionPolicy {
  readonly consumer = 'reporting.archive';
  readonly handles = Object.values(REPORTED_SERVICES).flatMap((contracts) => contracts.map((c) => c.type));
  protected readonly listensTo = { schema: 'reporting', sources: Object.keys(REPORTED_SERVICES), contracts: Object.values(REPORTED_SERVICES).flat() };

  constructor(
    messaging: MessagingHost,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super(messaging);
  }

  async handle(event: IntegrationEvent): Promise<void> {
    await this.store.appendToStream(
      receivedStream(event.eventId),
      [
        {
          type: event.type,
          data: event.data,
          metadata: {
            eventId: event.eventId,
            caseId: event.caseId,
            correlationId: event.correlationId,
            causationId: event.causationId,
            actor: event.actor ?? UNKNOWN_ACTOR,
            occurredAt: event.occurredAt,
            schemaVersion: event.version,
            ...(event.consent ? { consent: event.consent } : {}),
            ...(event.traceparent ? { traceparent: event.traceparent } : {}),
          },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
  }
}
