import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import { INTAKE_CONTRACTS, type IntegrationEvent } from '@perheverkko/contracts';
import { IDLE_CONNECTION_MS, migrate, withPooledClient } from '@perheverkko/event-store';
import type { IntegrationEventHandler } from '@perheverkko/messaging';
import { REFERENCE_EVENT_TYPES, ReferenceBook, referenceFactOf, type ReferenceFact } from '@perheverkko/reference-data';
import { DatabaseConnection, PlatformConfig } from '@perheverkko/runtime';
import { MessagingHost } from '../messaging/messaging-host';

/** The same fact delivered twice (recorded here, then consumed) is applied once. */
const identityOf = (fact: ReferenceFact) =>
  `${fact.type}|${fact.data.kind}|${fact.data.key}|${fact.type === 'ReferenceEntryRecorded' ? fact.data.recordedAt : fact.data.retiredAt}`;

/**
 * The reference data this process knows (ADR 0014): the shipped baseline and every change intake has recorded,
 * kept as a small projection of intake's published `ReferenceEntryRecorded`/`Retired` events in the schema of the
 * first service hosted here, and in memory for lookups on every request. Deployed apart, a change reaches each
 * process within its consumer's lag; intake applies what it records at once.
 */
@Injectable()
export class ReferenceData implements IntegrationEventHandler, OnApplicationShutdown {
  readonly handles = REFERENCE_EVENT_TYPES;
  private readonly book: ReferenceBook;
  private readonly applied = new Set<string>();
  private schema?: string;
  private pool?: Pool;
  private ready?: Promise<void>;

  constructor(
    config: PlatformConfig,
    private readonly messaging: MessagingHost,
    private readonly database: DatabaseConnection,
  ) {
    this.book = ReferenceBook.baseline(config.REFERENCE_BASELINE);
  }

  get consumer(): string {
    return `${this.schema ?? 'unknown'}.reference-data`;
  }

  /** A service module hosted in this process; the first one's schema keeps the projection. */
  registerService(schema: string): void {
    if (this.ready) return;
    this.schema = schema;
    const pool = new Pool({ connectionString: this.database.connectionString, max: 1, idleTimeoutMillis: IDLE_CONNECTION_MS });
    pool.on('error', () => undefined);
    this.pool = pool;
    this.ready = (async () => {
      await migrate(pool, `perheverkko.${schema}.reference-data`, [
        `create schema if not exists "${schema}"`,
        `create table if not exists "${schema}".reference_facts (event_id text primary key, seq bigserial not null, fact jsonb not null)`,
      ]);
      const { rows } = await pool.query<{ fact: ReferenceFact }>(`select fact from "${schema}".reference_facts order by seq`);
      for (const { fact } of rows) this.applyOnce(fact);
    })();
    this.messaging.registerConsumer({
      schema,
      handler: this,
      sources: ['intake'],
      contracts: INTAKE_CONTRACTS,
      onlyHostedSourcesWhenEmbedded: true,
    });
  }

  /** The book as this process knows it now (after the stored changes are loaded). */
  async current(): Promise<ReferenceBook> {
    await this.ready;
    return this.book;
  }

  /** Intake's own changes, applied as soon as they are recorded (the published copy then changes nothing). */
  recorded(facts: readonly ReferenceFact[]): void {
    for (const fact of facts) this.applyOnce(fact);
  }

  async handle(event: IntegrationEvent, tx?: PoolClient): Promise<void> {
    await this.ready;
    const fact = referenceFactOf(event);
    const store = (client: PoolClient) =>
      client.query(`insert into "${this.schema}".reference_facts (event_id, fact) values ($1, $2) on conflict (event_id) do nothing`, [
        event.eventId,
        JSON.stringify(fact),
      ]);
    if (tx) await store(tx);
    else if (this.pool) await withPooledClient(this.pool, store);
    this.applyOnce(fact);
  }

  private applyOnce(fact: ReferenceFact): void {
    const identity = identityOf(fact);
    if (this.applied.has(identity)) return;
    this.applied.add(identity);
    this.book.apply(fact);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.end();
  }
}
