import { In, type DataSource, type EntityManager } from 'typeorm';
import { CatchUpPacer, type EventStore, type GlobalPosition, type RecordedEvent } from '@perheverkko/event-store';
import {
  entityNameOf,
  stateEntityNameOf,
  upsertStatement,
  type ProjectionDefinition,
  type ProjectionState,
  type ReadModelTable,
} from './read-model-table';

/** Keys per lookup or delete statement. */
const KEYS_PER_STATEMENT = 1000;
/** Rows per upsert: one JSON parameter each, kept to a size the server parses without strain. */
const ROWS_PER_UPSERT = 5000;

interface BuildFromEmptyOptions {
  signal?: AbortSignal;
  /** Bigger pages than a live follower's: fewer round trips, and a build is never latency-bound. */
  pageSize?: number;
  /** Rows and checkpoint are written every so many events (a crash loses at most this much work). */
  flushEvery?: number;
  /** Past this many rows held in memory, they are let go of after a write and read back as needed. */
  maxCachedRows?: number;
  /** After each page is read: the events read so far and the position of the last (what a rebuild's progress shows). */
  onPage?: (read: number, position: GlobalPosition) => void;
}

export function positionOf(state: Pick<ProjectionState, 'commitPosition' | 'preparePosition'>): GlobalPosition | undefined {
  return state.commitPosition === null || state.preparePosition === null
    ? undefined
    : { commit: BigInt(state.commitPosition), prepare: BigInt(state.preparePosition) };
}

type Row = Record<string, unknown>;

/** A table as one schema holds it: its TypeORM entity name and its upsert statement. */
interface TableOfSchema {
  table: ReadModelTable;
  entity: string;
  upsert: string;
}

/** One table's rows as folded so far: which were stored before, and which changed since the last write. */
class TableRows {
  readonly rows = new Map<string, Row | null>();
  readonly stored = new Set<string>();
  readonly changed = new Set<string>();
}

/**
 * The rows a batch (or a whole rebuild) touched, per table, as they stand after folding. `complete` means every
 * row of the table is here (a table built from empty), so a key that is missing has no row yet.
 */
class FoldedRows {
  private readonly tables = new Map<ReadModelTable, TableRows>();

  constructor(
    tables: ReadModelTable[],
    public complete: boolean,
  ) {
    for (const table of tables) this.tables.set(table, new TableRows());
  }

  get size(): number {
    let rows = 0;
    for (const { rows: held } of this.tables.values()) rows += held.size;
    return rows;
  }

  /** Loads the rows these events touch that are not held yet (none when the table is complete in memory). */
  private async load(manager: EntityManager, { table, entity }: TableOfSchema, events: RecordedEvent[]): Promise<void> {
    if (this.complete) return;
    const { rows, stored } = this.of(table);
    const missing = keysOf(table, events).filter((key) => !rows.has(key));
    if (missing.length === 0) return;
    const repository = manager.getRepository(entity);
    for (const chunk of chunks(missing, KEYS_PER_STATEMENT)) {
      for (const row of await repository.findBy({ [table.primaryKey]: In(chunk) })) {
        const key = String((row as Row)[table.primaryKey]);
        rows.set(key, row as Row);
        stored.add(key);
      }
    }
  }

  /** Folds each event into every table in turn (event-major: a table's rules may share per-event work). */
  foldAll(tables: ReadModelTable[], events: RecordedEvent[]): void {
    const held = tables.map((table) => ({ table, ...this.of(table) }));
    for (const event of events) {
      for (const { table, rows, changed } of held) {
        const key = table.keyOf(event);
        if (key === undefined) continue;
        rows.set(key, table.evolve(rows.get(key) ?? null, event));
        changed.add(key);
      }
    }
  }

  /** One batch's whole effect on the tables: rows read back where needed, the events folded in, changes written. */
  async apply(manager: EntityManager, tables: TableOfSchema[], events: RecordedEvent[]): Promise<void> {
    for (const table of tables) await this.load(manager, table, events);
    this.foldAll(
      tables.map((t) => t.table),
      events,
    );
    for (const table of tables) await this.write(manager, table);
  }

  /** Writes what changed since the last write: upserts, and deletes of stored rows that were folded away. */
  private async write(manager: EntityManager, { table, entity, upsert }: TableOfSchema): Promise<void> {
    const { rows, stored, changed } = this.of(table);
    const kept: Row[] = [];
    const gone: string[] = [];
    for (const key of changed) {
      const row = rows.get(key);
      if (row) kept.push(row);
      else if (stored.has(key)) gone.push(key);
    }
    for (const chunk of chunks(kept, ROWS_PER_UPSERT)) await manager.query(upsert, [JSON.stringify(chunk)]);
    for (const chunk of chunks(gone, KEYS_PER_STATEMENT)) await manager.getRepository(entity).delete({ [table.primaryKey]: In(chunk) });
    for (const key of changed) {
      if (rows.get(key)) stored.add(key);
      else {
        rows.delete(key);
        stored.delete(key);
      }
    }
    changed.clear();
  }

  /** Forgets every row: from now on rows are read back from the tables. */
  forget(): void {
    for (const { rows, stored } of this.tables.values()) {
      rows.clear();
      stored.clear();
    }
    this.complete = false;
  }

