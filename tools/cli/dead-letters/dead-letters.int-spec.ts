import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { PoolClient } from 'pg';
import type { IntegrationEvent } from '@perheverkko/contracts';
import {
  KAFKA_CONNECTION_VARIABLES,
  KafkaConsumerRunner,
  KafkaDeadLetters,
  encodeIntegrationEvent,
  ensureTopics,
  type KafkaAdmin as Admin,
  type MessageProcessor,
} from '@perheverkko/messaging';
import { Module } from '@nestjs/common';
import { AccessLogHost } from '@perheverkko/access';
import { StepEffects, deadLetteringProcessor, onRealBroker, registryFor, until, type RealBroker } from '@perheverkko/messaging/testing';
import { PlatformModule } from '@perheverkko/platform';
import { onEmbeddedApp } from '@perheverkko/platform/testing';

const BIN = join(__dirname, '../perheverkko.js');
const databaseUrl = process.env.TEST_DATABASE_URL;
const skipReason = !process.env.KAFKA_BROKERS ? 'set KAFKA_BROKERS' : !databaseUrl ? 'set TEST_DATABASE_URL' : undefined;
if (skipReason) process.stderr.write(`skipped: perheverkko dead-letters on a real broker — ${skipReason}\n`);

// Read now: the API below runs without a broker, and takes KAFKA_BROKERS out of the environment while it runs.
const kafka = Object.fromEntries(KAFKA_CONNECTION_VARIABLES.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));

/** Where the API below listens, and its access log, once it runs. */
const api = { base: '', accessLog: undefined as unknown as AccessLogHost };

/** An API to sign in to and record replays in (its access log): the platform alone, as every service carries it. */
@Module({ imports: [PlatformModule] })
class ApiApp {}

/** The bin with the broker's connection settings, as the services have them, signed in to the API as `user`. */
function perheverkko(args: string[], user = 'pekka'): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [BIN, '--url', api.base, '--user', user, ...args],
      { env: { PATH: process.env.PATH ?? '', ...kafka }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    ),
  );
}

/** Counts steps in order; while `broken` (a bug not fixed yet) it refuses every one, so each becomes a dead letter. */
class BreakableTally extends StepEffects {
  broken = true;

  override async handle(event: IntegrationEvent, tx: PoolClient): Promise<void> {
    if (this.broken) throw new Error('the tally cannot count this step yet');
    await super.handle(event, tx);
  }
}

function step(caseId: string, seq: number, data: unknown = { seq, note: `step ${seq}` }): IntegrationEvent {
  return {
    eventId: randomUUID(),
    type: 'StepRecorded',
    version: 2,
    caseId,
    occurredAt: '2026-11-23T10:00:00.000Z',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    data,
  };
}

