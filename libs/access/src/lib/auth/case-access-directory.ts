import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Pool } from 'pg';
import {
  ACCESS_EVENT_TYPES,
  NO_FACTS,
  decideAccess,
  foldAccessFacts,
  foldAllAccessFacts,
  type AccessEvent,
  type Caller,
  type CaseAccessFacts,
  type CaseDataCategory,
} from '@perheverkko/access-model';
import {
  CONVENING_CONTRACTS,
  INTAKE_CONTRACTS,
  MEETING_CONTRACTS,
  PLAN_FOLLOWUP_CONTRACTS,
  type IntegrationEvent,
} from '@perheverkko/contracts';
import { IDLE_CONNECTION_MS, migrate, withPooledClient, type EventStore } from '@perheverkko/event-store';
import type { IntegrationEventHandler, Subscription } from '@perheverkko/messaging';
import { DatabaseConnection } from '@perheverkko/runtime';

/** The services whose published events carry access facts (docs/access.md). */
export const ACCESS_SOURCES = ['intake', 'convening', 'meeting', 'plan-followup'];

/**
 * What access to a case rests on, as this process knows it. Two sources, one fold:
 * - the case-access projection: every access event the four services publish, consumed like any other read
 *   model (Kafka consumer group deployed apart, the publishing stores in the embedded default), so a
 *   withdrawal recorded in convening reaches meeting's process within a consumer's lag, not at a restart;
 * - the streams of the services hosted in this process, read at each request, so a service's own facts (the
 *   concern it just registered, the consent it just withdrew) hold at once.
 * Both are folded by `foldAccessFacts`, which gives the same facts whatever the order or repetition.
 */
@Injectable()
export class CaseAccessDirectory implements OnApplicationShutdown, IntegrationEventHandler {
  readonly handles = ACCESS_EVENT_TYPES;
  private readonly localStores = new Map<string, EventStore>();
  private schema?: string;
  private pool?: Pool;
  private ready?: Promise<void>;

  constructor(private readonly database: DatabaseConnection) {}

  get consumer(): string {
    return `${this.schema ?? 'unknown'}.case-access`;
  }

  /**
   * A service module hosted in this process; its schema may hold the projection. `store`: a service whose own
   * streams hold access facts, read directly at each request. The first call answers the subscription that feeds
   * the projection, for the host to run (access knows what it reads, not how messages reach it).
   */
  registerService(service: string, schema: string, store?: EventStore): Subscription | undefined {
    if (store) this.localStores.set(service, store);
    this.schema ??= schema;
    return this.openProjection();
  }

  private openProjection(): Subscription | undefined {
    if (!this.schema || this.ready) return undefined;
    const schema = this.schema;
    // Small and quick to let go: every process already holds pools of its own, and the server's connections are shared.
    const pool = new Pool({
      connectionString: this.database.connectionString,
      max: this.database.embedded ? 1 : 2,
      idleTimeoutMillis: IDLE_CONNECTION_MS,
    });
    pool.on('error', () => undefined);
    this.pool = pool;
    this.ready = migrate(pool, `perheverkko.${schema}.case-access`, [
      `create schema if not exists "${schema}"`,
      `create table if not exists "${schema}".case_access (case_id text primary key, facts jsonb not null, updated_at timestamptz not null default now())`,
    ]);
    return {
      schema,
      handler: this,
      sources: ACCESS_SOURCES,
      contracts: [...INTAKE_CONTRACTS, ...CONVENING_CONTRACTS, ...MEETING_CONTRACTS, ...PLAN_FOLLOWUP_CONTRACTS],
      onlyHostedSourcesWhenEmbedded: true,
    };
  }

  async handle(event: IntegrationEvent, tx?: PoolClient): Promise<void> {
    await this.ready;
    const apply = async (client: PoolClient) => {
      const { rows } = await client.query<{ facts: CaseAccessFacts }>(
        `select facts from "${this.schema}".case_access where case_id = $1 for update`,
        [event.caseId],
      );
      const facts = foldAccessFacts(rows[0]?.facts ?? NO_FACTS, event);
      await client.query(
        `insert into "${this.schema}".case_access (case_id, facts) values ($1, $2)
         on conflict (case_id) do update set facts = excluded.facts, updated_at = now()`,
        [event.caseId, JSON.stringify(facts)],
      );
    };
    if (tx) await apply(tx);
    else if (this.pool) await withPooledClient(this.pool, apply);
  }

  /** The facts of one case now: the projection's row, brought up to date with this process's own streams. */
  async factsOf(caseId: string): Promise<CaseAccessFacts> {
    let facts = NO_FACTS;
    if (this.pool) {
      await this.ready;
      const { rows } = await this.pool.query<{ facts: CaseAccessFacts }>(
        `select facts from "${this.schema}".case_access where case_id = $1`,
        [caseId],
      );
      facts = rows[0]?.facts ?? NO_FACTS;
    }
    const types = new Set<string>(ACCESS_EVENT_TYPES);
    for (const store of this.localStores.values()) {
      const own = (await store.readByCase(caseId)).filter((e) => types.has(e.type));
      facts = foldAllAccessFacts(
        own.map((e): AccessEvent => ({ eventId: e.metadata.eventId, type: e.type, occurredAt: e.metadata.occurredAt, data: e.data })),
        facts,
      );
    }
    return facts;
  }

  /**
   * Of these cases, those whose category the caller may read now: lists (worklists, due re-raisings) name only
   * cases the caller could open, by the same rule as the guard.
   */
  async readableBy<T extends { caseId: string }>(caller: Caller, rows: readonly T[], category: CaseDataCategory): Promise<T[]> {
    const now = new Date().toISOString();
    const allowed = await Promise.all(
      rows.map(async (row) => decideAccess(caller, await this.factsOf(row.caseId), category, 'read', now).allowed),
    );
    return rows.filter((_, i) => allowed[i]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.end();
  }
}