  private of(table: ReadModelTable): TableRows {
    const rows = this.tables.get(table);
    if (!rows) throw new Error(`table ${table.name} is not part of this projection`);
    return rows;
  }
}

/**
 * Applies a projection's events to its tables in one schema, a batch at a time: the batch's rows (read once,
 * folded in memory, written with multi-row upserts) and the checkpoint commit in one transaction. The checkpoint
 * is re-read under a row lock, so a batch read before a rebuild swapped the schema is dropped, never misapplied.
 */
export class ProjectionRunner {
  private readonly state: string;
  private readonly tables: TableOfSchema[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly projection: ProjectionDefinition,
    schema: string,
    private readonly batchSize = 1000,
  ) {
    this.state = stateEntityNameOf(schema);
    this.tables = projection.tables.map((table) => ({
      table,
      entity: entityNameOf(table, schema),
      upsert: upsertStatement(table, schema),
    }));
  }

  /** One batch after the checkpoint; the number of events read (0: caught up). */
  async step(): Promise<number> {
    const seen = await this.checkpoint();
    // Read before the transaction: on the embedded database a transaction must never wait on another connection.
    const events = await this.store.readAll({ after: positionOf(seen), maxCount: this.batchSize });
    if (events.length === 0) return 0;
    await this.commit(seen, events.length, events[events.length - 1].position, (manager) =>
      new FoldedRows(this.projection.tables, false).apply(manager, this.tables, events),
    );
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

  /**
   * Builds tables that start empty from position 0 as fast as the log can be read: rows stay in memory across
   * pages (nothing is read back), the next page is read while this one folds, and rows and checkpoint are
   * written together every `flushEvery` events and at the end. Only for tables nobody else writes to.
   */
  async buildFromEmpty({
    signal,
    pageSize = 5000,
    flushEvery = 50_000,
    maxCachedRows = 200_000,
    onPage,
  }: BuildFromEmptyOptions = {}): Promise<number> {
    const folded = new FoldedRows(this.projection.tables, true);
    let seen = await this.checkpoint();
    let total = 0;
    let sinceFlush = 0;
    let last: GlobalPosition | undefined;
    // Events read after the rows were let go of: folded at the flush, once their rows are read back.
    let unfolded: RecordedEvent[] = [];
    const flush = async () => {
      if (sinceFlush === 0 || !last) return;
      const events = unfolded;
      const applied = await this.commit(seen, sinceFlush, last, (manager) => folded.apply(manager, this.tables, events));
      if (!applied) throw new Error(`${this.projection.name}: the checkpoint of the copy being built moved under the build`);
      seen = await this.checkpoint();
      unfolded = [];
      sinceFlush = 0;
      if (folded.size > maxCachedRows) folded.forget();
    };
    const read = (after: GlobalPosition | undefined) => this.store.readAll({ after, maxCount: pageSize });
    let next = read(positionOf(seen));
    while (!signal?.aborted) {
      const page = await next;
      if (page.length === 0) break;
      last = page[page.length - 1].position;
      next = read(last);
      if (folded.complete) folded.foldAll(this.projection.tables, page);
      else unfolded.push(...page);
      total += page.length;
      sinceFlush += page.length;
      onPage?.(total, last);
      if (sinceFlush >= flushEvery) await flush();
    }
    await next.catch(() => undefined);
    await flush();
    return total;
  }

  /** Follows the log until the signal aborts; when caught up, sleeps until this process appends or `idleMs`. */
  async run(signal: AbortSignal, idleMs = 100): Promise<void> {
    const pacer = new CatchUpPacer(idleMs, this.store.nextAppend?.bind(this.store));
    while (!signal.aborted) {
      await pacer.afterRead(await this.step(), this.batchSize, signal);
    }
  }

  private async checkpoint(): Promise<ProjectionState> {
    const name = this.projection.name;
    const seen = await this.dataSource.getRepository<ProjectionState>(this.state).findOneBy({ name });
    if (!seen) throw new Error(`projection ${name} has no checkpoint in its schema`);
    return seen;
  }

  /** Runs `apply` and moves the checkpoint in one transaction, unless the checkpoint moved since `seen`. */
  private async commit(
    seen: ProjectionState,
    events: number,
    last: GlobalPosition,
    apply: (manager: EntityManager) => Promise<void>,
  ): Promise<boolean> {
    const name = this.projection.name;
    return this.dataSource.transaction(async (manager) => {
      const locked = await manager
        .getRepository<ProjectionState>(this.state)
        .findOne({ where: { name }, lock: { mode: 'pessimistic_write' } });
      if (!locked || locked.commitPosition !== seen.commitPosition || locked.preparePosition !== seen.preparePosition) return false;
      await apply(manager);
      await manager.getRepository<ProjectionState>(this.state).update(
        { name },
        {
          commitPosition: last.commit.toString(),
          preparePosition: last.prepare.toString(),
          eventsApplied: locked.eventsApplied + events,
          updatedAt: new Date().toISOString(),
        },
      );
      return true;
    });
  }
}

function keysOf(table: ReadModelTable, events: RecordedEvent[]): string[] {
  const keys = new Set<string>();
  for (const event of events) {
    const key = table.keyOf(event);
    if (key !== undefined) keys.add(key);
  }
  return [...keys];
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
