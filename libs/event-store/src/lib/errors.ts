import type { ExpectedRevision } from './event-store.port';

/** Base for everything the store rejects, so callers can tell store refusals from infrastructure failures. */
abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

/** Optimistic concurrency: somebody else appended first. The caller re-reads and decides again. */
export class StreamRevisionConflictError extends EventStoreError {
  readonly code = 'STREAM_REVISION_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream ${streamId} is at revision ${actual}, but the append expected ${expected}; read it again and retry`);
  }
}

/** The event ids were used before for other events: an id is reused, not a retry of the same append. */
export class EventIdReusedError extends EventStoreError {
  readonly code = 'EVENT_ID_REUSED';
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(
      `Event id(s) ${eventIds.join(', ')} already belong to other appended events; ` +
        `a retry must resend the same events to ${streamId}, and new events need new ids`,
    );
  }
}

/** A caller's mistake: which argument and why, so it can be fixed without reading the store's code. */
export class InvalidEventStoreArgumentError extends EventStoreError {
  readonly code = 'INVALID_ARGUMENT';
  constructor(
    readonly argument: string,
    readonly reason: string,
  ) {
    super(`${argument}: ${reason}`);
  }
}
