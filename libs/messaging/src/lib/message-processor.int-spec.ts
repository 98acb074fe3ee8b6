import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@perheverkko/event-store';
import { encodeIntegrationEvent, type TransportMessage } from './messages';
import { MessageProcessor, type IntegrationEventHandler } from './message-processor';
import { PostgresDeadLetters } from './dead-letters';
import { StepEffects, registryFor, uniqueName } from '../testing/backbone-fixtures';
import { onEmbeddedPostgres } from '../testing/embedded-database';

const TOPIC = 'example.events.v1';
let pool: Pool;
onEmbeddedPostgres(3, (opened) => {
  pool = opened;
});

function stepMessage(caseId: string, seq: number, version = 2): TransportMessage {
  const data = version === 1 ? { n: seq } : { seq, note: `step ${seq}` };
  return encodeIntegrationEvent(TOPIC, {
    eventId: randomUUID(),
    type: 'StepRecorded',
    version,
    caseId,
    occurredAt: '2026-11-23T10:00:00.000Z',
    correlationId: 'corr',
    causationId: 'cause',
    data,
  });
}

async function setup(handler?: (effects: StepEffects) => IntegrationEventHandler, maxAttempts = 3) {
  const schema = uniqueName('consumer');
  const effects = new StepEffects('step-effects', schema);
  await effects.install(pool);
  const deadLetters = await PostgresDeadLetters.open(pool, schema);
  const processor = await MessageProcessor.open({
    pool,
    schema,
    registry: registryFor(TOPIC),
    handler: handler ? handler(effects) : effects,
    deadLetters,
    maxAttempts,
    retryDelayMs: 10,
  });
  const deadLettered = async () =>
    (
      await pool.query<{ headers: Record<string, string>; value: Buffer | null }>(
        `select headers, value from "${schema}".dead_letters order by id`,
      )
    ).rows;
  return { effects, processor, deadLettered };
}

