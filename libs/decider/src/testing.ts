import { fold, type Command, type Decider, type DomainEvent } from './lib/decider';

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

export { exampleConcernDecider, type ExampleCommand, type ExampleEvent, type ExampleState } from './testing/example-concern.decider';
