import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { ContractRegistry, type EventContract, type IntegrationEvent } from '@perheverkko/contracts';
import type { EventStore, NewEvent } from '@perheverkko/event-store';
import type { IntegrationEventHandler } from '../lib/message-processor';

/** A published test event: step `seq` of a case, so per-case order can be checked from the effects. */
export function stepRecordedContract(topic: string): EventContract {
  return {
    type: 'StepRecorded',
    topic,
    version: 2,
    schema: {
      type: 'object',
      required: ['seq', 'note'],
      additionalProperties: false,
      properties: { seq: { type: 'integer', minimum: 0 }, note: { type: 'string' } },
    },
    upcasters: { 1: (data) => ({ seq: (data as { n: number }).n, note: '' }) },
  };
}

export function registryFor(topic: string): ContractRegistry {
  return new ContractRegistry([stepRecordedContract(topic)]);
}

export function stepEvent(caseId: string, seq: number, type = 'StepRecorded'): NewEvent {
  return {
    type,
    data: { seq, note: `step ${seq}` },
    metadata: {
      eventId: randomUUID(),
      caseId,
      correlationId: randomUUID(),
      causationId: randomUUID(),
      actor: { id: 'backbone-test', role: 'system', organisation: 'perheverkko' },
      occurredAt: '2026-11-23T10:00:00.000Z',
      // Stored at the contract's current version (relays upcast older stored versions on the way out).
      schemaVersion: 2,
    },
  };
}

/** Appends `perCase` steps for each of `cases` cases, interleaved across cases; returns the case ids. */
export async function appendSteps(store: EventStore, cases: number, perCase: number, category = 'Plan'): Promise<string[]> {
  const caseIds = Array.from({ length: cases }, () => randomUUID());
  for (let seq = 0; seq < perCase; seq++) {
    await Promise.all(
      caseIds.map((caseId) =>
        store.appendToStream(`${category}-${caseId}`, [stepEvent(caseId, seq)], { expectedRevision: seq === 0 ? 'no_stream' : seq - 1 }),
      ),
    );
  }
  return caseIds;
}

/** Records each handled step in `effects`; refuses a step that arrives out of its case's order. */
export class StepEffects implements IntegrationEventHandler {
  readonly handles = ['StepRecorded'];
  private readonly table: string;

  constructor(
    readonly consumer: string,
    private readonly schema: string,
  ) {
    this.table = `"${schema}".effects`;
  }

  async install(pool: Pool): Promise<void> {
    await pool.query(`create schema if not exists "${this.schema}"`);
    await pool.query(`create table if not exists ${this.table} (
      handled_order bigint generated always as identity,
      event_id uuid not null,
      case_id text not null,
      seq integer not null)`);
  }

  async handle(event: IntegrationEvent, tx: PoolClient): Promise<void> {
    const { seq } = event.data as { seq: number };
    const { rows } = await tx.query<{ last: number | null }>(`select max(seq) as last from ${this.table} where case_id = $1`, [
      event.caseId,
    ]);
    const expected = (rows[0].last ?? -1) + 1;
    if (seq !== expected) throw new Error(`case ${event.caseId}: step ${seq} arrived but ${expected} was next`);
    await tx.query(`insert into ${this.table} (event_id, case_id, seq) values ($1, $2, $3)`, [event.eventId, event.caseId, seq]);
  }

  async count(pool: Pool): Promise<{ effects: number; distinctEvents: number }> {
    const { rows } = await pool.query<{ effects: number; distinct_events: number }>(
      `select count(*)::int as effects, count(distinct event_id)::int as distinct_events from ${this.table}`,
    );
    return { effects: rows[0].effects, distinctEvents: rows[0].distinct_events };
  }
}

export async function until(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export const uniqueName = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 10)}`;

/**
 * The schemas a suite makes on a shared server, named as `uniqueName` names them and dropped together in its afterAll
 * (so also after a failing test): a run leaves nothing behind in the test database.
 */
export class ScratchSchemas {
  private readonly made = new Set<string>();

  /** A fresh schema name, remembered to be dropped. */
  name(prefix: string): string {
    const schema = uniqueName(prefix);
    this.made.add(schema);
    return schema;
  }

  /** Remembers a schema named otherwise. */
  add(schema: string): string {
    this.made.add(schema);
    return schema;
  }

  async drop(pool: Pool): Promise<void> {
    for (const schema of this.made) await pool.query(`drop schema if exists "${schema}" cascade`);
    this.made.clear();
  }

  /** Drops them through a pool of its own, for a suite whose connections are gone or were never its own. */
  async dropAt(connectionString: string): Promise<void> {
    const pool = new Pool({ connectionString, max: 1 });
    try {
      await this.drop(pool);
    } finally {
      await pool.end();
    }
  }
}