describe('MessageProcessor', () => {
  describe('when an event arrives twice', () => {
    it('should have its effect once', async () => {
      const { effects, processor } = await setup();
      const message = stepMessage('case-a', 0);
      expect(await processor.process(message)).toBe('handled');
      expect(await processor.process(message)).toBe('duplicate');
      expect(await effects.count(pool)).toEqual({ effects: 1, distinctEvents: 1 });
    });
  });

  describe('when the handler is a policy writing to its own event store', () => {
    it('should call it outside the processed-record transaction, once per event', async () => {
      let calls = 0;
      const { processor } = await setup((effects) => ({
        consumer: effects.consumer,
        handles: effects.handles,
        effectsInOwnStore: true,
        handle: async (_event, tx) => {
          expect(tx).toBeUndefined();
          calls++;
        },
      }));
      const message = stepMessage('case-policy', 0);
      expect(await processor.process(message)).toBe('handled');
      expect(await processor.process(message)).toBe('duplicate');
      expect(calls).toBe(1);
    });
  });

  describe('when an event was written under an older schema version', () => {
    it('should upcast it and handle it like a current one', async () => {
      const { effects, processor } = await setup();
      expect(await processor.process(stepMessage('case-old', 0, 1))).toBe('handled');
      expect(await effects.count(pool)).toEqual({ effects: 1, distinctEvents: 1 });
    });
  });

  describe('when a message cannot be used', () => {
    it('should dead-letter unparseable bytes and an invalid payload with the error and the original bytes', async () => {
      const { effects, processor, deadLettered } = await setup();
      const garbage: TransportMessage = {
        topic: TOPIC,
        key: 'case-x',
        value: Buffer.from('not json at all'),
        headers: {},
        partition: 2,
        offset: '41',
      };
      const invalid = stepMessage('case-x', 0);
      invalid.value = Buffer.from(invalid.value!.toString().replace('"seq":0', '"seq":"zero"'));
      expect(await processor.process(garbage)).toBe('dead-lettered');
      expect(await processor.process(invalid)).toBe('dead-lettered');
      expect(await processor.process(stepMessage('case-x', 0))).toBe('handled');
      const letters = await deadLettered();
      expect(letters).toHaveLength(2);
      expect(letters[0].value?.toString()).toBe('not json at all');
      expect(letters[0].headers).toMatchObject({
        'dlq-error': expect.stringMatching(/not JSON/),
        'dlq-consumer': 'step-effects',
        'dlq-source-offset': '41',
      });
      expect(letters[1].headers['dlq-error']).toMatch(/data\/seq must be integer/);
      expect(await effects.count(pool)).toEqual({ effects: 1, distinctEvents: 1 });
    });

    it('should ignore event types the consumer does not handle', async () => {
      const { processor } = await setup((effects) => ({
        consumer: effects.consumer,
        handles: ['SomethingElse'],
        handle: effects.handle.bind(effects),
      }));
      expect(await processor.process(stepMessage('case-i', 0))).toBe('ignored');
    });
  });

  describe('when the handler fails', () => {
    it('should dead-letter after the allowed attempts when the failure is not transient, and roll back each attempt', async () => {
      let attempts = 0;
      const { effects, processor, deadLettered } = await setup((effects) => ({
        consumer: effects.consumer,
        handles: effects.handles,
        handle: async (event, tx) => {
          attempts++;
          await effects.handle(event, tx!);
          throw new Error('a rule in the handler refuses this event');
        },
      }));
      expect(await processor.process(stepMessage('case-f', 0))).toBe('dead-lettered');
      expect(attempts).toBe(3);
      expect(await effects.count(pool)).toEqual({ effects: 0, distinctEvents: 0 });
      expect((await deadLettered())[0].headers['dlq-error']).toBe('a rule in the handler refuses this event');
    });

    it('should keep retrying a transient failure (database unavailable) instead of dead-lettering', async () => {
      let attempts = 0;
      const { effects, processor, deadLettered } = await setup(
        (effects) => ({
          consumer: effects.consumer,
          handles: effects.handles,
          handle: async (event, tx) => {
            if (++attempts <= 5) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
            await effects.handle(event, tx!);
          },
        }),
        2,
      );
      expect(await processor.process(stepMessage('case-t', 0))).toBe('handled');
      expect(attempts).toBe(6);
      expect(await deadLettered()).toEqual([]);
      expect(await effects.count(pool)).toEqual({ effects: 1, distinctEvents: 1 });
    });
  });

  describe('when the database goes down while a message is being handled', () => {
    /** The outage database's folder (tens of MB): removed in afterAll as well, should the test be cut short. */
    let dataDir: string | undefined;
    afterAll(() => {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('should wait for it to come back and then handle the message once, without dead-lettering', async () => {
      const port = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port: free } = probe.address() as { port: number };
          probe.close(() => resolve(free));
        });
      });
      dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-outage-'));
      let database: EmbeddedPostgres | undefined = await startEmbeddedPostgres({ dataDir, port });
      const outagePool = new Pool({ connectionString: database.connectionString, max: 2 });
      outagePool.on('error', () => undefined);
      try {
        const schema = uniqueName('outage');
        const effects = new StepEffects('step-effects', schema);
        await effects.install(outagePool);
        const deadLetters = await PostgresDeadLetters.open(outagePool, schema);
        const retries: string[] = [];
        const processor = await MessageProcessor.open({
          pool: outagePool,
          schema,
          registry: registryFor(TOPIC),
          handler: effects,
          deadLetters,
          maxAttempts: 1,
          retryDelayMs: 20,
          onRetry: (error) => retries.push(error.message),
        });
        await database.stop();
        database = undefined;
        const processing = processor.process(stepMessage('case-outage', 0));
        await new Promise((resolve) => setTimeout(resolve, 800));
        // Back on the same port, with the same password: the pool's connection string signs in again.
        database = await startEmbeddedPostgres({ dataDir, port, password: new URL(outagePool.options.connectionString!).password });
        expect(await processing).toBe('handled');
        expect(retries.length).toBeGreaterThan(1);
        expect(await effects.count(outagePool)).toEqual({ effects: 1, distinctEvents: 1 });
        expect((await outagePool.query(`select count(*)::int as n from "${schema}".dead_letters`)).rows[0].n).toBe(0);
      } finally {
        // Each step on its own: a failure in one (a pool ending while the server is down) must not keep the folder.
        await outagePool.end().catch(() => undefined);
        await database?.stop().catch(() => undefined);
        rmSync(dataDir, { recursive: true, force: true });
        dataDir = undefined;
      }
    }, 180_000);
  });
});
