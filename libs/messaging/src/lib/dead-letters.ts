import type { Pool } from 'pg';
import { DEAD_LETTER_HEADERS, HEADERS, deadLetterTopicOf } from '@perheverkko/contracts';
import { isRecord } from '@perheverkko/decider';
import { migrate } from '@perheverkko/event-store';
import type { MessagePublisher, TransportMessage } from './messages';

export interface DeadLetterSink {
  /** Keeps the original bytes and headers, with why and where it failed. */
  send(message: TransportMessage, error: Error, consumer: string): Promise<void>;
}

export function deadLetterOf(message: TransportMessage, error: Error, consumer: string): TransportMessage {
  return {
    topic: deadLetterTopicOf(message.topic),
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      [DEAD_LETTER_HEADERS.error]: error.message.slice(0, 2000),
      [DEAD_LETTER_HEADERS.consumer]: consumer,
      [DEAD_LETTER_HEADERS.failedAt]: new Date().toISOString(),
      [DEAD_LETTER_HEADERS.sourceTopic]: message.topic,
      ...(message.partition === undefined ? {} : { [DEAD_LETTER_HEADERS.sourcePartition]: String(message.partition) }),
      ...(message.offset === undefined ? {} : { [DEAD_LETTER_HEADERS.sourceOffset]: message.offset }),
    },
  };
}

/** Distributed mode: `<topic>.dlq` on the same broker. */
export class KafkaDeadLetters implements DeadLetterSink {
  constructor(private readonly publisher: MessagePublisher) {}

  async send(message: TransportMessage, error: Error, consumer: string): Promise<void> {
    await this.publisher.publish([deadLetterOf(message, error, consumer)]);
  }
}

/** What a replay made of a letter: the consumer's outcome (`duplicate`: it had handled the event already), or why it failed. */
export type ReplayOutcome = 'handled' | 'duplicate' | 'ignored' | 'dead-lettered' | `failed: ${string}`;

/** A dead letter kept in a consumer's table (embedded default), with what replays made of it. */
export interface StoredDeadLetter {
  /** Unique in its table (`<schema>.dead_letters`): `<schema>:<id>` names it across the process. */
  id: number;
  schema: string;
  /** Where it was consumed from, and by which consumer. */
  sourceTopic: string;
  consumer: string;
  failedAt: string;
  error: string;
  eventId: string | null;
  eventType: string | null;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  replayed: { at: string; by: string; outcome: string | null; times: number } | null;
}

/** The message as its consumer first received it: the original headers, without the dead-letter ones. */
export function originalOf(letter: Pick<StoredDeadLetter, 'sourceTopic' | 'key' | 'value' | 'headers'>): TransportMessage {
  const dlq = new Set<string>(Object.values(DEAD_LETTER_HEADERS));
  const headers = Object.fromEntries(Object.entries(letter.headers).filter(([name]) => !dlq.has(name)));
  return { topic: letter.sourceTopic, key: letter.key, value: letter.value, headers };
}

/**
 * A letter's payload as an operator may see it: JSON with every sealed value (`{"$sealed":1,…}`, personal data under
 * its case key) shown as "[sealed]", never opened; bytes that are not JSON only counted.
 */
export function redactedPayload(value: Buffer | null): unknown {
  if (value === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    return { notJson: true, bytes: value.length };
  }
  const redact = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(redact);
    if (!isRecord(node)) return node;
    if (node.$sealed === 1) return '[sealed]';
    return Object.fromEntries(Object.entries(node).map(([name, inner]) => [name, redact(inner)]));
  };
  return redact(parsed);
}

interface DeadLetterRow {
  id: string;
  topic: string;
  message_key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  dead_lettered_at: Date;
  replayed_at: Date | null;
  replayed_by: string | null;
  replay_outcome: string | null;
  replays: number;
}

