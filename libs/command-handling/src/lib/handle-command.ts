import { eventIdFor, fold, type Command, type Decider, type DomainEvent } from '@perheverkko/decider';
import { StreamRevisionConflictError, type EventStore, type ExpectedRevision, type NewEvent, type RecordedEvent } from '@perheverkko/event-store';

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
  /** How many times a lost race is re-read and re-decided before the conflict reaches the caller (409). */
  maxAttempts?: number;
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
    const read = (e: RecordedEvent) => asDomainEvent<E>(e, options.schemaVersions, options.upcasters as Upcasters);
    const state = fold(decider, history.map(read));

    const earlier = history.filter((e) => e.metadata.causationId === command.metadata.commandId);
    if (earlier.length > 0) return { revision, events: earlier.map(read), state, alreadyHandled: true };

    const decided = decider.decide(command, state);
    if (decided.length === 0) return { revision, events: [], state, alreadyHandled: false };

    try {
      const result = await store.appendToStream(streamId, toNewEvents(command, decided, options.schemaVersions), { expectedRevision: revision });
      const newState = decided.reduce(decider.evolve, state);
      return { revision: result.nextExpectedRevision, events: decided, state: newState, alreadyHandled: result.alreadyAppended };
    } catch (error) {
      if (!(error instanceof StreamRevisionConflictError) || attempt >= maxAttempts) throw error;
    }
  }
}

function toNewEvents<E extends DomainEvent>(command: Command, events: E[], schemaVersions: Partial<Record<string, number>> = {}): NewEvent[] {
  const { commandId, caseId, correlationId, actor, now } = command.metadata;
  return events.map((event, index) => ({
    type: event.type,
    data: event.data,
    metadata: {
      eventId: eventIdFor(commandId, index),
      caseId,
      correlationId,
      causationId: commandId,
      actor,
      occurredAt: now,
      schemaVersion: schemaVersions[event.type] ?? 1,
    },
  }));
}