(skipReason ? describe.skip : describe)('perheverkko dead-letters on a real broker', () => {
  const suffix = randomBytes(4).toString('hex');
  const topic = `clispec${suffix}.events.v1`;
  const sealedTopic = `clispecsealed${suffix}.events.v1`;
  const dlq = `${topic}.dlq`;
  const cases = [randomUUID(), randomUUID()];
  let broker: RealBroker;
  let tally: BreakableTally;
  let processor: MessageProcessor;
  let admin: Admin;
  const { stoppers, schemas } = onRealBroker('cli-dead-letters-spec', databaseUrl, 4, (opened) => (broker = opened));
  onEmbeddedApp(ApiApp, { tempPrefix: 'cli-dead-letters', nest: { logger: ['error'], abortOnError: false } }, (served) => {
    api.base = served.base;
    api.accessLog = served.app.get(AccessLogHost);
  });

  /** The consumer group has committed everything on the source topic: every replayed letter has been consumed. */
  const consumedAll = async () => {
    const [committed] = await admin.fetchOffsets({ groupId: processor.consumer, topics: [topic] });
    const [end] = await admin.fetchTopicOffsets(topic);
    return committed?.partitions[0]?.offset === end.high;
  };

  beforeAll(async () => {
    admin = broker.kafka.admin();
    await admin.connect();
    stoppers.push(() => admin.disconnect());
    await ensureTopics(broker.kafka, [topic, sealedTopic], { partitions: 1 });
    const schema = schemas.name('cli_dead_letters');
    tally = new BreakableTally(`${schema}-steps`, schema);
    await tally.install(broker.pool);
    processor = await deadLetteringProcessor(broker.publisher, { pool: broker.pool, schema, registry: registryFor(topic), handler: tally });
    const runner = new KafkaConsumerRunner({ kafka: broker.kafka, topics: [topic], processor });
    await runner.start();
    stoppers.push(() => runner.stop());
    // Two cases of two steps each, interleaved: dead letters 0/0 (case 0, step 0), 0/1, 0/2 (case 0, step 1), 0/3.
    for (const seq of [0, 1])
      for (const caseId of cases) await broker.publisher.publish([encodeIntegrationEvent(topic, step(caseId, seq))]);
    await until(async () => (await admin.fetchTopicOffsets(dlq).catch(() => [{ high: '0' }]))[0].high === '4', 60_000, 'four dead letters');
    tally.broken = false;

    // A letter whose payload holds a sealed (personal) value, as a consumer set it aside.
    const sealed = { $sealed: 1, iv: 'aXYtb2YtdGhlLW5hbWU=', ct: 'c2VhbGVkLW5hbWUtb2YtdGhlLWNoaWxk' };
    await new KafkaDeadLetters(broker.publisher).send(
      { ...encodeIntegrationEvent(sealedTopic, step(cases[0], 0, { seq: 0, note: sealed })), partition: 0, offset: '0' },
      new Error('StepRecorded v2 does not match its schema'),
      'spec.consumer',
    );
  }, 120_000);

  it('should list the letters without their payload, and show one with its headers, its sealed values left sealed', async () => {
    const listed = await perheverkko(['dead-letters', 'list', '--topic', topic]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${dlq} 0/0`);
    expect(listed.stdout).toContain(`from ${topic} 0/3  consumer ${tally.consumer}  not replayed`);
    expect(listed.stdout).toContain('the tally cannot count this step yet');
    expect(listed.stdout).not.toContain(cases[0]);
    expect(listed.stdout).not.toContain('step 0');

    const shown = await perheverkko(['dead-letters', 'show', '--topic', sealedTopic, '--partition', '0', '--offset', '0']);
    expect(shown.code).toBe(0);
    const letter = JSON.parse(shown.stdout);
    expect(letter).toMatchObject({
      topic: `${sealedTopic}.dlq`,
      consumer: 'spec.consumer',
      error: 'StepRecorded v2 does not match its schema',
      headers: { 'event-type': 'StepRecorded', 'dlq-source-topic': sealedTopic },
      payload: { type: 'StepRecorded', data: { seq: 0, note: '[sealed]' } },
    });
    expect(shown.stdout + shown.stderr).not.toMatch(/c2VhbGVk|aXYtb2Y/);
  }, 60_000);

  it('should refuse a replay by a worker or an auditor (403 from the API), publishing nothing', async () => {
    const [before] = await admin.fetchTopicOffsets(topic);
    for (const user of ['terhi', 'aino']) {
      const refused = await perheverkko(['dead-letters', 'replay', '--topic', topic, '--partition', '0', '--offset', '0'], user);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('POST /admin/dead-letters/kafka-replays refused: 403');
      expect(refused.stdout).not.toContain('replayed');
    }
    expect((await admin.fetchTopicOffsets(topic))[0].high).toBe(before.high);
    expect((await perheverkko(['dead-letters', 'list', '--topic', topic])).stdout).toContain(`${dlq} 0/0 `);
    expect((await perheverkko(['dead-letters', 'replays', '--topic', topic])).stdout).toBe(`no replays of ${dlq}\n`);
  }, 60_000);

  it('should replay one, then a range, then all of the topic, skipping what was replayed; the consumer counts each step once', async () => {
    const one = await perheverkko([
      'dead-letters',
      'replay',
      '--topic',
      topic,
      '--partition',
      '0',
      '--offset',
      '0',
      '--reason',
      'tally fixed',
    ]);
    expect(one.stdout).toMatch(new RegExp(`^replayed ${dlq} 0/0 → ${topic} \\(StepRecorded [0-9a-f-]{36}\\)\\n1 replayed, 0 skipped`));
    const range = await perheverkko(['dead-letters', 'replay', '--topic', dlq, '--partition', '0', '--from', '0', '--to', '2']);
    expect(range.stdout).toContain(`skipped ${dlq} 0/0: replayed`);
    expect(range.stdout).toContain('2 replayed, 1 skipped');
    const all = await perheverkko(['dead-letters', 'replay', '--topic', topic, '--all']);
    expect(all.stdout).toContain(`replayed ${dlq} 0/3 → ${topic}`);
    expect(all.stdout).toContain('1 replayed, 3 skipped (already replayed)');
    const none = await perheverkko(['dead-letters', 'replay', '--topic', topic, '--all']);
    expect(none.stdout).toContain('0 replayed, 4 skipped');

    await until(async () => (await tally.count(broker.pool)).effects === 4 && (await consumedAll()), 60_000, 'four steps counted');
    expect(await tally.count(broker.pool)).toEqual({ effects: 4, distinctEvents: 4 });
  }, 180_000);

  it('should replay a letter again only when asked, which the consumer recognises: no second effect', async () => {
    const again = await perheverkko(['dead-letters', 'replay', '--topic', topic, '--partition', '0', '--offset', '1', '--again']);
    expect(again.stdout).toContain(`replayed ${dlq} 0/1 → ${topic}`);
    await until(consumedAll, 60_000, 'the replayed letter consumed');
    // Handled again, the step would have been refused (out of order) and set aside once more: neither happened.
    expect(await tally.count(broker.pool)).toEqual({ effects: 4, distinctEvents: 4 });
    expect((await admin.fetchTopicOffsets(dlq))[0].high).toBe('4');

    const json = JSON.parse((await perheverkko(['dead-letters', 'list', '--topic', topic, '--format', 'json'])).stdout) as Array<{
      offset: string;
      replayed?: { to: string; times: number };
    }>;
    expect(json.map((letter) => [letter.offset, letter.replayed?.to, letter.replayed?.times])).toEqual([
      ['0', topic, 1],
      ['1', topic, 2],
      ['2', topic, 1],
      ['3', topic, 1],
    ]);
  }, 120_000);

  it('should keep every replay in the replay log: who, when, which letter, to which topic', async () => {
    const log = await perheverkko(['dead-letters', 'replays', '--topic', topic]);
    expect(log.code).toBe(0);
    const lines = log.stdout.trim().split('\n');
    expect(lines.map((line) => line.split('  ')[1])).toEqual(['0/0', '0/1', '0/2', '0/3', '0/1'].map((id) => `${dlq} ${id} → ${topic}`));
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z {2}.* {2}event [0-9a-f-]{36} {2}by demo-pekka$/);
    expect((await perheverkko(['dead-letters', 'replays', '--topic', sealedTopic])).stdout).toBe(`no replays of ${sealedTopic}.dlq\n`);
  }, 60_000);

  it("should keep each replay in the API's access log, before and with its outcome, under the letter's case", async () => {
    const since = new Date(Date.now() - 3_600_000);
    const entries = (await api.accessLog.accessLog.forCase(cases[0], since)).filter((e) => e.what.includes(dlq));
    // Case 0's letters are 0/0 and 0/2; 0/0 was replayed once, with a reason.
    const first = entries.filter((e) => e.what.includes(`${dlq}/0/0 `));
    expect(first.map((e) => [e.actorId, e.action, e.what.replace(/ \(StepRecorded [0-9a-f-]{36}\)/, ''), e.purpose])).toEqual([
      ['demo-pekka', 'act', `replay of dead letter ${dlq}/0/0 to ${topic}`, 'tally fixed'],
      ['demo-pekka', 'act', `dead letter ${dlq}/0/0 to ${topic} replayed: published`, 'tally fixed'],
    ]);
    expect(entries.filter((e) => e.what.includes(`${dlq}/0/2 `)).map((e) => e.what.split(': ')[1] ?? 'before')).toEqual([
      'before',
      'published',
    ]);
    expect(entries.some((e) => e.actorId !== 'demo-pekka')).toBe(false);
  });
});
