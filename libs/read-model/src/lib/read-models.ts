import { Logger } from '@nestjs/common';
import { DataSource, type EntitySchema, type ObjectLiteral, type Repository } from 'typeorm';
import type { EventStore, GlobalPosition } from '@perheverkko/event-store';
import { ProjectionRunner } from './projection-runner';
import { RebuildLock } from './rebuild-lock';
import {
  entityNameOf,
  entityOf,
  shapeOf,
  stateEntityNameOf,
  stateEntityOf,
  type ProjectionDefinition,
  type ProjectionState,
} from './read-model-table';
import { messageOf } from '@perheverkko/decider';

interface ReadModelsOptions {
  connectionString: string;
  /** The log every projection follows (position 0 is where a rebuild starts). */
  store: EventStore;
  projections: ProjectionDefinition[];
  /** Connections for queries and live batches (the embedded database has one backend: keep it small). */
  poolSize?: number;
  batchSize?: number;
  /** Events per page a rebuild reads (default 5000); also how often its progress moves. */
  rebuildPageSize?: number;
}

export interface ProjectionStatus {
  name: string;
  schema: string;
  /** building: no live tables yet; rebuilding: live serves while a shadow copy is built. */
  state: 'building' | 'live' | 'rebuilding';
  eventsApplied: number | null;
  position: { commit: string; prepare: string } | null;
  updatedAt: string | null;
  lastRebuild: RebuildReport | null;
  /** While building or rebuilding: where the shadow copy stands; null otherwise. */
  progress: RebuildProgress | null;
}

/** Where a rebuild's shadow copy stands, and when it will be done at the pace so far. */
export interface RebuildProgress {
  startedAt: string;
  /** Events of the log folded into the shadow copy so far, and the global position of the last of them. */
  eventsApplied: number;
  position: { commit: string; prepare: string } | null;
  /**
   * Events of the log to go through: those the live copy has applied (it follows the head; frozen at the position
   * the rebuild started from when its shape changed). Null for a first build: nothing has counted the log yet.
   */
  total: number | null;
  fraction: number | null;
  eventsPerSecond: number;
  secondsLeft: number | null;
  estimatedFinishAt: string | null;
}

interface RebuildTracker {
  startedAt: number;
  applied: number;
  position?: GlobalPosition;
}

interface RebuildReport {
  startedAt: string;
  finishedAt: string;
  events: number;
  eventsPerSecond: number;
}

export class RebuildInProgress extends Error {
  constructor(name: string, elsewhere = false) {
    super(`projection ${name} is already being rebuilt${elsewhere ? ' by another replica' : ''}`);
    this.name = 'RebuildInProgress';
  }
}

const quoted = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/**
 * The read models of one service (TypeORM on PostgreSQL): each projection in a schema of its own, kept live by a
 * runner, rebuilt from position 0 into `<schema>_next` and renamed into place in one transaction while queries go
 * on against the live copy. A projection whose shape changed is rebuilt on start.
 */
export class ReadModels {
  private readonly logger = new Logger('ReadModels');
  private readonly stopping = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private readonly rebuilding = new Map<string, Promise<unknown>>();
  private readonly lastRebuild = new Map<string, RebuildReport>();
  private readonly trackers = new Map<string, RebuildTracker>();

  private constructor(
    readonly dataSource: DataSource,
    private readonly options: ReadModelsOptions,
  ) {}

  static async open(options: ReadModelsOptions): Promise<ReadModels> {
    const entities = options.projections.flatMap((p) => [...p.tables.map((t) => entityOf(t, p.schema)), stateEntityOf(p.schema)]);
    const dataSource = new DataSource({
      type: 'postgres',
      url: options.connectionString,
      entities,
      synchronize: false,
      logging: false,
      poolSize: options.poolSize ?? 4,
    });
    await dataSource.initialize();
    return new ReadModels(dataSource, options);
  }

  /** A projection table's live repository, for queries. */
  repository<Row extends ObjectLiteral>(projection: string, table: string): Repository<Row> {
    const definition = this.definition(projection);
    const entity = definition.tables.find((t) => t.name === table);
    if (!entity) throw new Error(`projection ${projection} has no table ${table}`);
    return this.dataSource.getRepository<Row>(entityNameOf(entity, definition.schema));
  }

  /** Builds what is missing or of another shape, then keeps every projection live until `stop`. */
  start(): void {
    for (const projection of this.options.projections) {
      this.loops.push(this.keepLive(projection));
    }
  }

