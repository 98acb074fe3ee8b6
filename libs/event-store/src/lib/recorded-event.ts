/** Who caused an event: a person acting in a role for an organisation, or a system component. */
export interface Actor {
  id: string;
  role: string;
  organisation: string;
}

/**
 * The metadata every event carries. Time and ids arrive with the command, never from a clock during replay.
 * `consent` names the consent (or legal basis) a disclosure relies on; absent for events that disclose nothing.
 */
export interface EventMetadata {
  eventId: string;
  caseId: string;
  correlationId: string;
  causationId: string;
  actor: Actor;
  occurredAt: string;
  schemaVersion: number;
  consent?: { basis: 'consent' | 'law'; reference: string };
}

/** JSON the store can round-trip exactly: what goes in is what a replay reads back. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

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
