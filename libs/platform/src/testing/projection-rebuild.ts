import { randomUUID } from 'node:crypto';
import { PostgresEventStore, startEmbeddedPostgres, type NewEvent } from '@perheverkko/event-store';
import { ReadModels, snakeCase, type ProjectionDefinition } from '@perheverkko/read-model';

/** Every table of a projection, as rows in key order. */
export type ProjectionRows = Record<string, unknown[]>;

/** The same projection three ways: kept live while the events came in, built from position 0 beside it, and after a rebuild swapped in. */
export interface LiveAndRebuilt {
  events: number;
  live: ProjectionRows;
  rebuilt: ProjectionRows;
  swapped: ProjectionRows;
}

async function rowsOf(models: ReadModels, projection: ProjectionDefinition, schema: string): Promise<ProjectionRows> {
  const tables: ProjectionRows = {};
  for (const table of projection.tables)
    tables[table.name] = await models.dataSource.query(
      `select * from "${schema}"."${table.name}" order by "${snakeCase(table.primaryKey)}"`,
    );
  return tables;
}

async function until(holds: () => Promise<boolean>, what: string): Promise<void> {
  for (const deadline = Date.now() + 60_000; !(await holds()); await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (Date.now() > deadline) throw new Error(`waited 60 s for ${what}`);
  }
}

/**
 * On an embedded database in memory (nothing left behind): a projection follows a fresh log while `streams` are
 * appended a few at a time, until it has applied every event; then a copy is built from position 0 beside the live
 * one, and a rebuild is swapped in. Equal rows in all three mean the rules are pure and the checkpointing exact.
 */
export async function liveAndRebuilt(
  projection: ProjectionDefinition,
  streams: Array<{ streamId: string; events: NewEvent[] }>,
): Promise<LiveAndRebuilt> {
  const embedded = await startEmbeddedPostgres();
  const store = await PostgresEventStore.open({ connectionString: embedded.connectionString, schema: 'log', poolSize: 2 });
  const models = await ReadModels.open({ connectionString: embedded.connectionString, store, projections: [projection], poolSize: 2 });
  try {
    models.start();
    // Built (empty) first, so every event below goes through the live runner, a batch at a time.
    await until(async () => (await models.status())[0].state === 'live', `${projection.name} to be built`);
    for (let i = 0; i < streams.length; i += 4) {
      await Promise.all(streams.slice(i, i + 4).map((s) => store.appendToStream(s.streamId, s.events, { expectedRevision: 'no_stream' })));
    }
    const events = streams.reduce((sum, s) => sum + s.events.length, 0);
    await until(async () => (await models.status())[0].eventsApplied === events, `${projection.name} to apply ${events} events`);
    const live = await rowsOf(models, projection, projection.schema);
    const shadow = await models.buildShadow(projection.name, events);
    let rebuilt: ProjectionRows;
    try {
      rebuilt = await rowsOf(models, projection, shadow.schema);
    } finally {
      await shadow.dataSource.destroy();
    }
    await models.rebuild(projection.name);
    const swapped = await rowsOf(models, projection, projection.schema);
    return { events, live, rebuilt, swapped };
  } finally {
    await models.close();
    await store.close();
    await embedded.stop();
  }
}

/**
 * The rebuild spec of a projection: `liveAndRebuilt` once before its test, which checks the live rows with `live`
 * (that the history put the rules to work) and that the copy built beside them and the rebuild swapped in equal them.
 */
export function itRebuildsAsLive(
  projection: () => ProjectionDefinition,
  streams: () => Array<{ streamId: string; events: NewEvent[] }>,
  live: (rows: ProjectionRows) => void,
): void {
  let result: LiveAndRebuilt;

  beforeAll(async () => {
    result = await liveAndRebuilt(projection(), streams());
  }, 120_000);

  it('should build a copy equal to the live table, and swap a rebuild in that is equal too', () => {
    live(result.live);
    expect(result.rebuilt).toEqual(result.live);
    expect(result.swapped).toEqual(result.live);
  });
}

/** A small deterministic generator (a linear congruential one): the same generated history at every run. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** Events of one generated case as a professional (of `organisation`) records them, each with its own id, at the given times. */
export function caseEventsBy(
  caseId: string,
  actorId: string,
  organisation = 'Kangasala',
): (type: string, data: unknown, occurredAt: string) => NewEvent {
  return (type, data, occurredAt) => ({
    type,
    data,
    metadata: {
      eventId: randomUUID(),
      caseId,
      correlationId: caseId,
      causationId: caseId,
      actor: { id: actorId, role: 'professional', organisation },
      occurredAt,
      schemaVersion: 1,
    },
  });
}

/** One generated case: its id, the history's random numbers, its days (from its own start), its events as recorded. */
export interface GeneratedCase {
  caseId: string;
  next: () => number;
  pick: <T>(items: T[]) => T;
  at: (day: number) => string;
  event: (type: string, data: unknown, day: number) => NewEvent;
}

/**
 * A history of `cases` generated cases, one stream each (`${streamType}-${caseId}`), the same at every run (random
 * numbers from `seed`): case i starts i % 300 days after `start`, its events recorded by `workers` in turn.
 */
export function generatedHistory(
  cases: number,
  { seed, start, workers, streamType }: { seed: number; start: string; workers: string[]; streamType: string },
  eventsOf: (generated: GeneratedCase) => NewEvent[],
): Array<{ streamId: string; events: NewEvent[] }> {
  const next = seededRandom(seed);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  const streams = [];
  for (let i = 0; i < cases; i++) {
    const caseId = randomUUID();
    const at = (day: number) => new Date(Date.parse(start) + ((i % 300) + day) * 86_400_000).toISOString();
    const recorded = caseEventsBy(caseId, workers[i % workers.length]);
    const event = (type: string, data: unknown, day: number) => recorded(type, data, at(day));
    streams.push({ streamId: `${streamType}-${caseId}`, events: eventsOf({ caseId, next, pick, at, event }) });
  }
  return streams;
}
