import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../recorded-event';

/** Ids unique to one run of the suite, so adapters that share a server ($all in EventStoreDB) stay apart. */
export function uniqueId(prefix: string): string {
  return `${prefix}${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

export function contractEvent(caseId: string, type = 'SomethingHappened', data: Record<string, unknown> = {}): NewEvent {
  return {
    type,
    data,
    metadata: {
      eventId: randomUUID(),
      caseId,
      correlationId: randomUUID(),
      causationId: randomUUID(),
      actor: { id: 'contract-suite', role: 'system', organisation: 'perheverkko' },
      occurredAt: '2026-11-23T08:00:00.000Z',
      schemaVersion: 1,
    },
  };
}

export function contractEvents(caseId: string, count: number, type = 'SomethingHappened'): NewEvent[] {
  return Array.from({ length: count }, (_, n) => contractEvent(caseId, type, { n }));
}
