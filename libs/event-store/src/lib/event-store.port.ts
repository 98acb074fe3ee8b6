import type { GlobalPosition, NewEvent, RecordedEvent } from './recorded-event';

/** The revision (0-based index of the last event) the writer saw, or that the stream must not exist yet. */
export type ExpectedRevision = number | 'no_stream';

export interface AppendResult {
  /** The stream's revision after the append: pass it as the next expected revision. */
  nextExpectedRevision: number;
  /** Global position of the last event appended. */
  position: GlobalPosition;
  /** True when these exact events were appended before (a retried command): nothing new was written. */
  alreadyAppended: boolean;
}

export interface ReadStreamOptions {
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Absent means from the beginning. */
  after?: GlobalPosition;
  maxCount: number;
}

export interface FollowOptions {
  /** Exclusive, as in `readAll`: a stored checkpoint is the position of the last event handled. */
  after?: GlobalPosition;
  /** Stops the follower; the iterator then ends without error. */
  signal: AbortSignal;
  batchSize?: number;
}

/**
 * The one port every service writes and reads its own events through. Adapters: PostgreSQL (server or
 * embedded PGlite) and EventStoreDB; all pass the same contract suite (`@perheverkko/event-store/contract`).
 */
export interface EventStore {
  /**
   * Appends atomically if the stream is at `expectedRevision`; otherwise throws StreamRevisionConflictError.
   * Resending events whose ids were already appended to this stream, in the same order, is a no-op that
   * reports the original result (`alreadyAppended: true`).
   */
  appendToStream(streamId: string, events: NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;

  /** A stream's events in order; an empty array for a stream that does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** One batch of the global log in order. Never skips an event whose transaction commits late. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;

  /** Every event of a case across this store's streams, in global order: the auditor's history. */
  readByCase(caseId: string): Promise<RecordedEvent[]>;

  /** The global log from a checkpoint, then live as new events commit, until the signal aborts. */
  follow(options: FollowOptions): AsyncIterable<RecordedEvent>;

  /** Resolves when this process next appends (followers that poll sleep on it); absent: poll only. */
  nextAppend?(): Promise<void>;

  close(): Promise<void>;
}
