import { DomainRuleViolation } from '../lib/domain-rule-violation';
import { unreachable, type Command, type Decider, type DomainEvent } from '../lib/decider';

/**
 * A deliberately small decider for exercising the shared infrastructure (command loop, stores, HTTP edge) in
 * tests. The real concern aggregate lives in the intake service's domain library.
 */
/** `child` and `description` are personal data: the kind of fields that are stored only sealed. */
export type ExampleCommand =
  | Command<'RaiseConcern', { zone: number; child?: { name: string; identityCode?: string }; description?: string }>
  | Command<'RateZone', { zone: number }>
  | Command<'CloseConcern', { reason: string }>;

export type ExampleEvent =
  | DomainEvent<'ConcernRaised', { zone: number; raisedAt: string; child?: { name: string; identityCode?: string }; description?: string }>
  | DomainEvent<'ZoneRated', { zone: number; ratedAt: string }>
  | DomainEvent<'ConcernClosed', { reason: string }>;

export type ExampleState = { status: 'none' } | { status: 'open'; zone: number; ratings: number } | { status: 'closed' };

function assertZone(zone: number): void {
  if (!Number.isInteger(zone) || zone < 1 || zone > 4) {
    throw new DomainRuleViolation('zone-range', `zone must be 1–4 (no concern … very worried), got ${zone}`);
  }
}

export const exampleConcernDecider: Decider<ExampleCommand, ExampleEvent, ExampleState> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.type) {
      case 'ConcernRaised':
        return { status: 'open', zone: event.data.zone, ratings: 1 };
      case 'ZoneRated':
        return state.status === 'open' ? { ...state, zone: event.data.zone, ratings: state.ratings + 1 } : state;
      case 'ConcernClosed':
        return { status: 'closed' };
      default:
        return state;
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'RaiseConcern': {
        if (state.status !== 'none') throw new DomainRuleViolation('raised-once', 'this concern was already raised', 'conflict');
        assertZone(command.data.zone);
        const { child, description } = command.data;
        return [
          {
            type: 'ConcernRaised',
            data: { zone: command.data.zone, raisedAt: command.metadata.now, ...(child && { child }), ...(description && { description }) },
          },
        ];
      }
      case 'RateZone':
        if (state.status !== 'open') throw new DomainRuleViolation('rate-open-only', 'only an open concern can be rated', 'conflict');
        assertZone(command.data.zone);
        return [{ type: 'ZoneRated', data: { zone: command.data.zone, ratedAt: command.metadata.now } }];
      case 'CloseConcern':
        if (state.status === 'closed') return [];
        return [{ type: 'ConcernClosed', data: { reason: command.data.reason } }];
      default:
        return unreachable(command);
    }
  },
};
