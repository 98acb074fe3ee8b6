import { seenRevision } from '@perheverkko/access-model';
import {
  eventIdFor,
  fold,
  isRecord,
  upcastData,
  type Command,
  type CommandMetadata,
  type Decider,
  type DomainEvent,
  type RequestFingerprint,
  type SchemaVersions,
  type Upcasters,
} from '@perheverkko/decider';
import {
  EventIdReusedError,
  StreamRevisionConflictError,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
} from '@perheverkko/event-store';
import { IdempotencyKeyReused, assertSameRequest, type OpenFingerprint } from './idempotency';

/** Seals personal fields before they are stored and opens them as they are read (libs/personal-data's vault). */
export interface PersonalDataProtection {
  sealFields<T>(caseId: string, data: T, paths: readonly string[]): Promise<T>;
  openFields<T>(caseId: string, data: T): Promise<T>;
}

export interface HandleCommandOptions<C extends Command, E extends DomainEvent, S> {
  store: Pick<EventStore, 'readStream' | 'appendToStream'>;
  decider: Decider<C, E, S>;
  streamId: string;
  command: C;
  /** Current schema version per event type, recorded in each new event's metadata (default 1). */
  schemaVersions?: Partial<Record<E['type'], number>>;
  /**
   * `upcasters[type][n]` turns that type's version-n data into version n+1's. Stored events are never rewritten:
   * older ones are upcast as they are read, so a history kept for decades still folds.
   */
  upcasters?: Partial<Record<E['type'], Record<number, (data: unknown) => unknown>>>;
  /**
   * Personal fields per event type (dot paths into `data`): stored and published only sealed with the case's
   * key; deciders see them in plain text, or as erased once the case key is destroyed.
   */
  personalData?: { protection: PersonalDataProtection; fields: Partial<Record<E['type'], readonly string[]>> };
  /** How many times a lost race is re-read and re-decided before the conflict reaches the caller (409). */
  maxAttempts?: number;
  /**
   * The revision the client last saw (HTTP If-Match). When given, a stream that has moved on is a conflict at
   * once, not re-decided: the client decided on what it saw and must look again. With `seenBy`, the revision as a
   * caller who reads those categories sees it (their reads answer it): events they cannot see do not move it.
   */
  expectedRevision?: IfMatch;
  /**
   * Refuses the command given the stream as read, before anything is decided: on every attempt, so a rule checked
   * outside the decider (one that reads other streams too) holds against what a lost race re-read.
   */
  admit?: (history: readonly RecordedEvent[]) => void | Promise<void>;
  /**
   * The stream as the caller already read it (to prepare something outside it, as a room booking): the first
   * attempt decides on it instead of reading again; a lost race reads afresh.
   */
  history?: readonly RecordedEvent[];
}

export interface CommandOutcome<E extends DomainEvent, S> {
  /** The stream's revision after the command. */
  revision: ExpectedRevision;
  /** The revision after the command as the caller sees the stream (given `seenBy`): what they send back as If-Match. */
  seenRevision?: ExpectedRevision;
  /** The events this command produced (also when it was handled before and is now only recognised). */
  events: E[];
  state: S;
  /** True when this command id had been handled before: nothing new was appended. */
  alreadyHandled: boolean;
}

/**
 * If-Match: a stream revision, or (from a person's request) the revision as a caller who reads `seenBy` sees the
 * stream (`seenRevision`), absent when they sent none; `seenBy` also numbers the revision the command answers them.
 */
export type IfMatch = ExpectedRevision | { revision?: ExpectedRevision; seenBy?: ReadonlySet<string> };

const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * A stored event as the decider folds it: its data upcast to the current schema version. The one cast on the write
 * path: what the store gives back is taken to be one of the events this decider wrote (its stream holds nothing else).
 */
function asDomainEvent<E extends DomainEvent>(event: RecordedEvent, schemaVersions?: SchemaVersions, upcasters?: Upcasters): E {
  const data = upcastData(event.type, event.metadata.schemaVersion, event.data, schemaVersions, upcasters);
  return { type: event.type, data } as E;
}

