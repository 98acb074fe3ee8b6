import { Body, ConflictException, Controller, Get, HttpCode, NotFoundException, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessLogHost, type AuthenticatedRequest } from '@perheverkko/access';
import { ApiJsonAnswer, ApiProblems, Roles, invalidField } from '@perheverkko/http';
import { originalOf, redactedPayload, type ReplayOutcome, type StoredDeadLetter } from '@perheverkko/messaging';
import { messageOf } from '@perheverkko/decider';
import { MessagingHost, type DeadLetterShelf } from './messaging-host';
import {
  DEAD_LETTER,
  DEAD_LETTERS,
  DeadLetterListQuery,
  KAFKA_REPLAYS,
  KafkaReplaysDto,
  REPLAY,
  ReplayDto,
  SCHEMA,
  sourceTopicOf,
} from './dead-letters.dto';
import { ReplayTrail, type ReplayedLetter } from './replay-log';

const idOf = (letter: Pick<StoredDeadLetter, 'schema' | 'id'>) => `${letter.schema}:${letter.id}`;

function summaryOf(letter: StoredDeadLetter) {
  return {
    id: idOf(letter),
    schema: letter.schema,
    number: letter.id,
    sourceTopic: letter.sourceTopic,
    consumer: letter.consumer,
    failedAt: letter.failedAt,
    error: letter.error,
    eventId: letter.eventId,
    eventType: letter.eventType,
    replayed: letter.replayed,
  };
}

/**
 * Dead letters of the embedded default (each consumer's `<schema>.dead_letters`), for administrators: list them, see
 * one without its personal data, and replay one, a range of a table or all of a topic through the consumer that set
 * them aside, once they can be handled. Idempotent twice over: a replayed letter is skipped unless `again`, and the
 * consumer recognises an event it handled (`duplicate`). Each replay is logged (ReplayTrail): in the access log before
 * it runs and with its outcome after, then as a log line. On Kafka the letters are `<topic>.dlq`, replayed by
 * `perheverkko dead-letters`, which records its replays here (POST kafka-replays): only an administrator may make them.
 */
@ApiTags('dead letters')
@ApiBearerAuth()
@Controller('admin/dead-letters')
export class DeadLettersController {
  constructor(
    private readonly messaging: MessagingHost,
    private readonly accessLog: AccessLogHost,
  ) {}

