import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ListOf, OptionalText, S, WholeNumber, namedSchema } from '@perheverkko/http';

export const TOPIC = /^[a-z][a-z0-9_-]*\.(events|audit)\.v\d+(\.dlq)?$/;
export const SCHEMA = /^[a-z][a-z0-9_]{0,62}$/;
export const sourceTopicOf = (topic: string) => topic.replace(/\.dlq$/, '');

const LETTER_FIELDS = {
  id: S.string({ example: 'reporting:17', description: '`<schema>:<n>`: the consumer’s table and the letter’s number in it' }),
  schema: S.string(),
  number: S.integer(),
  sourceTopic: S.string({ example: 'intake.events.v1' }),
  consumer: S.string(),
  failedAt: S.instant(),
  error: S.string(),
  eventId: S.nullable(S.string()),
  eventType: S.nullable(S.string()),
  replayed: S.nullable(
    S.object(
      {
        at: S.instant(),
        by: S.string(),
        outcome: S.nullable(S.string({ description: 'handled, duplicate (had been handled), ignored, dead-lettered (again), failed: …' })),
        times: S.integer(),
      },
      ['at', 'by', 'outcome', 'times'],
    ),
  ),
};
const LETTER_REQUIRED = Object.keys(LETTER_FIELDS);
export const DEAD_LETTERS = namedSchema('DeadLetters', S.array(S.object(LETTER_FIELDS, LETTER_REQUIRED)));
export const DEAD_LETTER = namedSchema(
  'DeadLetter',
  S.object(
    {
      ...LETTER_FIELDS,
      headers: S.map(S.string(), { description: 'the original headers and the dead-letter ones (dlq-error, dlq-consumer, …)' }),
      payload: { description: 'the message as JSON, every sealed (personal) value shown as "[sealed]", never opened' },
    },
    [...LETTER_REQUIRED, 'headers', 'payload'],
  ),
);
export const REPLAY = namedSchema(
  'DeadLetterReplay',
  S.object(
    {
      replayed: S.array(S.object({ id: S.string(), sourceTopic: S.string(), outcome: S.string() }, ['id', 'sourceTopic', 'outcome'])),
      skipped: S.array(
        S.object({ id: S.string(), replayedAt: S.instant(), by: S.string() }, ['id', 'replayedAt', 'by'], {
          description: 'replayed before: sent again only with `again`',
        }),
      ),
    },
    ['replayed', 'skipped'],
  ),
);

export class DeadLetterListQuery {
  @ApiPropertyOptional({ description: 'a source topic (intake.events.v1) or its .dlq' })
  @Matches(TOPIC, { message: 'a topic such as intake.events.v1 or intake.events.v1.dlq' })
  @IsOptional()
  topic?: string;
}

export class ReplayDto {
  @ApiPropertyOptional({ description: 'the topic whose letters are replayed (source or .dlq): required with `all`' })
  @Matches(TOPIC, { message: 'a topic such as intake.events.v1 or intake.events.v1.dlq' })
  @IsOptional()
  topic?: string;

  @ApiPropertyOptional({ description: 'the consumer’s table (`<schema>` of the letter id): required with `number` or `from`/`to`' })
  @Matches(SCHEMA, { message: 'a schema name, as in the letter id before the colon' })
  @IsOptional()
  schema?: string;

  @ApiPropertyOptional({ description: 'one letter: its number in the table' })
  @Max(Number.MAX_SAFE_INTEGER)
  @Min(1)
  @IsInt()
  @IsOptional()
  number?: number;

  @ApiPropertyOptional({ description: 'a range of the table: first number' })
  @Max(Number.MAX_SAFE_INTEGER)
  @Min(1)
  @IsInt()
  @IsOptional()
  from?: number;

  @ApiPropertyOptional({ description: 'a range of the table: last number (inclusive)' })
  @Max(Number.MAX_SAFE_INTEGER)
  @Min(1)
  @IsInt()
  @IsOptional()
  to?: number;

  @ApiPropertyOptional({ description: 'every letter of `topic`' })
  @IsBoolean()
  @IsOptional()
  all?: boolean;

  @ApiPropertyOptional({ description: 'also letters replayed before (the consumer recognises an event it handled)' })
  @IsBoolean()
  @IsOptional()
  again?: boolean;

  @OptionalText(300, { description: 'why (a ticket, the fix deployed): kept in the access log with each replay' })
  reason?: string;
}

const DLQ_TOPIC = /^[a-z][a-z0-9_-]*\.(events|audit)\.v\d+\.dlq$/;

/** A letter of a `<topic>.dlq` on Kafka that the CLI replays (or has replayed): where it lies, what it carries. */
export class KafkaLetterDto {
  @ApiProperty({ example: 'intake.events.v1.dlq' })
  @Matches(DLQ_TOPIC, { message: 'a dead-letter topic such as intake.events.v1.dlq' })
  topic!: string;

  @WholeNumber(0, 100_000)
  partition!: number;

  @ApiProperty({ example: '17' })
  @Matches(/^\d{1,19}$/, { message: 'an offset: a whole number as a string' })
  offset!: string;

  @ApiProperty({ example: 'intake.events.v1', description: 'the source topic it is published to again' })
  @Matches(TOPIC, { message: 'a topic such as intake.events.v1' })
  to!: string;

  @ApiPropertyOptional({ description: 'the event id of its event-id header' })
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'an event id' })
  @IsOptional()
  eventId?: string;

  @ApiPropertyOptional({ example: 'ConcernRegistered' })
  @Matches(/^[A-Za-z][A-Za-z0-9]{0,79}$/, { message: 'an event type' })
  @IsOptional()
  eventType?: string;

  @ApiPropertyOptional({ description: 'the case the message is keyed by: the access log entry names it' })
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'a case id' })
  @IsOptional()
  caseId?: string;
}

/** Replays the CLI makes on Kafka, recorded before (no outcome) and after (outcome) it publishes them. */
export class KafkaReplaysDto {
  @ListOf(KafkaLetterDto, { min: 1, max: 1000 })
  letters!: KafkaLetterDto[];

  @ApiPropertyOptional({ description: 'absent: about to publish them; after: published, or failed: why' })
  @Matches(/^(published|failed: [^\n]{1,200})$/, { message: 'published, or failed: followed by why' })
  @IsOptional()
  outcome?: string;

  @OptionalText(300, { description: 'why (a ticket, the fix deployed): kept in the access log with each replay' })
  reason?: string;
}

export const KAFKA_REPLAYS = namedSchema(
  'DeadLetterKafkaReplays',
  S.object(
    {
      by: S.string({ description: 'the administrator, as the replay log and the access log name them' }),
      recorded: S.integer({ description: 'access log entries written' }),
    },
    ['by', 'recorded'],
  ),
);