  private async keepLive(projection: ProjectionDefinition): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      try {
        const live = await this.liveState(projection);
        if (!live || live.shape !== shapeOf(projection)) {
          this.logger.log(`${projection.name}: ${live ? 'its shape changed' : 'not built yet'}; building from position 0`);
          try {
            await this.rebuild(projection.name);
          } catch (error) {
            if (!(error instanceof RebuildInProgress)) throw error;
            // Another replica (or an administrator's rebuild here) builds it: follow once it is swapped in.
            this.logger.log(`${projection.name}: ${error.message}; waiting for it`);
            await new Promise((resolve) => setTimeout(resolve, 2000));
          }
          continue;
        }
        await new ProjectionRunner(this.dataSource, this.options.store, projection, projection.schema, this.options.batchSize).run(signal);
      } catch (error) {
        if (signal.aborted) return;
        this.logger.error(`${projection.name} stopped, resuming in 1 s: ${messageOf(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  /**
   * Rebuilds one projection from position 0 into a shadow schema and swaps it in atomically. Only one rebuild of
   * a projection runs at a time, in this process and across every replica on the database (RebuildLock); the live
   * copy keeps serving (and following the log) meanwhile.
   */
  rebuild(name: string): Promise<RebuildReport> {
    return this.beginRebuild(name).then(({ done }) => done);
  }

  /**
   * Takes the rebuild of a projection, then starts it: resolves once it runs, with its end to wait for. Throws (here)
   * RebuildInProgress when this process rebuilds it, or rejects with it when another replica does.
   */
  beginRebuild(name: string): Promise<{ done: Promise<RebuildReport> }> {
    if (this.rebuilding.has(name)) throw new RebuildInProgress(name);
    const projection = this.definition(name);
    const begun = RebuildLock.take(this.options.connectionString, projection.schema).then((lock) => {
      if (!lock) throw new RebuildInProgress(name, true);
      const tracker: RebuildTracker = { startedAt: Date.now(), applied: 0 };
      this.trackers.set(name, tracker);
      // Swapped in (or failed), it is no longer shown as rebuilding; a rebuild here is refused until the lock is let go.
      const ended = async () => {
        this.trackers.delete(name);
        await lock.release().catch((error: Error) => this.logger.warn(`${name}: letting go of the rebuild's lock: ${error.message}`));
        this.rebuilding.delete(name);
      };
      const done = this.buildAndSwap(projection, tracker).then(
        async (report) => {
          this.lastRebuild.set(name, report);
          await ended();
          return report;
        },
        async (error: Error) => {
          await ended();
          throw error;
        },
      );
      return { done };
    });
    // Held until it ends, for status() and close(); a lock another replica holds ends it at once.
    this.rebuilding.set(
      name,
      begun.then(
        ({ done }) => done.catch(() => undefined),
        () => this.rebuilding.delete(name),
      ),
    );
    return begun;
  }

  /**
   * Builds the shadow copy without swapping it in (for comparing with the live one). "The end of the log" is what
   * the store can safely read now, which may stop short of transactions still in flight anywhere in the database;
   * `atLeast` keeps it reading until that many events are in (the swapped-in copy simply follows on from there).
   */
  async buildShadow(
    name: string,
    atLeast = 0,
    onPage?: (read: number, position: GlobalPosition) => void,
  ): Promise<{ dataSource: DataSource; schema: string; events: number }> {
    const projection = this.definition(name);
    const schema = `${projection.schema}_next`;
    const entities: EntitySchema[] = [...projection.tables.map((t) => entityOf(t, schema)), stateEntityOf(schema)];
    const shadow = new DataSource({
      type: 'postgres',
      url: this.options.connectionString,
      entities,
      synchronize: false,
      logging: false,
      poolSize: 2,
    });
    await shadow.initialize();
    try {
      await shadow.query(`drop schema if exists ${quoted(schema)} cascade`);
      await shadow.query(`create schema ${quoted(schema)}`);
      await shadow.synchronize();
      await shadow
        .getRepository<ProjectionState>(stateEntityNameOf(schema))
        .insert({ name, commitPosition: null, preparePosition: null, shape: shapeOf(projection), eventsApplied: 0, updatedAt: null });
      const runner = new ProjectionRunner(shadow, this.options.store, projection, schema, this.options.batchSize);
      let events = await runner.buildFromEmpty({
        signal: this.stopping.signal,
        pageSize: this.options.rebuildPageSize,
        onPage,
      });
      while (events < atLeast && !this.stopping.signal.aborted) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        events += await runner.catchUp(this.stopping.signal);
      }
      return { dataSource: shadow, schema, events };
    } catch (error) {
      await shadow.destroy();
      throw error;
    }
  }

  private async buildAndSwap(projection: ProjectionDefinition, tracker: RebuildTracker): Promise<RebuildReport> {
    const startedAt = new Date(tracker.startedAt);
    const shadow = await this.buildShadow(projection.name, 0, (read, position) => {
      tracker.applied = read;
      tracker.position = position;
    });
    try {
      await this.swapIn(projection, shadow.schema);
    } finally {
      await shadow.dataSource.destroy();
    }
    const finishedAt = new Date();
    const seconds = Math.max((finishedAt.getTime() - startedAt.getTime()) / 1000, 0.001);
    const report = {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      events: shadow.events,
      eventsPerSecond: Math.round(shadow.events / seconds),
    };
    this.logger.log(`${projection.name}: rebuilt from ${shadow.events} events (${report.eventsPerSecond} events/s) and swapped in`);
    return report;
  }

  /**
   * Renames the shadow schema into place in one transaction. The live runner's batch holds the checkpoint row
   * lock, so the swap waits for it; the runner's next batch finds the shadow's checkpoint and carries on from it.
   */
  private async swapIn(projection: ProjectionDefinition, shadowSchema: string): Promise<void> {
    const live = projection.schema;
    const retired = `${live}_retired`;
    await this.dataSource.transaction(async (manager) => {
      const [{ exists }] = await manager.query(`select exists (select 1 from pg_namespace where nspname = $1) as exists`, [live]);
      await manager.query(`drop schema if exists ${quoted(retired)} cascade`);
      if (exists) {
        await manager.query(`lock table ${quoted(live)}.projection_state in access exclusive mode`);
        await manager.query(`alter schema ${quoted(live)} rename to ${quoted(retired)}`);
      }
      await manager.query(`alter schema ${quoted(shadowSchema)} rename to ${quoted(live)}`);
    });
    await this.dataSource.query(`drop schema if exists ${quoted(retired)} cascade`);
  }

  async status(): Promise<ProjectionStatus[]> {
    return Promise.all(
      this.options.projections.map(async (projection) => {
        const live = await this.liveState(projection);
        // This process's rebuild, from taking its lock to letting go of it: the tracker says while it builds.
        const ours = this.rebuilding.has(projection.name);
        const elsewhere = ours ? null : await this.rebuildElsewhere(projection, live?.eventsApplied ?? null);
        return {
          name: projection.name,
          schema: projection.schema,
          state: !live ? 'building' : this.trackers.has(projection.name) || elsewhere ? 'rebuilding' : 'live',
          eventsApplied: live?.eventsApplied ?? null,
          position: live?.commitPosition && live.preparePosition ? { commit: live.commitPosition, prepare: live.preparePosition } : null,
          updatedAt: live?.updatedAt ?? null,
          lastRebuild: this.lastRebuild.get(projection.name) ?? null,
          progress: elsewhere ?? this.progressOf(projection.name, live?.eventsApplied ?? null),
        } satisfies ProjectionStatus;
      }),
    );
  }

  /**
   * A rebuild another replica runs (any replica answers GET /projections behind a load-balanced Service): its start
   * is when its lock was taken, its progress what its shadow copy has written down (every flush, 50,000 events).
   */
  private async rebuildElsewhere(projection: ProjectionDefinition, liveEvents: number | null): Promise<RebuildProgress | null> {
    const query = (sql: string, parameters: unknown[]) => this.dataSource.query(sql, parameters);
    const since = await RebuildLock.heldSince(query, projection.schema).catch(() => null);
    if (!since) return null;
    const shadow = `${projection.schema}_next`;
    const [{ exists }] = await this.dataSource.query(`select to_regclass($1) is not null as exists`, [
      `${quoted(shadow)}.projection_state`,
    ]);
    const [state] = exists
      ? await this.dataSource.query(`select events_applied as applied from ${quoted(shadow)}.projection_state where name = $1`, [
          projection.name,
        ])
      : [];
    return this.progressOf(projection.name, liveEvents, { startedAt: since.getTime(), applied: Number(state?.applied ?? 0) });
  }

  /** A rebuild's progress, its pace so far projected over what is left of the log the live copy has counted. */
  private progressOf(name: string, liveEvents: number | null, tracker = this.trackers.get(name)): RebuildProgress | null {
    if (!tracker) return null;
    const now = Date.now();
    const seconds = Math.max((now - tracker.startedAt) / 1000, 0.001);
    const eventsPerSecond = Math.round(tracker.applied / seconds);
    const total = liveEvents === null ? null : Math.max(liveEvents, tracker.applied);
    const secondsLeft = total === null || eventsPerSecond === 0 ? null : Math.ceil((total - tracker.applied) / eventsPerSecond);
    return {
      startedAt: new Date(tracker.startedAt).toISOString(),
      eventsApplied: tracker.applied,
      position: tracker.position ? { commit: tracker.position.commit.toString(), prepare: tracker.position.prepare.toString() } : null,
      total,
      fraction: total === null ? null : total === 0 ? 1 : Math.round((tracker.applied / total) * 1000) / 1000,
      eventsPerSecond,
      secondsLeft,
      estimatedFinishAt: secondsLeft === null ? null : new Date(now + secondsLeft * 1000).toISOString(),
    };
  }

  names(): string[] {
    return this.options.projections.map((p) => p.name);
  }

  private async liveState(projection: ProjectionDefinition): Promise<ProjectionState | null> {
    const [{ exists }] = await this.dataSource.query(`select to_regclass($1) is not null as exists`, [
      `${quoted(projection.schema)}.projection_state`,
    ]);
    if (!exists) return null;
    return this.dataSource.getRepository<ProjectionState>(stateEntityNameOf(projection.schema)).findOneBy({ name: projection.name });
  }

  private definition(name: string): ProjectionDefinition {
    const projection = this.options.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`no projection named ${name}`);
    return projection;
  }

  /** Stops the live runners and any rebuild, then closes the connections. */
  async close(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.loops, ...this.rebuilding.values()]);
    await this.dataSource.destroy();
  }
}
