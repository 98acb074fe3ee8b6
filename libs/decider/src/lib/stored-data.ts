/**
 * Data read back from storage or from JSON, before it has a type: what upcasters and folds over older events see.
 */

/** A step that turns one schema version's data into the next's. */
export type Upcaster = (data: unknown) => unknown;

/** Per event type, `n: step` turns that type's version-n data into version n+1's. */
export type Upcasters = Partial<Record<string, Readonly<Record<number, Upcaster>>>>;

/** The current schema version per event type (a type not named is at version 1). */
export type SchemaVersions = Partial<Record<string, number>>;

/**
 * A stored event's data in its type's current schema version: each step from the version it was written in up. Stored
 * events are never rewritten, so a history kept for decades still folds.
 */
export function upcastData(
  type: string,
  schemaVersion: number,
  data: unknown,
  schemaVersions: SchemaVersions = {},
  upcasters: Upcasters = {},
): unknown {
  const current = schemaVersions[type] ?? 1;
  let upcast = data;
  for (let version = schemaVersion; version < current; version++) {
    const step = upcasters[type]?.[version];
    if (!step) throw new Error(`${type} v${version} has no upcaster to v${version + 1}; it cannot be replayed`);
    upcast = step(upcast);
  }
  return upcast;
}

/** Data with fields to read (arrays included: their indexes are fields too); each field still unknown. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * How a service reads its own stored events typed: the data upcast to its type's current schema version. A service's
 * stream holds only the events its decider wrote, so the data is taken to be that type's: stored data entering the
 * typed world, in this one place for every domain (`upcastMeetingEvent`, `upcastConveningEvent`, `upcastPlanEvent`).
 */
export function storedEventReader<E extends { type: string; data: unknown }>(
  schemaVersions: SchemaVersions = {},
  upcasters: Upcasters = {},
): (type: string, schemaVersion: number, data: unknown) => E {
  return (type, schemaVersion, data) => ({ type, data: upcastData(type, schemaVersion, data, schemaVersions, upcasters) }) as E;
}
