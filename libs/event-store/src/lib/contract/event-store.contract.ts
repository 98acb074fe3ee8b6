import { EventIdReusedError, InvalidEventStoreArgumentError, StreamRevisionConflictError } from '../errors';
import type { EventStore } from '../event-store.port';
import { comparePositions } from '../global-position';
import type { NewEvent, RecordedEvent } from '../recorded-event';
import { contractEvent, contractEvents, uniqueId } from './contract-events';

/**
 * An append held open between writing and committing. Stores with multi-statement transactions hold a real
 * transaction; stores whose appends are atomic single writes (EventStoreDB) write only at `commit`.
 */
export interface SlowAppend {
  /** Resolves once the events are written but not yet committed. */
  written: Promise<void>;
  commit(): Promise<void>;
}

export interface EventStoreContractSubject {
  store: EventStore;
  startSlowAppend(streamId: string, events: NewEvent[]): SlowAppend;
  /** Drops whatever the subject created for this run. */
  dispose(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for `work`, at most `ms`. The timer is cleared when the work ends first: a bare `sleep` in a race ran on for
 * its full 10 s after the suite had finished and kept jest's worker from exiting ("failed to exit gracefully").
 */
async function atMost<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([work, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

async function collect(iterable: AsyncIterable<RecordedEvent>, until: (seen: RecordedEvent[]) => boolean, controller: AbortController) {
  const seen: RecordedEvent[] = [];
  for await (const event of iterable) {
    seen.push(event);
    if (until(seen)) controller.abort();
  }
  return seen;
}

/** Reads the whole global log in batches of `batchSize`, keeping only events of the given cases. */
/** The cases' events in the global log once at least `count` are visible (within 10 s). */
async function readAllOfAtLeast(store: EventStore, caseIds: string[], count: number, batchSize?: number): Promise<RecordedEvent[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const events = await readAllOf(store, caseIds, batchSize);
    if (events.length >= count || Date.now() > deadline) return events;
    await sleep(50);
  }
}

async function readAllOf(store: EventStore, caseIds: string[], batchSize = 100): Promise<RecordedEvent[]> {
  const wanted = new Set(caseIds);
  const result: RecordedEvent[] = [];
  let after: RecordedEvent['position'] | undefined;
  for (;;) {
    const batch = await store.readAll({ after, maxCount: batchSize });
    result.push(...batch.filter((e) => wanted.has(e.metadata.caseId)));
    if (batch.length < batchSize) return result;
    after = batch[batch.length - 1].position;
  }
}

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await sleep(50);
  }
}

export interface ContractSetup {
  open(): Promise<EventStoreContractSubject>;
  /** Why the adapter cannot run here (its server is not configured); the suite is then reported skipped. */
  skipReason?: string;
}

/**
 * The behaviour every event store adapter must show. An adapter whose server is not configured is reported
 * as skipped, with the reason, never as passed.
 */
export function describeEventStoreContract(adapterName: string, setup: ContractSetup): void {
  const title = `event store contract: ${adapterName}`;
  if (setup.skipReason) {
    process.stderr.write(`skipped: ${title} — ${setup.skipReason}\n`);
  }
  (setup.skipReason ? describe.skip : describe)(title, () => {
    let subject: EventStoreContractSubject;
    let store: EventStore;

    beforeAll(async () => {
      subject = await setup.open();
      store = subject.store;
    }, 60_000);

    afterAll(async () => {
      await subject?.dispose();
    });

    const test = (name: string, body: () => Promise<void>, timeout?: number) => it(name, body, timeout);

    describe('when appending', () => {
      test('should create a stream with "no_stream" and read it back in order with all metadata', async () => {
        const caseId = uniqueId('case');
        const streamId = `Concern-${caseId}`;
        const events = [
          contractEvent(caseId, 'ConcernRaised', { zone: 2, note: 'ääkköset ok' }),
          contractEvent(caseId, 'ZoneRated', { zone: 3 }),
        ];
        const result = await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
        expect(result).toMatchObject({ nextExpectedRevision: 1, alreadyAppended: false });
        const read = await store.readStream(streamId);
        expect(read.map((e) => [e.streamRevision, e.type, e.data])).toEqual([
          [0, 'ConcernRaised', { zone: 2, note: 'ääkköset ok' }],
          [1, 'ZoneRated', { zone: 3 }],
        ]);
        expect(read[0].metadata).toEqual(events[0].metadata);
        expect(read[0].streamId).toBe(streamId);
        expect(comparePositions(read[1].position, result.position)).toBe(0);
        expect(Number.isNaN(Date.parse(read[0].recordedAt))).toBe(false);
      });

      test('should read a missing stream as empty', async () => {
        expect(await store.readStream(`Concern-${uniqueId('missing')}`)).toEqual([]);
      });

      test('should refuse "no_stream" for a stream that exists, with a typed conflict naming the actual revision', async () => {
        const caseId = uniqueId('case');
        const streamId = `Concern-${caseId}`;
        await store.appendToStream(streamId, contractEvents(caseId, 3), { expectedRevision: 'no_stream' });
        const attempt = store.appendToStream(streamId, [contractEvent(caseId)], { expectedRevision: 'no_stream' });
        await expect(attempt).rejects.toBeInstanceOf(StreamRevisionConflictError);
        await expect(attempt).rejects.toMatchObject({ streamId, expected: 'no_stream', actual: 2 });
        expect(await store.readStream(streamId)).toHaveLength(3);
      });

      test('should refuse a stale revision and a revision on a missing stream', async () => {
        const caseId = uniqueId('case');
        const streamId = `Concern-${caseId}`;
        await expect(store.appendToStream(streamId, [contractEvent(caseId)], { expectedRevision: 0 })).rejects.toMatchObject({
          actual: 'no_stream',
        });
        const first = await store.appendToStream(streamId, contractEvents(caseId, 2), { expectedRevision: 'no_stream' });
        const second = await store.appendToStream(streamId, [contractEvent(caseId)], { expectedRevision: first.nextExpectedRevision });
        expect(second.nextExpectedRevision).toBe(2);
        await expect(store.appendToStream(streamId, [contractEvent(caseId)], { expectedRevision: 1 })).rejects.toMatchObject({
          expected: 1,
          actual: 2,
        });
      });

      test('should let exactly one of many concurrent writers win each revision', async () => {
        const caseId = uniqueId('case');
        const streamId = `Plan-${caseId}`;
        let revision: number | 'no_stream' = 'no_stream';
        for (let round = 0; round < 5; round++) {
          const writers = Array.from({ length: 8 }, (_, w) =>
            store.appendToStream(streamId, [contractEvent(caseId, 'ItemChanged', { round, w })], { expectedRevision: revision }),
          );
          const outcomes = await Promise.allSettled(writers);
          const winners = outcomes.filter((o) => o.status === 'fulfilled');
          const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
          expect(winners).toHaveLength(1);
          expect(losers).toHaveLength(7);
          for (const loser of losers) expect(loser.reason).toBeInstanceOf(StreamRevisionConflictError);
          revision = round;
        }
        const stream = await store.readStream(streamId);
        expect(stream.map((e) => (e.data as { round: number }).round)).toEqual([0, 1, 2, 3, 4]);
      });
    });

    describe('when a command is retried with the same event ids', () => {
      test('should append nothing new and report the original result', async () => {
        const caseId = uniqueId('case');
        const streamId = `Meeting-${caseId}`;
        const events = contractEvents(caseId, 2);
        const first = await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
        const retry = await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
        expect(retry).toEqual({ ...first, alreadyAppended: true });
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      test('should still recognise the retry after the stream has moved on', async () => {
        const caseId = uniqueId('case');
        const streamId = `Meeting-${caseId}`;
        const original = [contractEvent(caseId)];
        const first = await store.appendToStream(streamId, original, { expectedRevision: 'no_stream' });
        await store.appendToStream(streamId, contractEvents(caseId, 2), { expectedRevision: 0 });
        const retry = await store.appendToStream(streamId, original, { expectedRevision: 'no_stream' });
        expect(retry).toMatchObject({ nextExpectedRevision: first.nextExpectedRevision, alreadyAppended: true });
        expect(await store.readStream(streamId)).toHaveLength(3);
      });

      test('should refuse reusing an event id for different events', async () => {
        const caseId = uniqueId('case');
        const event = contractEvent(caseId);
        await store.appendToStream(`Meeting-${caseId}`, [event], { expectedRevision: 'no_stream' });
        const reused = store.appendToStream(`Meeting-${caseId}`, [contractEvent(caseId), event], { expectedRevision: 0 });
        await expect(reused).rejects.toBeInstanceOf(EventIdReusedError);
        expect(await store.readStream(`Meeting-${caseId}`)).toHaveLength(1);
      });

      test('should append once when identical retries race each other', async () => {
        const caseId = uniqueId('case');
        const streamId = `Meeting-${caseId}`;
        const events = contractEvents(caseId, 3);
        const outcomes = await Promise.all(
          Array.from({ length: 5 }, () => store.appendToStream(streamId, events, { expectedRevision: 'no_stream' })),
        );
        expect(outcomes.filter((o) => !o.alreadyAppended)).toHaveLength(1);
        expect(new Set(outcomes.map((o) => o.nextExpectedRevision))).toEqual(new Set([2]));
        expect(await store.readStream(streamId)).toHaveLength(3);
      });
    });

    describe('when reading the global log', () => {
      test('should return every event once, in order, across batches', async () => {
        const caseA = uniqueId('case');
        const caseB = uniqueId('case');
        const written: string[] = [];
        for (let i = 0; i < 6; i++) {
          const caseId = i % 2 ? caseA : caseB;
          const events = contractEvents(caseId, 3);
          await store.appendToStream(`Convening-${caseId}`, events, { expectedRevision: i < 2 ? 'no_stream' : (i >> 1) * 3 - 1 });
          written.push(...events.map((e) => e.metadata.eventId));
        }
        // The global log shows events once no transaction begun before them is in flight: on a server other suites
        // (and other databases) share, that can take a moment.
        const log = await readAllOfAtLeast(store, [caseA, caseB], written.length, 4);
        expect(log.map((e) => e.metadata.eventId)).toEqual(written);
        for (let i = 1; i < log.length; i++) expect(comparePositions(log[i - 1].position, log[i].position)).toBe(-1);
      });

      test('should deliver a transaction that started first and commits last, after it commits and in order', async () => {
        const slowCase = uniqueId('case');
        const fastCase = uniqueId('case');

        const slow = subject.startSlowAppend(`Concern-${slowCase}`, [contractEvent(slowCase, 'Slow')]);
        await slow.written;
        // On a server the fast append commits while the slow one is open; on PGlite it queues behind it.
        const fast = store.appendToStream(`Concern-${fastCase}`, [contractEvent(fastCase, 'Fast')], { expectedRevision: 'no_stream' });
        const controller = new AbortController();
        const delivered: RecordedEvent[] = [];
        const follower = (async () => {
          for await (const event of store.follow({ signal: controller.signal, batchSize: 100 })) {
            if ([slowCase, fastCase].includes(event.metadata.caseId)) delivered.push(event);
            if (delivered.length === 2) controller.abort();
          }
        })();
        await atMost(fast, 300);
        expect(delivered.map((e) => e.type)).not.toContain('Slow');

        await slow.commit();
        await fast;
        await atMost(follower, 10_000);
        controller.abort();
        await follower;
        // Delivered once each, in the log's own order: a follower that had moved past the slow writer's
        // place would never deliver it at all.
        expect(delivered.map((e) => e.type).sort()).toEqual(['Fast', 'Slow']);
        expect(comparePositions(delivered[0].position, delivered[1].position)).toBe(-1);
        const log = await readAllOf(store, [slowCase, fastCase]);
        expect(delivered.map((e) => e.metadata.eventId)).toEqual(log.map((e) => e.metadata.eventId));
      }, 30_000);

      test('should follow from a checkpoint, then live, and stop when aborted', async () => {
        const caseId = uniqueId('case');
        const streamId = `Plan-${caseId}`;
        await store.appendToStream(streamId, contractEvents(caseId, 3), { expectedRevision: 'no_stream' });
        // The global log shows events once no transaction begun before them is in flight: on a server other suites
        // share, that can take a moment.
        const [, second] = (await readAllOfAtLeast(store, [caseId], 3)).slice(0, 2);
        const controller = new AbortController();
        const following = collect(
          store.follow({ after: second.position, signal: controller.signal, batchSize: 2 }),
          (seen) => seen.filter((e) => e.metadata.caseId === caseId).length === 3,
          controller,
        );
        await sleep(100);
        await store.appendToStream(streamId, contractEvents(caseId, 2), { expectedRevision: 2 });
        const seen = (await following).filter((e) => e.metadata.caseId === caseId);
        expect(seen.map((e) => e.streamRevision)).toEqual([2, 3, 4]);
      }, 30_000);
    });

    describe('when reading by case', () => {
      test("should return all of one case's streams in global order and nothing of other cases", async () => {
        const caseId = uniqueId('case');
        const other = uniqueId('case');
        await store.appendToStream(`Concern-${caseId}`, [contractEvent(caseId, 'ConcernRaised')], { expectedRevision: 'no_stream' });
        await store.appendToStream(`Concern-${other}`, [contractEvent(other, 'ConcernRaised')], { expectedRevision: 'no_stream' });
        await store.appendToStream(`Meeting-${uniqueId('m')}`, [contractEvent(caseId, 'MeetingOpened')], { expectedRevision: 'no_stream' });
        await store.appendToStream(`Concern-${caseId}`, [contractEvent(caseId, 'ZoneRated')], { expectedRevision: 0 });
        const history = await eventually(
          () => store.readByCase(caseId),
          (h) => h.length >= 3,
        );
        expect(history.map((e) => e.type)).toEqual(['ConcernRaised', 'MeetingOpened', 'ZoneRated']);
        expect(history.every((e) => e.metadata.caseId === caseId)).toBe(true);
      });
    });

    describe('when a stream is long', () => {
      test('should hold 10,000 events in one stream and read them back whole and from a revision', async () => {
        const caseId = uniqueId('case');
        const streamId = `Plan-${caseId}`;
        let expectedRevision: number | 'no_stream' = 'no_stream';
        for (let batch = 0; batch < 10; batch++) {
          const events = Array.from({ length: 1000 }, (_, n) => contractEvent(caseId, 'ItemProgressed', { n: batch * 1000 + n }));
          ({ nextExpectedRevision: expectedRevision } = await store.appendToStream(streamId, events, { expectedRevision }));
        }
        expect(expectedRevision).toBe(9999);
        const all = await store.readStream(streamId);
        expect(all).toHaveLength(10_000);
        expect(all.every((e, i) => e.streamRevision === i && (e.data as { n: number }).n === i)).toBe(true);
        const tail = await store.readStream(streamId, { fromRevision: 9990 });
        expect(tail.map((e) => e.streamRevision)).toEqual([9990, 9991, 9992, 9993, 9994, 9995, 9996, 9997, 9998, 9999]);
      }, 120_000);
    });

    describe('when given bad arguments', () => {
      const caseId = uniqueId('case');
      const streamId = `Concern-${caseId}`;
      const cases: Array<[string, () => Promise<unknown>, string]> = [
        ['an empty stream id', () => store.appendToStream('', [contractEvent(caseId)], { expectedRevision: 'no_stream' }), 'streamId'],
        ['a stream id without a category', () => store.readStream('justanid'), 'streamId'],
        [
          'a negative revision',
          () => store.appendToStream(streamId, [contractEvent(caseId)], { expectedRevision: -1 }),
          'expectedRevision',
        ],
        [
          'a fractional revision',
          () => store.appendToStream(streamId, [contractEvent(caseId)], { expectedRevision: 1.5 }),
          'expectedRevision',
        ],
        [
          '"any" as the revision',
          () => store.appendToStream(streamId, [contractEvent(caseId)], { expectedRevision: 'any' as never }),
          'expectedRevision',
        ],
        ['no events', () => store.appendToStream(streamId, [], { expectedRevision: 'no_stream' }), 'events'],
        [
          'an event id that is not a UUID',
          () =>
            store.appendToStream(streamId, [{ ...contractEvent(caseId), metadata: { ...contractEvent(caseId).metadata, eventId: 'x1' } }], {
              expectedRevision: 'no_stream',
            }),
          'events[0].metadata.eventId',
        ],
        [
          'an event without a case',
          () =>
            store.appendToStream(streamId, [{ ...contractEvent(caseId), metadata: { ...contractEvent(caseId).metadata, caseId: '' } }], {
              expectedRevision: 'no_stream',
            }),
          'events[0].metadata.caseId',
        ],
        [
          'a Date in the data',
          () => store.appendToStream(streamId, [contractEvent(caseId, 'X', { at: new Date() })], { expectedRevision: 'no_stream' }),
          'events[0].data.at',
        ],
        [
          'NaN in the data',
          () => store.appendToStream(streamId, [contractEvent(caseId, 'X', { score: NaN })], { expectedRevision: 'no_stream' }),
          'events[0].data.score',
        ],
        [
          'the same event twice in one append',
          () => {
            const e = contractEvent(caseId);
            return store.appendToStream(streamId, [e, e], { expectedRevision: 'no_stream' });
          },
          'events[1].metadata.eventId',
        ],
        ['a zero batch size', () => store.readAll({ maxCount: 0 }), 'maxCount'],
        ['a negative starting revision', () => store.readStream(streamId, { fromRevision: -3 }), 'fromRevision'],
        ['an empty case id', () => store.readByCase(''), 'caseId'],
      ];
      for (const [what, call, argument] of cases) {
        test(`should reject ${what}, naming ${argument}, and store nothing`, async () => {
          const attempt = call();
          await expect(attempt).rejects.toBeInstanceOf(InvalidEventStoreArgumentError);
          await expect(attempt).rejects.toMatchObject({ argument });
          expect(await store.readStream(streamId)).toEqual([]);
        });
      }
    });
  });
}
