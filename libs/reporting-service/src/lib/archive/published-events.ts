import { CONVENING_CONTRACTS, INTAKE_CONTRACTS, MEETING_CONTRACTS, PLAN_FOLLOWUP_CONTRACTS } from '@perheverkko/contracts';

/** Every service reporting hears, and the events each publishes. */
export const REPORTED_SERVICES = { intake: INTAKE_CONTRACTS, convening: CONVENING_CONTRACTS, meeting: MEETING_CONTRACTS, 'plan-followup': PLAN_FOLLOWUP_CONTRACTS } as const;

const SERVICE_OF_TYPE = new Map(Object.entries(REPORTED_SERVICES).flatMap(([service, contracts]) => contracts.map((c) => [c.type, service] as const)));

/** The service that published an event type (each type has one publisher). */
export function serviceOf(type: string): string {
  return SERVICE_OF_TYPE.get(type) ?? 'reporting';
}

/** A received event's stream in reporting's store: one per event, so retries and redeliveries append nothing twice. */
export const receivedStream = (eventId: string) => `Received-${eventId}`;
