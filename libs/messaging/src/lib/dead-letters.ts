import type { Pool } from 'pg';
import { DEAD_LETTER_HEADERS, deadLetterTopicOf } from '@perheverkko/contracts';
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

/** Embedded mode: a table beside the consumer's other tables, so dead letters survive a restart too. */
export class PostgresDeadLetters implements DeadLetterSink {
  private constructor(
    private readonly pool: Pool,
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
    ]);
    return new PostgresDeadLetters(pool, `"${schema}".dead_letters`);
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
}