/** Embedded mode: a table beside the consumer's other tables, so dead letters survive a restart too. */
export class PostgresDeadLetters implements DeadLetterSink {
  private constructor(
    private readonly pool: Pool,
    readonly schema: string,
    private readonly table: string,
  ) {}

  static async open(pool: Pool, schema: string): Promise<PostgresDeadLetters> {
    await migrate(pool, `perheverkko.dead_letters.${schema}`, [
      `create schema if not exists "${schema}"`,
      `create table if not exists "${schema}".dead_letters (
        id bigint generated always as identity primary key,
        topic text not null,
        message_key text,
        value bytea,
        headers jsonb not null,
        dead_lettered_at timestamptz not null default now())`,
      // The last replay of each letter (who, when, what it made of it) and how many there were: a replay is
      // skipped once recorded, unless asked again; the access log keeps every one.
      `alter table "${schema}".dead_letters add column if not exists replayed_at timestamptz`,
      `alter table "${schema}".dead_letters add column if not exists replayed_by text`,
      `alter table "${schema}".dead_letters add column if not exists replay_outcome text`,
      `alter table "${schema}".dead_letters add column if not exists replays integer not null default 0`,
    ]);
    return new PostgresDeadLetters(pool, schema, `"${schema}".dead_letters`);
  }

  async send(message: TransportMessage, error: Error, consumer: string): Promise<void> {
    const letter = deadLetterOf(message, error, consumer);
    await this.pool.query(`insert into ${this.table} (topic, message_key, value, headers) values ($1, $2, $3, $4)`, [
      letter.topic,
      letter.key,
      letter.value,
      JSON.stringify(letter.headers),
    ]);
  }

  /** Every letter of this table set aside by `consumer`, oldest first. */
  async list(consumer: string): Promise<StoredDeadLetter[]> {
    const { rows } = await this.pool.query<DeadLetterRow>(
      `select * from ${this.table} where headers->>'${DEAD_LETTER_HEADERS.consumer}' = $1 order by id`,
      [consumer],
    );
    return rows.map((row) => this.letterOf(row));
  }

  /**
   * Claims a letter for a replay by `by`: answers it, recorded as replayed now, unless it was replayed before and
   * `again` is not set (undefined: skip it). Two replays at once cannot both claim a letter that was never replayed.
   */
  async claim(id: number, by: string, again: boolean): Promise<StoredDeadLetter | undefined> {
    const { rows } = await this.pool.query<DeadLetterRow>(
      `update ${this.table} set replayed_at = now(), replayed_by = $2, replay_outcome = null, replays = replays + 1
        where id = $1 and (replayed_at is null or $3) returning *`,
      [id, by, again],
    );
    return rows[0] && this.letterOf(rows[0]);
  }

  async recordOutcome(id: number, outcome: ReplayOutcome): Promise<void> {
    await this.pool.query(`update ${this.table} set replay_outcome = $2 where id = $1`, [id, outcome.slice(0, 500)]);
  }

  private letterOf(row: DeadLetterRow): StoredDeadLetter {
    const header = (name: string): string | undefined => row.headers[name];
    return {
      id: Number(row.id),
      schema: this.schema,
      sourceTopic: header(DEAD_LETTER_HEADERS.sourceTopic) ?? row.topic.replace(/\.dlq$/, ''),
      consumer: header(DEAD_LETTER_HEADERS.consumer) ?? '?',
      failedAt: header(DEAD_LETTER_HEADERS.failedAt) ?? row.dead_lettered_at.toISOString(),
      error: (header(DEAD_LETTER_HEADERS.error) ?? '').slice(0, 300),
      eventId: header(HEADERS.eventId) ?? null,
      eventType: header(HEADERS.eventType) ?? null,
      key: row.message_key,
      value: row.value,
      headers: row.headers,
      replayed: row.replayed_at
        ? { at: row.replayed_at.toISOString(), by: row.replayed_by ?? '?', outcome: row.replay_outcome, times: row.replays }
        : null,
    };
  }
}
