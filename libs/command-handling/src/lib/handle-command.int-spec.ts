import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DomainRuleViolation } from '@perheverkko/decider';
import { exampleConcernDecider, specMetadata, type ExampleCommand } from '@perheverkko/decider/testing';
import {
  PostgresEventStore,
  StreamRevisionConflictError,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
  type RecordedEvent,
} from '@perheverkko/event-store';
import { assertKeyNotReusedIn, handleCommand, type PersonalDataProtection } from './handle-command';
import { IdempotencyKeyReused } from './idempotency';

// The loop runs against a real store (embedded PostgreSQL), so conflicts and retries are the store's own.
let embedded: EmbeddedPostgres;
let pool: Pool;
let store: PostgresEventStore;

beforeAll(async () => {
  embedded = await startEmbeddedPostgres();
  pool = new Pool({ connectionString: embedded.connectionString, max: 6 });
  store = await PostgresEventStore.open({ pool, schema: 'command_handling_spec' });
}, 60_000);

afterAll(async () => {
  await store.close();
  await pool.end();
  await embedded.stop();
});

function command(type: ExampleCommand['type'], data: object, caseId: string, commandId = randomUUID()): ExampleCommand {
  return {
    type,
    data,
    metadata: specMetadata(
      '2026-11-23T09:00:00.000Z',
      { id: 'w1', organisation: 'Koulu' },
      { commandId, caseId, correlationId: randomUUID() },
    ),
  } as ExampleCommand;
}

const handle = (cmd: ExampleCommand, maxAttempts?: number) =>
  handleCommand({ store, decider: exampleConcernDecider, streamId: `Concern-${cmd.metadata.caseId}`, command: cmd, maxAttempts });

