import { Inject, Injectable } from '@nestjs/common';
import type { IntegrationEvent } from '@perheverkko/contracts';
import type { EventStore } from '@perheverkko/event-store';
import { EVENT_STORE, MessagingHost, ReactionPolicy } from '@perheverkko/service-host';
import { REPORTED_SERVICES, receivedStream, type ArchivedMetadata } from '../archive/published-events';

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
  protected readonly listensTo = {
    schema: 'reporting',
    sources: Object.keys(REPORTED_SERVICES),
    contracts: Object.values(REPORTED_SERVICES).flat(),
  };

  constructor(
    messaging: MessagingHost,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super(messaging);
  }

  async handle(event: IntegrationEvent): Promise<void> {
    await archive(this.store, receivedStream(event.eventId), event.type, event.version, event.data, event);
  }
}

/**
 * Appends one event to the archive, in a stream of its own keyed by its identity: however often it is delivered, it
 * is kept once. Its metadata is the envelope's, with where it is stored at its source.
 */
export async function archive(
  store: EventStore,
  streamId: string,
  type: string,
  version: number,
  data: unknown,
  envelope: Omit<IntegrationEvent, 'type' | 'version' | 'data'>,
  extra: Pick<ArchivedMetadata, 'private' | 'origin'> = {},
): Promise<void> {
  const metadata: ArchivedMetadata = {
    eventId: envelope.eventId,
    caseId: envelope.caseId,
    correlationId: envelope.correlationId,
    causationId: envelope.causationId,
    actor: envelope.actor ?? UNKNOWN_ACTOR,
    occurredAt: envelope.occurredAt,
    schemaVersion: version,
    ...(envelope.consent ? { consent: envelope.consent } : {}),
    ...(envelope.traceparent ? { traceparent: envelope.traceparent } : {}),
    ...(envelope.origin ? { origin: envelope.origin } : {}),
    ...extra,
  };
  await store.appendToStream(streamId, [{ type, data, metadata }], { expectedRevision: 'no_stream' });
}
