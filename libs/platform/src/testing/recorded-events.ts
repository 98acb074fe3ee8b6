import type { RecordedEvent } from '@perheverkko/event-store';

/**
 * Events of a case as the log hands them to a projection's rules, without a store: numbered in the order they are
 * made (their ids, positions and stream revisions), recorded by a professional at one moment, in the stream
 * `${streamType}-${caseId}`. An event may name another case.
 */
export function recordedEventsOf(streamType: string, caseId: string): (type: string, data: unknown, onCase?: string) => RecordedEvent {
  let position = 0n;
  return (type, data, onCase = caseId) => {
    position += 1n;
    return {
      type,
      data,
      metadata: {
        eventId: `e-${position}`,
        caseId: onCase,
        occurredAt: '2026-11-20T09:00:00.000Z',
        correlationId: 'c',
        causationId: 'c',
        actor: { id: 'demo-terhi', role: 'professional', organisation: 'Kangasala' },
        schemaVersion: 1,
      },
      streamId: `${streamType}-${onCase}`,
      streamRevision: Number(position),
      position: { commit: position, prepare: position },
      recordedAt: '2026-11-20T09:00:00.000Z',
    };
  };
}