describe('handleCommand', () => {
  describe('when the stream is new', () => {
    it('should append the decided events with metadata derived from the command', async () => {
      const caseId = randomUUID();
      const cmd = command('RaiseConcern', { zone: 2 }, caseId);
      const outcome = await handle(cmd);
      expect(outcome).toMatchObject({ revision: 0, alreadyHandled: false, state: { status: 'open', zone: 2 } });
      const [stored] = await store.readStream(`Concern-${caseId}`);
      expect(stored.metadata).toMatchObject({
        caseId,
        causationId: cmd.metadata.commandId,
        correlationId: cmd.metadata.correlationId,
        occurredAt: '2026-11-23T09:00:00.000Z',
        schemaVersion: 1,
        actor: cmd.metadata.actor,
      });
    });
  });

  describe('when the same command is sent again', () => {
    it('should append nothing and answer as before, even after the stream moved on', async () => {
      const caseId = randomUUID();
      const raise = command('RaiseConcern', { zone: 2 }, caseId);
      await handle(raise);
      await handle(command('RateZone', { zone: 3 }, caseId));
      const again = await handle(raise);
      expect(again.alreadyHandled).toBe(true);
      expect(again.events).toEqual([{ type: 'ConcernRaised', data: { zone: 2, raisedAt: '2026-11-23T09:00:00.000Z' } }]);
      expect(await store.readStream(`Concern-${caseId}`)).toHaveLength(2);
    });

    it('should append once when the same command races itself', async () => {
      const caseId = randomUUID();
      const raise = command('RaiseConcern', { zone: 1 }, caseId);
      const outcomes = await Promise.all([handle(raise), handle(raise), handle(raise)]);
      expect(outcomes.filter((o) => !o.alreadyHandled)).toHaveLength(1);
      expect(await store.readStream(`Concern-${caseId}`)).toHaveLength(1);
    });
  });

  describe('when different commands race on one stream', () => {
    it('should re-read and decide again, so every command lands exactly once', async () => {
      const caseId = randomUUID();
      await handle(command('RaiseConcern', { zone: 2 }, caseId));
      const outcomes = await Promise.all([1, 2, 3, 4].map((zone) => handle(command('RateZone', { zone }, caseId), 10)));
      expect(outcomes.map((o) => o.revision).sort()).toEqual([1, 2, 3, 4]);
      const stream = await store.readStream(`Concern-${caseId}`);
      expect(stream.map((e) => e.streamRevision)).toEqual([0, 1, 2, 3, 4]);
    });

    it("should decide again for a person's request that sent no If-Match (the categories they read come with every request)", async () => {
      const caseId = randomUUID();
      await handle(command('RaiseConcern', { zone: 2 }, caseId));
      const seenBy = new Set(['concern']);
      const outcomes = await Promise.all(
        [1, 2, 3, 4].map((zone) =>
          handleCommand({
            store,
            decider: exampleConcernDecider,
            streamId: `Concern-${caseId}`,
            command: command('RateZone', { zone }, caseId),
            maxAttempts: 10,
            expectedRevision: { seenBy },
          }),
        ),
      );
      expect(outcomes.map((o) => o.revision).sort()).toEqual([1, 2, 3, 4]);
    });

    it('should give up with the conflict after the allowed attempts', async () => {
      const caseId = randomUUID();
      await handle(command('RaiseConcern', { zone: 2 }, caseId));
      const racing = [1, 2, 3, 4, 1, 2].map((zone) => handle(command('RateZone', { zone }, caseId), 1));
      const outcomes = await Promise.allSettled(racing);
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(refused.length).toBeGreaterThan(0);
      for (const r of refused) expect(r.reason).toBeInstanceOf(StreamRevisionConflictError);
    });
  });

  describe('when the caller already read the stream', () => {
    /** Handles `cmd` on the history the caller read, through a store that records each stream the loop reads. */
    const handleOn = async (history: RecordedEvent[], cmd: ExampleCommand) => {
      const reads: string[] = [];
      const counting = {
        readStream: (id: string) => (reads.push(id), store.readStream(id)),
        appendToStream: store.appendToStream.bind(store),
      };
      const outcome = await handleCommand({
        store: counting,
        decider: exampleConcernDecider,
        streamId: `Concern-${cmd.metadata.caseId}`,
        command: cmd,
        history,
      });
      return { outcome, reads };
    };

    it('should decide on that history without reading the stream again', async () => {
      const caseId = randomUUID();
      await handle(command('RaiseConcern', { zone: 2 }, caseId));
      const history = await store.readStream(`Concern-${caseId}`);
      const { outcome, reads } = await handleOn(history, command('RateZone', { zone: 3 }, caseId));
      expect(outcome).toMatchObject({ revision: 1, state: { zone: 3 } });
      expect(reads).toEqual([]);
    });

    it('should read afresh and decide again when that history was overtaken', async () => {
      const caseId = randomUUID();
      await handle(command('RaiseConcern', { zone: 2 }, caseId));
      const stale = await store.readStream(`Concern-${caseId}`);
      await handle(command('RateZone', { zone: 4 }, caseId));
      const { outcome, reads } = await handleOn(stale, command('RateZone', { zone: 1 }, caseId));
      expect(outcome.revision).toBe(2);
      expect(reads).toEqual([`Concern-${caseId}`]);
      expect((await store.readStream(`Concern-${caseId}`)).map((e) => e.streamRevision)).toEqual([0, 1, 2]);
    });
  });

  describe('when a rule refuses the command', () => {
    it('should append nothing and pass the violation on', async () => {
      const caseId = randomUUID();
      await expect(handle(command('RateZone', { zone: 2 }, caseId))).rejects.toBeInstanceOf(DomainRuleViolation);
      await expect(handle(command('RaiseConcern', { zone: 9 }, caseId))).rejects.toThrow(/zone must be 1–4/);
      expect(await store.readStream(`Concern-${caseId}`)).toEqual([]);
    });
  });

  describe('when the decision is to do nothing', () => {
    it('should append nothing and report the current revision', async () => {
      const caseId = randomUUID();
      await handle(command('RaiseConcern', { zone: 2 }, caseId));
      await handle(command('CloseConcern', { reason: 'resolved' }, caseId));
      const outcome = await handle(command('CloseConcern', { reason: 'twice' }, caseId));
      expect(outcome).toMatchObject({ revision: 1, events: [], alreadyHandled: false });
    });
  });

  describe('when the stream holds events of an older schema version', () => {
    it('should upcast them as they are read, so the fold and the answer see the current shape', async () => {
      const caseId = randomUUID();
      const oldCommandId = randomUUID();
      // Version 1 of ConcernRaised stored the zone as a word; version 2 stores its number.
      await store.appendToStream(
        `Concern-${caseId}`,
        [
          {
            type: 'ConcernRaised',
            data: { zoneName: 'growing concern', raisedAt: '2026-01-01T00:00:00.000Z' },
            metadata: {
              eventId: randomUUID(),
              caseId,
              correlationId: 'c',
              causationId: oldCommandId,
              actor: { id: 'w0', role: 'professional', organisation: 'Neuvola' },
              occurredAt: '2026-01-01T00:00:00.000Z',
              schemaVersion: 1,
            },
          },
        ],
        { expectedRevision: 'no_stream' },
      );
      const zones: Record<string, number> = { 'no concern': 1, concern: 2, 'growing concern': 3, 'very worried': 4 };
      const upcasters = {
        ConcernRaised: {
          1: (data: unknown) => {
            const { zoneName, ...rest } = data as { zoneName: string };
            return { ...rest, zone: zones[zoneName] };
          },
        },
      };
      // Resending the old command answers from the stored history, upcast.
      const outcome = await handleCommand({
        store,
        decider: exampleConcernDecider,
        streamId: `Concern-${caseId}`,
        command: command('RaiseConcern', { zone: 3 }, caseId, oldCommandId),
        schemaVersions: { ConcernRaised: 2 },
        upcasters,
      });
      expect(outcome).toMatchObject({ alreadyHandled: true, state: { status: 'open', zone: 3, ratings: 1 } });
      expect(outcome.events).toEqual([{ type: 'ConcernRaised', data: { zone: 3, raisedAt: '2026-01-01T00:00:00.000Z' } }]);
    });

    it('should refuse to replay a version it has no upcaster for, naming it', async () => {
      const caseId = randomUUID();
      await handle(command('RaiseConcern', { zone: 2 }, caseId));
      await expect(
        handleCommand({
          store,
          decider: exampleConcernDecider,
          streamId: `Concern-${caseId}`,
          command: command('RateZone', { zone: 3 }, caseId),
          schemaVersions: { ConcernRaised: 2 },
        }),
      ).rejects.toThrow(/ConcernRaised v1 has no upcaster to v2/);
    });
  });

  describe('when a client Idempotency-Key is sent again', () => {
    const keyed = (cmd: ExampleCommand, caller = 'w1', operation = 'POST /concerns', request = 'sha256:a'): ExampleCommand =>
      ({
        ...cmd,
        metadata: { ...cmd.metadata, actor: { ...cmd.metadata.actor, id: caller }, idempotency: { operation, request } },
      }) as ExampleCommand;
    const refusal = async (attempt: Promise<unknown>) => {
      const error = await attempt.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(IdempotencyKeyReused);
      return error as IdempotencyKeyReused;
    };

    it('should answer a real retry (same caller, operation and request) as the first time, and record the fingerprint', async () => {
      const caseId = randomUUID();
      const first = keyed(command('RaiseConcern', { zone: 2 }, caseId));
      await handle(first);
      const again = await handle(first);
      expect(again).toMatchObject({ alreadyHandled: true, events: [{ type: 'ConcernRaised' }] });
      const stream = await store.readStream(`Concern-${caseId}`);
      expect(stream).toHaveLength(1);
      expect(stream[0].metadata.idempotency).toEqual({ operation: 'POST /concerns', request: 'sha256:a' });
    });

    it.each([
      ['caller', { caller: 'w2' }],
      ['operation', { operation: 'POST /concerns/:caseId/zone-ratings' }],
      ['request', { request: 'sha256:b' }],
    ] as const)(
      'should refuse the key reused with another %s, record nothing and give nothing of the first answer back',
      async (differs, change) => {
        const caseId = randomUUID();
        const commandId = randomUUID();
        await handle(keyed(command('RaiseConcern', { zone: 2 }, caseId, commandId)));
        const other = { caller: 'w1', operation: 'POST /concerns', request: 'sha256:a', ...change };
        const error = await refusal(
          handle(keyed(command('RaiseConcern', { zone: 3 }, caseId, commandId), other.caller, other.operation, other.request)),
        );
        expect([error.rule, error.kind, error.differs]).toEqual(['idempotency-key-reused', 'unprocessable', differs]);
        expect(error.message).toContain(commandId);
        expect(await store.readStream(`Concern-${caseId}`)).toHaveLength(1);
      },
    );

    it('should tell another caller only that the key is not theirs, never whether their request matched', async () => {
      const caseId = randomUUID();
      const commandId = randomUUID();
      await handle(keyed(command('RaiseConcern', { zone: 2 }, caseId, commandId)));
      const sameBody = await refusal(handle(keyed(command('RaiseConcern', { zone: 2 }, caseId, commandId), 'w2')));
      const otherBody = await refusal(handle(keyed(command('RaiseConcern', { zone: 2 }, caseId, commandId), 'w2', 'POST /x', 'sha256:z')));
      expect([sameBody.differs, otherBody.differs]).toEqual(['caller', 'caller']);
      expect(sameBody.message.replace(commandId, '')).toBe(otherBody.message.replace(commandId, ''));
    });

    it('should refuse the key reused on another stream (another case) instead of a conflict', async () => {
      const commandId = randomUUID();
      const first = randomUUID();
      const second = randomUUID();
      await handle(keyed(command('RaiseConcern', { zone: 2 }, first, commandId)));
      const error = await refusal(
        handle(keyed(command('RaiseConcern', { zone: 2 }, second, commandId), 'w1', 'POST /concerns', 'sha256:c')),
      );
      expect(error.differs).toBe('request');
      expect(await store.readStream(`Concern-${second}`)).toEqual([]);
    });

    it('should record one of two racing requests under one key and refuse the other', async () => {
      const caseId = randomUUID();
      const commandId = randomUUID();
      const outcomes = await Promise.allSettled(
        ['sha256:1', 'sha256:2', 'sha256:1', 'sha256:2'].map((request) =>
          handle(keyed(command('RaiseConcern', { zone: 2 }, caseId, commandId), 'w1', 'POST /concerns', request), 10),
        ),
      );
      const recorded = (await store.readStream(`Concern-${caseId}`))[0].metadata.idempotency?.request;
      expect(await store.readStream(`Concern-${caseId}`)).toHaveLength(1);
      outcomes.forEach((outcome, i) => {
        const request = i % 2 === 0 ? 'sha256:1' : 'sha256:2';
        if (request === recorded) expect(outcome.status).toBe('fulfilled');
        else expect(outcome.status === 'rejected' && outcome.reason).toBeInstanceOf(IdempotencyKeyReused);
      });
    });

    it('should compare only the caller for events recorded before fingerprints existed', async () => {
      const caseId = randomUUID();
      const commandId = randomUUID();
      await handle(command('RaiseConcern', { zone: 2 }, caseId, commandId));
      expect(await handle(keyed(command('RaiseConcern', { zone: 2 }, caseId, commandId)))).toMatchObject({ alreadyHandled: true });
      expect((await refusal(handle(keyed(command('RaiseConcern', { zone: 2 }, caseId, commandId), 'w2')))).differs).toBe('caller');
    });

    it('should seal the fingerprint when the events carry personal data, and compare it opened', async () => {
      const sealed = new Map<string, unknown>();
      const protection: PersonalDataProtection = {
        sealFields: async <T>(_caseId: string, data: T, paths: readonly string[]) => {
          const copy = { ...(data as Record<string, unknown>) };
          for (const path of paths) {
            const id = randomUUID();
            sealed.set(id, copy[path]);
            copy[path] = { $sealed: id };
          }
          return copy as T;
        },
        openFields: async <T>(_caseId: string, data: T) =>
          Object.fromEntries(
            Object.entries(data as Record<string, { $sealed?: string }>).map(([k, v]) => [k, v?.$sealed ? sealed.get(v.$sealed) : v]),
          ) as T,
      };
      const run = (cmd: ExampleCommand) =>
        handleCommand({
          store,
          decider: exampleConcernDecider,
          streamId: `Concern-${cmd.metadata.caseId}`,
          command: cmd,
          personalData: { protection, fields: { ConcernRaised: ['zone'] } },
        });
      const caseId = randomUUID();
      const commandId = randomUUID();
      await run(keyed(command('RaiseConcern', { zone: 2 }, caseId, commandId)));
      const [stored] = await store.readStream(`Concern-${caseId}`);
      expect(stored.metadata.idempotency?.request).toEqual({ $sealed: expect.any(String) });
      expect(await run(keyed(command('RaiseConcern', { zone: 2 }, caseId, commandId)))).toMatchObject({ alreadyHandled: true });
      expect(
        (await refusal(run(keyed(command('RaiseConcern', { zone: 2 }, caseId, commandId), 'w1', 'POST /concerns', 'sha256:other'))))
          .differs,
      ).toBe('request');
      await expect(
        assertKeyNotReusedIn(
          await store.readStream(`Concern-${caseId}`),
          keyed(command('RaiseConcern', {}, caseId, commandId), 'w1', 'POST /concerns', 'sha256:other').metadata,
          protection,
        ),
      ).rejects.toBeInstanceOf(IdempotencyKeyReused);
      await expect(
        assertKeyNotReusedIn(
          await store.readStream(`Concern-${caseId}`),
          keyed(command('RaiseConcern', {}, caseId, commandId)).metadata,
          protection,
        ),
      ).resolves.toBeUndefined();
    });
  });
});
