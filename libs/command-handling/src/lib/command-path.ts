import { Command as TypedCommand } from '@nestjs/cqrs';
import type { Command, CommandMetadata, Decider, DomainEvent } from '@perheverkko/decider';
import type { EventStore, RecordedEvent } from '@perheverkko/event-store';
import { handleCommand, type CommandOutcome, type HandleCommandOptions, type IfMatch, type PersonalDataProtection } from './handle-command';

/** A command union's members by type name (a map, so a generic type name keeps its link to its data). */
type CommandsByType<C extends Command> = { [T in C['type']]: Extract<C, { type: T }> };

/** The member of a command union with the given type. */
export type CommandOfType<C extends Command, T extends C['type']> = CommandsByType<C>[T];

/** The data a command of the given type carries. */
export type CommandData<C extends Command, T extends C['type']> = CommandsByType<C>[T]['data'];

/**
 * A command of `type` with its data and the request's metadata. The data is checked against that type's own shape
 * (a union's `Pick` would accept any member's data): `commandOf<IntakeCommand, 'RateZone'>('RateZone', { zone: 3 },
 * metadata)`. Inside a generic endpoint helper, `T` is the endpoint's own type parameter.
 */
export function commandOf<C extends Command, T extends C['type']>(
  type: T,
  data: CommandData<C, T>,
  metadata: CommandMetadata,
): CommandOfType<C, T> {
  // The one cast: TypeScript cannot see that { type: T, data: CommandData<C, T> } is the member Extract<C, { type: T }>.
  return { type, data, metadata } as unknown as CommandOfType<C, T>;
}

/** Refuses a command before it is decided, given the stream as read (e.g. a meeting reached through another case). */
export type Admission = (history: readonly RecordedEvent[]) => void | Promise<void>;

/**
 * A service's command on its way to its decider. `R` is the command as endpoints and policies send it (the handler
 * may add what it reads where the command arrives); `@nestjs/cqrs` returns the outcome typed: events, revision,
 * state, alreadyHandled. Each service extends it once, so each has its own handler on the shared bus.
 */
export class ExecuteCommand<R extends Command, E extends DomainEvent, S> extends TypedCommand<CommandOutcome<E, S>> {
  constructor(
    readonly command: R,
    /** The revision the client last saw (If-Match): a stream that moved on (as they see it) is a conflict at once. */
    readonly expectedRevision?: IfMatch,
    readonly admit?: Admission,
    /** The stream as the caller already read it: decided on without reading it again (handleCommand's `history`). */
    readonly history?: readonly RecordedEvent[],
  ) {
    super();
  }
}

/** What a service's decider needs to be run: the decider, where its streams are, how its events are stored. */
export interface CommandPath<X extends ExecuteCommand<Command, E, S>, C extends Command, E extends DomainEvent, S> {
  decider: Decider<C, E, S>;
  /** The stream the command is decided on. */
  streamOf: (execute: X) => string;
  schemaVersions?: HandleCommandOptions<C, E, S>['schemaVersions'];
  upcasters?: HandleCommandOptions<C, E, S>['upcasters'];
  /** Personal fields per event type, sealed with the case's key (needs the handler's protection). */
  personalFields?: Partial<Record<E['type'], readonly string[]>>;
  /** How many lost races are re-read and re-decided (handleCommand's default otherwise): more for a stream many write at once. */
  maxAttempts?: number;
}

/**
 * The one command handler: each service's handler extends it with its path, store and vault, and says what the
 * decider needs besides the request (`prepare`); the loop itself is `handleCommand`'s.
 */
export abstract class CommandPathHandler<X extends ExecuteCommand<Command, E, S>, C extends Command, E extends DomainEvent, S> {
  // ES private fields: a service's handler may name its own injected store and vault as it likes.
  readonly #path: CommandPath<X, C, E, S>;
  readonly #store: Pick<EventStore, 'readStream' | 'appendToStream'>;
  readonly #protection?: { get(): Promise<PersonalDataProtection> };

  protected constructor(
    path: CommandPath<X, C, E, S>,
    store: Pick<EventStore, 'readStream' | 'appendToStream'>,
    protection?: { get(): Promise<PersonalDataProtection> },
  ) {
    this.#path = path;
    this.#store = store;
    this.#protection = protection;
  }

  /** The command the decider decides: the request, with whatever the handler reads for the rules where it arrives. */
  protected abstract prepare(execute: X): C | Promise<C>;

  async execute(execute: X): Promise<CommandOutcome<E, S>> {
    const command = await this.prepare(execute);
    const { decider, schemaVersions, upcasters, personalFields, maxAttempts } = this.#path;
    const protection = this.#protection;
    return handleCommand({
      store: this.#store,
      decider,
      streamId: this.#path.streamOf(execute),
      command,
      expectedRevision: execute.expectedRevision,
      admit: execute.admit,
      history: execute.history,
      schemaVersions,
      upcasters,
      maxAttempts,
      ...(protection && personalFields ? { personalData: { protection: await protection.get(), fields: personalFields } } : {}),
    });
  }
}

/** The command path of a service whose commands reach the decider as sent: nothing is read where they arrive. */
export abstract class DirectCommandPathHandler<
  X extends ExecuteCommand<C, E, S>,
  C extends Command,
  E extends DomainEvent,
  S,
> extends CommandPathHandler<X, C, E, S> {
  protected prepare({ command }: X): C {
    return command;
  }
}