/**
 * The write path every service shares: read the stream, fold it with `evolve`, `decide`, append with the
 * revision just read. A lost race re-reads and decides again (the decision may now differ or be refused);
 * a command id seen before is answered from the stream without deciding again.
 */
export async function handleCommand<C extends Command, E extends DomainEvent, S>(
  options: HandleCommandOptions<C, E, S>,
): Promise<CommandOutcome<E, S>> {
  const { store, decider, streamId, command } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    const history = attempt === 1 && options.history ? options.history : await store.readStream(streamId);
    /** The revision the caller sees after `added` joined the stream as read (only for a person's request). */
    const seenAfter = (read: readonly RecordedEvent[], added: readonly E[]) =>
      typeof options.expectedRevision === 'object' && options.expectedRevision.seenBy
        ? { seenRevision: seenRevision([...read, ...added], options.expectedRevision.seenBy) }
        : {};
    await options.admit?.(history);
    const revision: ExpectedRevision = history.length ? history[history.length - 1].streamRevision : 'no_stream';
    const protection = options.personalData?.protection;
    const read = async (e: RecordedEvent) => {
      const opened = protection ? { ...e, data: await protection.openFields(e.metadata.caseId, e.data) } : e;
      return asDomainEvent<E>(opened, options.schemaVersions, options.upcasters);
    };
    const readHistory = await Promise.all(history.map(read));
    const state = fold(decider, readHistory);

    const first = history.find((e) => e.metadata.causationId === command.metadata.commandId);
    if (first) {
      const earlier = readHistory.filter((_, i) => history[i].metadata.causationId === command.metadata.commandId);
      // A retry only if the same caller sent the same request to the same operation; otherwise 422, and the
      // first command's answer (another family's case, perhaps) is never given back.
      await assertSameRequest(command.metadata, first.metadata, opener(protection));
      return { revision, ...seenAfter(history, []), events: earlier, state, alreadyHandled: true };
    }

    const ifMatch = options.expectedRevision;
    const seenBy = typeof ifMatch === 'object' ? ifMatch.seenBy : undefined;
    const expected = typeof ifMatch === 'object' ? ifMatch.revision : ifMatch;
    const seen = seenBy ? seenRevision(history, seenBy) : revision;
    // A caller who sees nothing of the stream has nothing they could have seen change: their If-Match holds.
    if (expected !== undefined && !(seenBy && seen === 'no_stream') && expected !== seen) {
      throw new StreamRevisionConflictError(streamId, expected, seen);
    }
    const decided = decider.decide(command, state);
    if (decided.length === 0) return { revision, ...seenAfter(history, []), events: [], state, alreadyHandled: false };

    const stored = await Promise.all(decided.map((event) => sealPersonalFields(event, command.metadata.caseId, options.personalData)));
    const fingerprint = await recordedFingerprint(command.metadata, decided, options.personalData);
    try {
      const result = await store.appendToStream(streamId, toNewEvents(command, stored, options.schemaVersions, fingerprint), {
        expectedRevision: revision,
      });
      // Appended meanwhile under this command id (a concurrent twin): read it back and compare like any retry.
      if (result.alreadyAppended && command.metadata.idempotency && attempt < maxAttempts) continue;
      const newState = decided.reduce(decider.evolve, state);
      return {
        revision: result.nextExpectedRevision,
        ...seenAfter(history, decided),
        events: decided,
        state: newState,
        alreadyHandled: result.alreadyAppended,
      };
    } catch (error) {
      // The client's key already names a command on another stream (another case or record): not a retry.
      if (error instanceof EventIdReusedError && command.metadata.idempotency)
        throw new IdempotencyKeyReused(command.metadata.commandId, 'request');
      // A client that sent If-Match decided on what it saw: its lost race is its conflict. Without one, decide again.
      if (!(error instanceof StreamRevisionConflictError) || attempt >= maxAttempts || expected !== undefined) throw error;
    }
  }
}

/**
 * Refuses, before anything is written anywhere, a command whose client key was used on the stream (as read) for
 * another caller, operation or request. For commands that write to another stream first (a room booking before the
 * meeting); `handleCommand` makes the same check itself.
 */
