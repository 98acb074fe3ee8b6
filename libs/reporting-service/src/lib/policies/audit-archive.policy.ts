import { Inject, Injectable } from '@nestjs/common';
import { EVENT_RECORDED, eventRecordedContract, isEvent, type IntegrationEvent } from '@perheverkko/contracts';
import type { EventStore } from '@perheverkko/event-store';
import { EVENT_STORE, MessagingHost, ReactionPolicy } from '@perheverkko/service-host';
import { archive } from './archive.policy';
import { REPORTED_SERVICES, recordedStream } from '../archive/published-events';

/**
 * Keeps the services' private events in the same archive as the published ones (ADR 0013): each service's audit
 * record (`<service>.audit.v1`) carries every stored event about a case that its events topic does not, as recorded.
 * They are kept unchanged (the schema version they were stored at, personal fields sealed with the case key: never
 * opened to be archived), one `Received-<service>-<eventId>` stream each, marked private, with their origin. The
 * auditor's history reads them with the published ones; the projections' rules ignore types they do not count.
 */
@Injectable()
export class AuditArchivePolicy extends ReactionPolicy {
  readonly consumer = 'reporting.audit';
  readonly handles = [EVENT_RECORDED];
  // One schema on every service's audit topic: one contract reads them all.
  protected readonly listensTo = {
    schema: 'reporting',
    sources: Object.keys(REPORTED_SERVICES),
    contracts: [eventRecordedContract('intake')],
    reads: 'audit' as const,
  };

  constructor(
    messaging: MessagingHost,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super(messaging);
  }

  async handle(event: IntegrationEvent): Promise<void> {
    if (!isEvent(event, EVENT_RECORDED)) return;
    const recorded = event.data;
    // The service is part of the event's identity; a record that does not say where it was stored cannot be kept apart.
    if (!event.origin)
      throw new Error(`audit record ${event.eventId} (${recorded.type}) names no origin: every ${EVENT_RECORDED} carries one`);
    // Kept under the record's id (unique across the services; the archive's store takes an id once), with the event's own id in its origin.
    await archive(
      this.store,
      recordedStream(event.origin.service, recorded.eventId),
      recorded.type,
      recorded.version,
      recorded.data,
      event,
      { private: true, origin: { ...event.origin, eventId: recorded.eventId } },
    );
  }
}
