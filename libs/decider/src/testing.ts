import { fold, type Command, type CommandMetadata, type Decider, type DomainEvent } from './lib/decider';
import { DomainRuleViolation } from './lib/domain-rule-violation';
import type { Actor } from './lib/event-envelope';

/**
 * Decider specifications that read as the rule they check:
 *   const given = deciderSpec(concernDecider);
 *   given([concernRaised]).when(rateZone).then([zoneRated]);
 *   given([]).when(rateZone).thenThrows(DomainRuleViolation, /no concern/);
 */
export function deciderSpec<C extends Command, E extends DomainEvent, S>(decider: Decider<C, E, S>) {
  return (history: E[]) => ({
    when(command: C) {
      const decide = () => decider.decide(command, fold(decider, history));
      return {
        then(expected: E[]) {
          expect(decide()).toEqual(expected);
        },
        /** `then(expected)`, and the same command delivered again once they are recorded changes nothing. */
        thenOnce(expected: E[]) {
          expect(decide()).toEqual(expected);
          expect(decider.decide(command, fold(decider, [...history, ...expected]))).toEqual([]);
        },
        thenNothingHappens() {
          expect(decide()).toEqual([]);
        },
        thenThrows(errorType: new (...args: never[]) => Error, message?: string | RegExp) {
          expect(decide).toThrow(errorType);
          if (message !== undefined) expect(decide).toThrow(message);
        },
      };
    },
  });
}

/**
 * What a decider says to a command after a history: undefined when it accepts it, or the rule a refusal names and
 * whether it is a conflict (409) or unprocessable (422), with its message when `options.message`:
 *   const refusal = refusalBy(meetingDecider);
 *   expect(refusal([opened], closeMeeting)).toEqual({ rule: 'attendance-first', kind: 'conflict' });
 * Any other error is thrown on.
 */
export function refusalBy<C extends Command, E extends DomainEvent, S>(decider: Decider<C, E, S>, options: { message?: boolean } = {}) {
  return (history: E[], command: C): { rule: string; kind: string; message?: string } | undefined => {
    try {
      decider.decide(command, fold(decider, history));
      return undefined;
    } catch (error) {
      if (!(error instanceof DomainRuleViolation)) throw error;
      const { rule, kind, message } = error;
      return options.message ? { rule, kind, message } : { rule, kind };
    }
  };
}

/**
 * A command's metadata in a spec: command `c` of case-1 in correlation `k`, decided at `now` by `actor` (by default
 * w-terhi, a professional of Neuvola); `ids` names another command, case or correlation.
 */
export function specMetadata(
  now: string,
  actor: Partial<Actor> = {},
  ids: Partial<Pick<CommandMetadata, 'commandId' | 'caseId' | 'correlationId'>> = {},
): CommandMetadata {
  return {
    commandId: 'c',
    caseId: 'case-1',
    correlationId: 'k',
    ...ids,
    actor: { id: 'w-terhi', role: 'professional', organisation: 'Neuvola', ...actor },
    now,
  };
}

/**
 * Commands of one decider as a spec writes them, all with the same metadata:
 *   const cmd = commandsOf<ConcernCommand>(specMetadata(now));
 *   cmd('RateZone', { zone: 2 });
 *   cmd('RateZone', { zone: 2 }, { now: later }); // this one decided at another time
 */
export function commandsOf<C extends Command>(metadata: CommandMetadata) {
  return <T extends C['type']>(type: T, data: Extract<C, { type: T }>['data'], change: Partial<CommandMetadata> = {}) =>
    ({ type, data, metadata: { ...metadata, ...change } }) as unknown as C;
}

export { exampleConcernDecider, type ExampleCommand, type ExampleEvent, type ExampleState } from './testing/example-concern.decider';