  private shelves(): DeadLetterShelf[] {
    const shelves = this.messaging.deadLetterShelves();
    if (!shelves)
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        rule: 'dead-letters-on-kafka',
        message: 'this process runs on Kafka: its dead letters are <topic>.dlq; use `perheverkko dead-letters list` and `replay`',
      });
    return shelves;
  }

  private async letters(topic?: string): Promise<Array<{ shelf: DeadLetterShelf; letter: StoredDeadLetter }>> {
    const found: Array<{ shelf: DeadLetterShelf; letter: StoredDeadLetter }> = [];
    for (const shelf of this.shelves())
      for (const letter of await shelf.letters.list(shelf.consumer))
        if (!topic || letter.sourceTopic === sourceTopicOf(topic)) found.push({ shelf, letter });
    return found;
  }

  @Get()
  @ApiJsonAnswer(DEAD_LETTERS)
  @ApiProblems(400, 409)
  @ApiOperation({ summary: 'Dead letters of the embedded consumers: where and why each failed, whether replayed (no payload)' })
  @Roles('administrator')
  async list(@Query() query: DeadLetterListQuery) {
    return (await this.letters(query.topic)).map(({ letter }) => summaryOf(letter));
  }

  @Get(':schema/:number')
  @ApiJsonAnswer(DEAD_LETTER)
  @ApiProblems(400, 404, 409)
  @ApiOperation({ summary: 'One dead letter with its headers and error, its payload with sealed values left sealed' })
  @Roles('administrator')
  async show(@Param('schema') schema: string, @Param('number') number: string) {
    if (!SCHEMA.test(schema)) throw invalidField('schema', 'a schema name, as in the letter id before the colon');
    if (!/^\d{1,15}$/.test(number)) throw invalidField('number', 'a whole number, as in the letter id after the colon');
    const found = (await this.letters()).find(({ letter }) => letter.schema === schema && letter.id === Number(number));
    if (!found) throw new NotFoundException(`no dead letter ${schema}:${number}; GET /admin/dead-letters lists them`);
    return { ...summaryOf(found.letter), headers: found.letter.headers, payload: redactedPayload(found.letter.value) };
  }

  @Post('replay')
  @HttpCode(200)
  @ApiJsonAnswer(REPLAY, 'What each replay made of its letter, and the letters skipped as replayed before')
  @ApiProblems(400, 404, 409)
  @ApiOperation({ summary: 'Replay one dead letter, a range of a table, or all of a topic, through the consumer that set it aside' })
  @Roles('administrator')
  async replay(@Body() body: ReplayDto, @Req() request: AuthenticatedRequest) {
    const chosen = await this.choose(body);
    const { user } = request;
    const replayed: Array<{ id: string; sourceTopic: string; outcome: ReplayOutcome }> = [];
    const skipped: Array<{ id: string; replayedAt: string; by: string }> = [];
    const trail = new ReplayTrail(this.accessLog, user, body.reason);
    for (const { shelf, letter } of chosen) {
      const claimed = await shelf.letters.claim(letter.id, user.id, body.again === true);
      if (!claimed) {
        const latest = (await shelf.letters.list(shelf.consumer)).find((l) => l.id === letter.id);
        skipped.push({ id: idOf(letter), replayedAt: latest?.replayed?.at ?? '', by: latest?.replayed?.by ?? '' });
        continue;
      }
      const named: ReplayedLetter = {
        letter: idOf(letter),
        eventId: letter.eventId,
        eventType: letter.eventType,
        to: letter.sourceTopic,
        through: letter.consumer,
        caseId: letter.key,
      };
      await trail.before(named);
      let outcome: ReplayOutcome;
      try {
        outcome = await shelf.processor.process(originalOf(claimed));
      } catch (error) {
        outcome = `failed: ${messageOf(error).slice(0, 200)}`;
      }
      await shelf.letters.recordOutcome(letter.id, outcome);
      await trail.after(named, outcome);
      replayed.push({ id: idOf(letter), sourceTopic: letter.sourceTopic, outcome });
    }
    return { replayed, skipped };
  }

  @Post('kafka-replays')
  @HttpCode(200)
  @ApiJsonAnswer(KAFKA_REPLAYS, 'Who the replays are recorded as, and how many access log entries were written')
  @ApiProblems(400)
  @ApiOperation({
    summary: 'Record replays of <topic>.dlq letters that `perheverkko dead-letters replay` makes on Kafka (administrators)',
    description:
      'The CLI asks before it publishes (no outcome: only an administrator may go on, and the access log says so first) ' +
      'and after (outcome: published, or failed: why). Each letter is an access log entry, and afterwards a log line.',
  })
  @Roles('administrator')
  async recordKafkaReplays(@Body() body: KafkaReplaysDto, @Req() request: AuthenticatedRequest) {
    const trail = new ReplayTrail(this.accessLog, request.user, body.reason);
    for (const letter of body.letters) {
      const named: ReplayedLetter = {
        letter: `${letter.topic}/${letter.partition}/${letter.offset}`,
        eventId: letter.eventId ?? null,
        eventType: letter.eventType ?? null,
        to: letter.to,
        caseId: letter.caseId ?? null,
      };
      await (body.outcome === undefined ? trail.before(named) : trail.after(named, body.outcome));
    }
    return { by: request.user.id, recorded: body.letters.length };
  }

  /** The letters a replay names: one, a range of one table, or all of a topic; exactly one of them, each checked. */
  private async choose(body: ReplayDto): Promise<Array<{ shelf: DeadLetterShelf; letter: StoredDeadLetter }>> {
    const ways = [body.number !== undefined, body.from !== undefined || body.to !== undefined, body.all === true].filter(Boolean).length;
    if (ways !== 1) throw invalidField('number', 'say which letters: schema and number, schema with from and to, or topic with all');
    if (body.all && !body.topic) throw invalidField('topic', 'required with all');
    if (!body.all && !body.schema) throw invalidField('schema', 'required with number, or from and to');
    if ((body.from === undefined) !== (body.to === undefined)) throw invalidField('to', 'from and to go together');
    if (body.from !== undefined && body.to !== undefined && body.from > body.to) throw invalidField('from', 'must not be after to');
    const [first, last] = body.number !== undefined ? [body.number, body.number] : [body.from ?? 0, body.to ?? 0];
    const chosen = (await this.letters(body.topic)).filter(
      ({ letter }) => body.all || (letter.schema === body.schema && letter.id >= first && letter.id <= last),
    );
    if (chosen.length === 0) throw new NotFoundException('no dead letter there; GET /admin/dead-letters lists them');
    return chosen;
  }
}
