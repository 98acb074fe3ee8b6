import { eventIdFor, fold, type Command, type Decider, type DomainEvent } from '@perheverkko/decider';
import { StreamRevisionConflictError, type EventStore, type ExpectedRevision, type NewEvent, type RecordedEvent } from '@perheverkko/event-store';

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
   * once, not re-decided: the client decided on what it saw and must look again.
   */
  expectedRevision?: ExpectedRevision;
}

export interface CommandOutcome<E extends DomainEvent, S> {
  /** The stream's revision after the command: clients send it back as their expected revision. */
  revision: ExpectedRevision;
  /** The events this command produced (also when it was handled before and is now only recognised). */
  events: E[];
  state: S;
  /** True when this command id had been handled before: nothing new was appended. */
  alreadyHandled: boolean;
}

const DEFAULT_MAX_ATTEMPTS = 5;

type Upcasters = Partial<Record<string, Record<number, (data: unknown) => unknown>>>;

function asDomainEvent<E extends DomainEvent>(event: RecordedEvent, schemaVersions: Partial<Record<string, number>> = {}, upcasters: Upcasters = {}): E {
  const current = schemaVersions[event.type] ?? 1;
  let data = event.data;
  for (let version = event.metadata.schemaVersion; version < current; version++) {
    const upcast = upcasters[event.type]?.[version];
    if (!upcast) throw new Error(`${event.type} v${version} has no upcaster to v${version + 1}; it cannot be replayed`);
    data = upcast(data);
  }
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
    const history = await store.readStream(streamId);
    const revision: ExpectedRevision = history.length ? history[history.length - 1].streamRevision : 'no_stream';
    const protection = options.personalData?.protection;
    const read = async (e: RecordedEvent) => {
      const opened = protection ? { ...e, data: await protection.openFields(e.metadata.caseId, e.data) } : e;
      return asDomainEvent<E>(opened, options.schemaVersions, options.upcasters as Upcasters);
    };
    const readHistory = await Promise.all(history.map(read));
    const state = fold(decider, readHistory);

    const earlier = readHistory.filter((_, i) => history[i].metadata.causationId === command.metadata.commandId);
    if (earlier.length > 0) return { revision, events: earlier, state, alreadyHandled: true };

    if (options.expectedRevision !== undefined && options.expectedRevision !== revision) {
      throw new StreamRevisionConflictError(streamId, options.expectedRevision, revision);
    }
    const decided = decider.decide(command, state);
    if (decided.length === 0) return { revision, events: [], state, alreadyHandled: false };

    const stored = await Promise.all(decided.map((event) => sealPersonalFields(event, command.metadata.caseId, options.personalData)));
    try {
      const result = await store.appendToStream(streamId, toNewEvents(command, stored, options.schemaVersions), { expectedRevision: revision });
      const newState = decided.reduce(decider.evolve, state);
      return { revision: result.nextExpectedRevision, events: decided, state: newState, alreadyHandled: result.alreadyAppended };
    } catch (error) {
      if (!(error instanceof StreamRevisionConflictError) || attempt >= maxAttempts || options.expectedRevision !== undefined) throw error;
    }
  }
}

async function sealPersonalFields<E extends DomainEvent>(event: E, caseId: string, personalData?: HandleCommandOptions<never, E, never>['personalData']): Promise<E> {
  const paths = personalData?.fields[event.type as E['type']];
  if (!personalData || !paths?.length) return event;
  return { ...event, data: await personalData.protection.sealFields(caseId, event.data, paths) };
}

/** An optional field left undefined means "absent", as JSON has it; the store accepts only what replays the same. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, withoutUndefined(v)]));
  }
  return value;
}

function toNewEvents<E extends DomainEvent>(command: Command, events: E[], schemaVersions: Partial<Record<string, number>> = {}): NewEvent[] {
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
    },
  }));
}
