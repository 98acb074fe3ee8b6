import { In, type DataSource, type EntityManager } from 'typeorm';
import type { EventStore, GlobalPosition, RecordedEvent } from '@perheverkko/event-store';
import { entityNameOf, stateEntityNameOf, type ProjectionDefinition, type ProjectionState, type ReadModelTable } from './read-model-table';

/** Rows per multi-row statement: well below PostgreSQL's 65,535 parameters for the widest table. */
const ROWS_PER_STATEMENT = 1000;

export function positionOf(state: Pick<ProjectionState, 'commitPosition' | 'preparePosition'>): GlobalPosition | undefined {
  return state.commitPosition === null || state.preparePosition === null ? undefined : { commit: BigInt(state.commitPosition), prepare: BigInt(state.preparePosition) };
}

/**
 * Applies a projection's events to its tables in one schema, a batch at a time: the batch's rows (read once,
 * folded in memory, written with multi-row upserts) and the checkpoint commit in one transaction. The checkpoint
 * is re-read under a row lock, so a batch read before a rebuild swapped the schema is dropped, never misapplied.
 */
export class ProjectionRunner {
  private readonly state: string;
  private readonly tables: Array<{ table: ReadModelTable; entity: string }>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly projection: ProjectionDefinition,
    schema: string,
    private readonly batchSize = 1000,
  ) {
    this.state = stateEntityNameOf(schema);
    this.tables = projection.tables.map((table) => ({ table, entity: entityNameOf(table, schema) }));
  }

  /** One batch after the checkpoint; the number of events read (0: caught up). */
  async step(): Promise<number> {
    const name = this.projection.name;
    const seen = await this.dataSource.getRepository<ProjectionState>(this.state).findOneBy({ name });
    if (!seen) throw new Error(`projection ${name} has no checkpoint in its schema`);
    // Read before the transaction: on the embedded database a transaction must never wait on another connection.
    const events = await this.store.readAll({ after: positionOf(seen), maxCount: this.batchSize });
    if (events.length === 0) return 0;
    await this.dataSource.transaction(async (manager) => {
      const locked = await manager.getRepository<ProjectionState>(this.state).findOne({ where: { name }, lock: { mode: 'pessimistic_write' } });
      if (!locked || locked.commitPosition !== seen.commitPosition || locked.preparePosition !== seen.preparePosition) return;
      for (const { table, entity } of this.tables) await this.applyToTable(manager, table, entity, events);
      const last = events[events.length - 1].position;
      await manager.getRepository<ProjectionState>(this.state).update(
        { name },
        { commitPosition: last.commit.toString(), preparePosition: last.prepare.toString(), eventsApplied: locked.eventsApplied + events.length, updatedAt: new Date().toISOString() },
      );
    });
    return events.length;
  }

  /** Applies batches until the log has nothing more; the number of events read. */
  async catchUp(signal?: AbortSignal, onBatch?: (applied: number) => void): Promise<number> {
    let total = 0;
    for (;;) {
      if (signal?.aborted) return total;
      const read = await this.step();
      if (read === 0) return total;
      total += read;
      onBatch?.(total);
    }
  }

  /** Follows the log until the signal aborts, polling when caught up. */
  async run(signal: AbortSignal, idleMs = 100): Promise<void> {
    while (!signal.aborted) {
      if ((await this.step()) === 0) await new Promise((resolve) => setTimeout(resolve, idleMs));
    }
  }

  private async applyToTable(manager: EntityManager, table: ReadModelTable, entity: string, events: RecordedEvent[]): Promise<void> {
    const touching = events.map((event) => ({ event, key: table.keyOf(event) })).filter((e): e is { event: RecordedEvent; key: string } => e.key !== undefined);
    if (touching.length === 0) return;
    const repository = manager.getRepository(entity);
    const keys = [...new Set(touching.map((e) => e.key))];
    const rows = new Map<string, Record<string, unknown> | null>();
    for (const chunk of chunks(keys, ROWS_PER_STATEMENT)) {
      for (const row of await repository.findBy({ [table.primaryKey]: In(chunk) })) rows.set(String((row as Record<string, unknown>)[table.primaryKey]), row);
    }
    const existed = new Set(rows.keys());
    for (const { event, key } of touching) rows.set(key, table.evolve(rows.get(key) ?? null, event));
    const kept = keys.map((key) => rows.get(key)).filter((row): row is Record<string, unknown> => row !== null && row !== undefined);
    const gone = keys.filter((key) => rows.get(key) === null && existed.has(key));
    for (const chunk of chunks(kept, ROWS_PER_STATEMENT)) await repository.upsert(chunk, { conflictPaths: [table.primaryKey] });
    for (const chunk of chunks(gone, ROWS_PER_STATEMENT)) await repository.delete({ [table.primaryKey]: In(chunk) });
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
