import type { EventMetadata } from '@perheverkko/decider';

export type { Actor, EventMetadata } from '@perheverkko/decider';

export interface NewEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

/**
 * A place in a store's global log. Both adapters order by (commit, prepare): in PostgreSQL these are the
 * writing transaction's id and the row's sequence number, in EventStoreDB the transaction-file positions.
 */
export interface GlobalPosition {
  commit: bigint;
  prepare: bigint;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> extends NewEvent<Type, Data> {
  streamId: string;
  /** 0-based position of the event in its stream. */
  streamRevision: number;
  position: GlobalPosition;
  /** When the store committed it (store clock); `metadata.occurredAt` is when it happened in the domain. */
  recordedAt: string;
}
