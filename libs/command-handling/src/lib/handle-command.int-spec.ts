import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DomainRuleViolation } from '@perheverkko/decider';
import { exampleConcernDecider, type ExampleCommand } from '@perheverkko/decider/testing';
import { PostgresEventStore, StreamRevisionConflictError, startEmbeddedPostgres, type EmbeddedPostgres } from '@perheverkko/event-store';
import { handleCommand } from './handle-command';

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
    metadata: {
      commandId,
      caseId,
      correlationId: randomUUID(),
      actor: { id: 'w1', role: 'professional', organisation: 'Koulu' },
      now: '2026-11-23T09:00:00.000Z',
    },
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
            metadata: { eventId: randomUUID(), caseId, correlationId: 'c', causationId: oldCommandId, actor: { id: 'w0', role: 'professional', organisation: 'Neuvola' }, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
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
        handleCommand({ store, decider: exampleConcernDecider, streamId: `Concern-${caseId}`, command: command('RateZone', { zone: 3 }, caseId), schemaVersions: { ConcernRaised: 2 } }),
      ).rejects.toThrow(/ConcernRaised v1 has no upcaster to v2/);
    });
  });
});
