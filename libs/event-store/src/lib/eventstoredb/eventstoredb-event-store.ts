import type { AllStreamResolvedEvent, JSONType, KurrentDBClient, ResolvedEvent } from '@kurrent/kurrentdb-client';
import { EventIdReusedError, StreamRevisionConflictError } from '../errors';
import { normaliseKurrentConnectionString } from './connection-string';
import type { AppendResult, EventStore, ExpectedRevision, FollowOptions, ReadAllOptions, ReadStreamOptions } from '../event-store.port';
import type { EventMetadata, NewEvent, RecordedEvent } from '../recorded-event';
import { assertCaseId, assertCount, assertExpectedRevision, assertNewEvents, assertRevision, assertStreamId } from '../validate-arguments';

interface EventStoreDbEventStoreOptions {
  /** EVENTSTOREDB_URL, e.g. `kurrentdb://localhost:2113?tls=false` (`esdb://`, `kdb://` and their `+discover` too). */
  connectionString: string;
  /**
   * The stream categories this service owns (e.g. ["Concern"]): its global log is $all filtered to them,
   * since services may share one EventStoreDB cluster. Absent: every non-system stream.
   */
  categories?: string[];
}

/** Links every event into `case-<caseId>`, so an auditor's read by case is one stream read. */
const BY_CASE_PROJECTION = 'perheverkko-events-by-case';
const BY_CASE_QUERY = `fromAll().when({
  $any: function (state, event) {
    if (event.streamId.indexOf('$') !== 0 && event.metadata && event.metadata.caseId) {
      linkTo('case-' + event.metadata.caseId, event);
    }
  }
});`;

type AnyResolvedEvent = ResolvedEvent | AllStreamResolvedEvent;

/**
 * The client is loaded on first use: it takes seconds to load (gRPC, protobuf, a native bridge) and every process
 * imports this library, while only those with EVENTSTOREDB_URL need it.
 */
function kurrent(): typeof import('@kurrent/kurrentdb-client') {
  return require('@kurrent/kurrentdb-client');
}

/**
 * EventStoreDB (now KurrentDB) adapter, on `@kurrent/kurrentdb-client`. Its append is a single atomic write ordered by commit position, so the global log
 * needs no in-flight-transaction guard; reads by case rely on a continuous projection (eventually consistent).
 */
export class EventStoreDbEventStore implements EventStore {
  private constructor(
    private readonly client: KurrentDBClient,
    private readonly categories: string[] | undefined,
  ) {}

