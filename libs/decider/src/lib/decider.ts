import type { Actor } from './event-envelope';

/** What a decision produces: a fact in the domain's language, without storage details. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

/** Everything a decision needs besides state, supplied by the caller so that deciding stays pure. */
export interface CommandMetadata {
  /** Chosen by the client per intent; resending the same id never appends twice. */
  commandId: string;
  caseId: string;
  correlationId: string;
  actor: Actor;
  /** The time the command is decided at, as ISO-8601: the only clock a decider sees. */
  now: string;
  /** W3C trace context to stamp on the events (observability only; deciders ignore it). */
  traceparent?: string;
  /**
   * Set when the client chose `commandId` (its Idempotency-Key): the operation and request hash it is bound to,
   * with the actor. A command id seen before is a retry only if caller, operation and request are the same.
   */
  idempotency?: { operation: string; request: string };
}

export interface Command<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}

/** An aggregate as three pure functions: `decide` may refuse by throwing a DomainRuleViolation, `evolve` never throws. */
export interface Decider<C extends Command, E extends DomainEvent, S> {
  initialState(): S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S): E[];
}

export function fold<E extends DomainEvent, S>(decider: Pick<Decider<never, E, S>, 'initialState' | 'evolve'>, events: Iterable<E>): S {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/** Exhaustiveness check for `switch (command.type)`: a missing case does not compile. */
export function unreachable(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
