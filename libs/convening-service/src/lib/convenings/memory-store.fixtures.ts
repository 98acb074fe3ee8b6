/** An event store in memory for the convening specs, and the metadata of Terhi's commands. */
import type { CommandMetadata } from '@perheverkko/decider';
import { specMetadata } from '@perheverkko/decider/testing';
import { EventIdReusedError, StreamRevisionConflictError } from '@perheverkko/event-store';
import type { EventStore, ExpectedRevision, NewEvent, RecordedEvent } from '@perheverkko/event-store';

/**
 * Streams with expected revisions and unique event ids, as the real stores keep them. With `interleave`, each call
 * yields once first, so calls made together interleave.
 */
export function memoryStore({ interleave = false } = {}): Pick<EventStore, 'readStream' | 'appendToStream'> & {
  streams: Map<string, RecordedEvent[]>;
} {
  const streams = new Map<string, RecordedEvent[]>();
  const ids = new Set<string>();
  let position = 0n;
  const tick = () => (interleave ? new Promise((resolve) => setImmediate(resolve)) : undefined);
  return {
    streams,
    async readStream(id: string) {
      await tick();
      return [...(streams.get(id) ?? [])];
    },
    async appendToStream(id: string, added: NewEvent[], { expectedRevision }: { expectedRevision: ExpectedRevision }) {
      await tick();
      const stream = streams.get(id) ?? [];
      const actual = stream.length ? stream.length - 1 : 'no_stream';
      if (actual !== expectedRevision) throw new StreamRevisionConflictError(id, expectedRevision, actual);
      const reused = added.map((e) => e.metadata.eventId).filter((eventId) => ids.has(eventId));
      if (reused.length) throw new EventIdReusedError(id, reused);
      for (const e of added) {
        ids.add(e.metadata.eventId);
        stream.push({
          ...e,
          streamId: id,
          streamRevision: stream.length,
          position: { commit: ++position, prepare: 0n },
          recordedAt: e.metadata.occurredAt,
        });
      }
      streams.set(id, stream);
      return { nextExpectedRevision: stream.length - 1, position: { commit: position, prepare: 0n }, alreadyAppended: false };
    },
  };
}

/** demo-terhi's command `commandId` (its own correlation) on a case, decided at `now`. */
export const terhisCommand = (commandId: string, now: string, caseId = 'case-1'): CommandMetadata =>
  specMetadata(now, { id: 'demo-terhi' }, { commandId, caseId, correlationId: commandId });
