import { InvalidEventStoreArgumentError } from './errors';
import type { ExpectedRevision } from './event-store.port';
import type { NewEvent } from './recorded-event';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Category, a dash, an id: `Concern-<caseId>`. The category lets a store filter a service's own streams. */
const STREAM_ID = /^[A-Z][A-Za-z]*-[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9.]{0,99}$/;
/** One append is one decision; the batch bound keeps a single transaction's size predictable. */
const MAX_EVENTS_PER_APPEND = 1000;

function invalid(argument: string, reason: string): never {
  throw new InvalidEventStoreArgumentError(argument, reason);
}

export function assertStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string' || !STREAM_ID.test(streamId)) {
    invalid('streamId', `must look like "<Category>-<id>" (e.g. "Concern-7f3c…"), got ${JSON.stringify(streamId)}`);
  }
}

export function assertExpectedRevision(expected: unknown): asserts expected is ExpectedRevision {
  if (expected === 'no_stream') return;
  if (typeof expected !== 'number' || !Number.isSafeInteger(expected) || expected < 0) {
    invalid('expectedRevision', `must be "no_stream" or the revision last read (an integer ≥ 0), got ${JSON.stringify(expected)}`);
  }
}

export function assertCount(argument: string, count: unknown, max = Number.MAX_SAFE_INTEGER): asserts count is number {
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1 || count > max) {
    invalid(argument, `must be an integer from 1 to ${max}, got ${JSON.stringify(count)}`);
  }
}

export function assertRevision(argument: string, revision: unknown): asserts revision is number {
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0) {
    invalid(argument, `must be an integer ≥ 0, got ${JSON.stringify(revision)}`);
  }
}

export function assertCaseId(argument: string, caseId: unknown): asserts caseId is string {
  if (typeof caseId !== 'string' || caseId.trim() === '' || caseId.length > 200) {
    invalid(argument, `must be a non-empty case id of at most 200 characters, got ${JSON.stringify(caseId)}`);
  }
}

/** A plain object from any realm (a vm context, structuredClone): its prototype is Object's or none. */
function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/** Rejects anything JSON would silently change (undefined, NaN, Dates, class instances), so replay equals write. */
function assertPlainJson(path: string, value: unknown): void {
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'string') {
    // PostgreSQL's jsonb cannot hold NUL; refusing it here keeps both adapters accepting the same events.
    if (value.includes('\u0000')) invalid(path, 'must not contain the NUL character (\\u0000)');
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) invalid(path, `must be a finite number, got ${value}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertPlainJson(`${path}[${index}]`, item));
    return;
  }
  if (typeof value === 'object' && isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) assertPlainJson(`${path}.${key}`, item);
    return;
  }
  const kind = value instanceof Date ? 'a Date (store an ISO-8601 string)' : typeof value;
  invalid(path, `must be plain JSON, got ${kind}`);
}

export function assertNewEvents(events: unknown): asserts events is NewEvent[] {
  if (!Array.isArray(events) || events.length === 0) invalid('events', 'must be a non-empty array');
  if (events.length > MAX_EVENTS_PER_APPEND) {
    invalid('events', `at most ${MAX_EVENTS_PER_APPEND} events per append, got ${events.length}`);
  }
  const seen = new Set<string>();
  events.forEach((event: Partial<NewEvent> | undefined, index) => {
    const at = `events[${index}]`;
    if (typeof event !== 'object' || event === null) invalid(at, 'must be an object with type, data and metadata');
    if (typeof event.type !== 'string' || !EVENT_TYPE.test(event.type)) {
      invalid(`${at}.type`, `must be an event type name such as "ConcernRaised", got ${JSON.stringify(event.type)}`);
    }
    const metadata = event.metadata;
    if (typeof metadata !== 'object' || metadata === null) invalid(`${at}.metadata`, 'is required');
    if (typeof metadata.eventId !== 'string' || !UUID.test(metadata.eventId)) {
      invalid(`${at}.metadata.eventId`, `must be a UUID, got ${JSON.stringify(metadata.eventId)}`);
    }
    const eventId = metadata.eventId.toLowerCase();
    if (seen.has(eventId)) invalid(`${at}.metadata.eventId`, `${eventId} appears twice in one append`);
    seen.add(eventId);
    assertCaseId(`${at}.metadata.caseId`, metadata.caseId);
    if (!Number.isSafeInteger(metadata.schemaVersion) || metadata.schemaVersion < 1) {
      invalid(`${at}.metadata.schemaVersion`, `must be an integer ≥ 1, got ${JSON.stringify(metadata.schemaVersion)}`);
    }
    if (typeof metadata.occurredAt !== 'string' || Number.isNaN(Date.parse(metadata.occurredAt))) {
      invalid(`${at}.metadata.occurredAt`, `must be an ISO-8601 time, got ${JSON.stringify(metadata.occurredAt)}`);
    }
    if (event.data === undefined) invalid(`${at}.data`, 'is required (use {} for an event without data)');
    assertPlainJson(`${at}.data`, event.data);
    assertPlainJson(`${at}.metadata`, metadata);
  });
}
