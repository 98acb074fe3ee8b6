import type { IntegrationEvent } from '@perheverkko/contracts';
import type { CommandMetadata } from '@perheverkko/decider';
import { withTraceparent } from '@perheverkko/http';

/**
 * The metadata of a command a service issues in reaction to another service's event. The command id is the
 * event's id, so a redelivered event is recognised by the event store and appends nothing; the time is the
 * event's, so the reaction replays the same.
 */
export function reactionMetadata(event: IntegrationEvent, service: string): CommandMetadata {
  return {
    commandId: event.eventId,
    caseId: event.caseId,
    correlationId: event.correlationId,
    actor: { id: service, role: 'system', organisation: 'perheverkko' },
    now: event.occurredAt,
    // Inside the consumer's span: the reaction's events continue the request's trace.
    ...withTraceparent(),
  };
}
