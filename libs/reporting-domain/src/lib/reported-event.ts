/**
 * A published event as reporting keeps it: what happened, to which case, when, and its data (at the current
 * contract version). Projections and the auditor's case state are folds over these.
 */
export interface ReportedEvent {
  eventId: string;
  type: string;
  caseId: string;
  occurredAt: string;
  /** The command or event that caused it: an event is never shown before its cause. */
  causationId?: string;
  /**
   * Where it is stored at its source (service, stream, place in the stream, commit time), where the archive knows it:
   * the auditor's history keeps each stream's order by it.
   */
  origin?: { service: string; streamId: string; streamRevision: number; recordedAt: string };
  // Contract-validated JSON; each rule reads only the fields its event type's contract guarantees.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: Record<string, any>;
}

/**
 * How one read-model table follows the events: which row an event touches (none: ignored), and the row after
 * it (null: the row goes). Pure, so a rebuild from position 0 gives exactly the live table.
 */
export interface TableRules<Row> {
  keyOf(event: ReportedEvent): string | undefined;
  evolve(row: Row | null, event: ReportedEvent): Row | null;
}

/** Rules for a table with one row per event of one type, written once. */
export function rowPerEvent<Row>(type: string, toRow: (event: ReportedEvent) => Row): TableRules<Row> {
  return {
    keyOf: (event) => (event.type === type ? event.eventId : undefined),
    evolve: (row, event) => row ?? toRow(event),
  };
}