export async function assertKeyNotReusedIn(
  history: readonly RecordedEvent[],
  metadata: CommandMetadata,
  protection?: PersonalDataProtection,
): Promise<void> {
  if (!metadata.idempotency) return;
  const first = history.find((e) => e.metadata.causationId === metadata.commandId);
  if (first) await assertSameRequest(metadata, first.metadata, opener(protection));
}

function opener(protection: PersonalDataProtection | undefined): OpenFingerprint {
  return async (caseId, sealed) => {
    if (!protection) return undefined;
    const { request } = await protection.openFields(caseId, { request: sealed });
    return typeof request === 'string' ? request : undefined;
  };
}

/**
 * The fingerprint the events record: a hash of the request is as personal as the request, so it is sealed with
 * the case's key whenever the events seal anything (and is unreadable once that key is destroyed).
 */
async function recordedFingerprint<E extends DomainEvent>(
  metadata: CommandMetadata,
  events: E[],
  personalData?: HandleCommandOptions<never, E, never>['personalData'],
): Promise<RequestFingerprint | undefined> {
  const asked = metadata.idempotency;
  if (!asked) return undefined;
  const personal = personalData && events.some((event) => personalFieldsOf(personalData.fields, event.type)?.length);
  if (!personal) return { operation: asked.operation, request: asked.request };
  // Sealed, the request is no longer the hash but what the vault made of it: a fingerprint's request may be either.
  const sealed = await personalData.protection.sealFields<Pick<RequestFingerprint, 'request'>>(
    metadata.caseId,
    { request: asked.request },
    ['request'],
  );
  return { operation: asked.operation, request: sealed.request };
}

async function sealPersonalFields<E extends DomainEvent>(
  event: E,
  caseId: string,
  personalData?: HandleCommandOptions<never, E, never>['personalData'],
): Promise<E> {
  const paths = personalData && personalFieldsOf(personalData.fields, event.type);
  if (!personalData || !paths?.length) return event;
  return { ...event, data: await personalData.protection.sealFields(caseId, event.data, expandPaths(event.data, paths)) };
}

/**
 * A `*` in a path stands for every element of an array there (`scopes.*.name`: each scope's name); paths without
 * one are returned as they are. Elements lacking the rest of the path are skipped by the sealing itself.
 */
export function expandPaths(data: unknown, paths: readonly string[]): string[] {
  const expand = (value: unknown, parts: string[], prefix: string[]): string[] => {
    const star = parts.indexOf('*');
    if (star < 0) return [[...prefix, ...parts].join('.')];
    let holder: unknown = value;
    for (const part of parts.slice(0, star)) holder = isRecord(holder) ? holder[part] : undefined;
    if (!Array.isArray(holder)) return [];
    return holder.flatMap((element, index) => expand(element, parts.slice(star + 1), [...prefix, ...parts.slice(0, star), String(index)]));
  };
  return paths.flatMap((path) => expand(data, path.split('.'), []));
}

/** An event type's personal fields (an event's type, read from a generic event, is just a string). */
function personalFieldsOf(fields: Partial<Record<string, readonly string[]>>, type: string): readonly string[] | undefined {
  return fields[type];
}

/** An optional field left undefined means "absent", as JSON has it; the store accepts only what replays the same. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, withoutUndefined(v)]),
    );
  }
  return value;
}

function toNewEvents<E extends DomainEvent>(
  command: Command,
  events: E[],
  schemaVersions: Partial<Record<string, number>> = {},
  idempotency?: RequestFingerprint,
): NewEvent[] {
  const { commandId, caseId, correlationId, actor, now, traceparent } = command.metadata;
  return events.map((event, index) => ({
    type: event.type,
    data: withoutUndefined(event.data),
    metadata: {
      eventId: eventIdFor(commandId, index),
      caseId,
      correlationId,
      causationId: commandId,
      actor,
      occurredAt: now,
      schemaVersion: schemaVersions[event.type] ?? 1,
      ...(traceparent ? { traceparent } : {}),
      ...(idempotency ? { idempotency } : {}),
    },
  }));
}