  static async open(options: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> {
    const client = kurrent().KurrentDBClient.connectionString(normaliseKurrentConnectionString(options.connectionString));
    const store = new EventStoreDbEventStore(client, options.categories);
    await store.ensureByCaseProjection();
    return store;
  }

  private async ensureByCaseProjection(): Promise<void> {
    try {
      await this.client.createProjection(BY_CASE_PROJECTION, BY_CASE_QUERY, { emitEnabled: true, trackEmittedStreams: false });
    } catch (error) {
      // Another service instance created it first: fine. Anything else (projections disabled) must surface.
      await this.client.getProjectionStatus(BY_CASE_PROJECTION).catch(() => {
        throw error;
      });
    }
  }

  async appendToStream(streamId: string, events: NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    assertStreamId(streamId);
    assertExpectedRevision(options?.expectedRevision);
    assertNewEvents(events);
    const expected = options.expectedRevision;
    const earlier = await this.findAlreadyAppended(streamId, events, expected);
    if (earlier) return earlier;
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((e) => kurrent().jsonEvent({ id: e.metadata.eventId, type: e.type, data: e.data as JSONType, metadata: e.metadata })),
        { streamState: expected === 'no_stream' ? kurrent().NO_STREAM : BigInt(expected) },
      );
      return {
        nextExpectedRevision: Number(result.nextExpectedRevision),
        position: result.position ?? { commit: 0n, prepare: 0n },
        alreadyAppended: false,
      };
    } catch (error) {
      if (!(error instanceof kurrent().WrongExpectedVersionError)) throw error;
      const raced = await this.findAlreadyAppended(streamId, events, expected);
      if (raced) return raced;
      const actual = typeof error.actualState === 'bigint' ? Number(error.actualState) : 'no_stream';
      throw new StreamRevisionConflictError(streamId, expected, actual);
    }
  }

  /** The stored result if these events already sit where this append would put them (a retried command). */
  private async findAlreadyAppended(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult | undefined> {
    const first = expected === 'no_stream' ? 0 : expected + 1;
    const stored = await this.readStream(streamId, { fromRevision: first, maxCount: events.length });
    if (stored.length === 0) return undefined;
    const ids = events.map((e) => e.metadata.eventId.toLowerCase());
    const matches = stored.filter((e, i) => e.metadata.eventId.toLowerCase() === ids[i]).length;
    if (matches === 0) return undefined;
    if (matches !== ids.length) throw new EventIdReusedError(streamId, ids);
    const last = stored[stored.length - 1];
    return { nextExpectedRevision: last.streamRevision, position: last.position, alreadyAppended: true };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertStreamId(streamId);
    const fromRevision = options.fromRevision ?? 0;
    assertRevision('fromRevision', fromRevision);
    if (options.maxCount !== undefined) assertCount('maxCount', options.maxCount);
    return this.collect(
      this.client.readStream(streamId, { fromRevision: BigInt(fromRevision), maxCount: options.maxCount, direction: kurrent().FORWARDS }),
    );
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    assertCount('maxCount', options?.maxCount, 10_000);
    const result: RecordedEvent[] = [];
    let from = options.after;
    // $all also holds system and other services' events: keep reading until the batch is full or the log ends.
    for (;;) {
      const chunk = await this.collectRaw(
        this.client.readAll({ fromPosition: from ?? kurrent().START, maxCount: options.maxCount + 1, direction: kurrent().FORWARDS }),
      );
      const fresh = chunk.filter((e) => !from || e.position.commit !== from.commit || e.position.prepare !== from.prepare);
      for (const event of fresh) {
        if (this.owns(event.streamId)) result.push(event);
        if (result.length === options.maxCount) return result;
      }
      if (fresh.length === 0 || chunk.length < options.maxCount + 1) return result;
      from = fresh[fresh.length - 1].position;
    }
  }

  async readByCase(caseId: string): Promise<RecordedEvent[]> {
    assertCaseId('caseId', caseId);
    const events = await this.collect(this.client.readStream(`case-${caseId}`, { resolveLinkTos: true, direction: kurrent().FORWARDS }));
    return events.filter((e) => this.owns(e.streamId));
  }

  async *follow(options: FollowOptions): AsyncGenerator<RecordedEvent> {
    const filter = this.categories
      ? kurrent().streamNameFilter({ prefixes: this.categories.map((c) => `${c}-`) })
      : kurrent().excludeSystemEvents();
    const subscription = this.client.subscribeToAll({ fromPosition: options.after ?? kurrent().START, filter });
    const stop = () => void subscription.unsubscribe();
    options.signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const resolved of subscription) {
        const event = toRecordedEvent(resolved);
        if (event) yield event;
        if (options.signal.aborted) return;
      }
    } finally {
      options.signal.removeEventListener('abort', stop);
      await subscription.unsubscribe();
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private owns(streamId: string): boolean {
    if (streamId.startsWith('$')) return false;
    return !this.categories || this.categories.some((category) => streamId.startsWith(`${category}-`));
  }

  private async collect(read: AsyncIterable<AnyResolvedEvent>): Promise<RecordedEvent[]> {
    try {
      return await this.collectRaw(read);
    } catch (error) {
      if (error instanceof kurrent().StreamNotFoundError) return [];
      throw error;
    }
  }

  private async collectRaw(read: AsyncIterable<AnyResolvedEvent>): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const resolved of read) {
      const event = toRecordedEvent(resolved);
      if (event) events.push(event);
    }
    return events;
  }
}

function toRecordedEvent(resolved: AnyResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson) return undefined;
  return {
    streamId: event.streamId,
    streamRevision: Number(event.revision),
    type: event.type,
    data: event.data,
    metadata: event.metadata as unknown as EventMetadata,
    position: event.position ?? { commit: resolved.commitPosition ?? 0n, prepare: 0n },
    recordedAt: event.created.toISOString(),
  };
}
