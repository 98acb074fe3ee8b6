import { type Command, type Decider, type DomainEvent } from '@perheverkko/decider';

/**
 * How many children the case concerns, noted from intake's published ConcernRegistered (its `childCount`, or the
 * number of sealed children for a v1 registration), so a Wellbeing Star rating can name the child it concerns
 * without meeting keeping who the children are. Private to meeting, one stream per case.
 */
export type CaseChildrenCommand = Command<'NoteCaseChildren', { childCount: number | null }>;
/** `childCount` null: not known (a v1 registration whose children can no longer be read). */
export type CaseChildrenEvent = DomainEvent<'CaseChildrenNoted', { childCount: number | null }>;
interface CaseChildrenState {
  /** Undefined until noted; null when the registration did not say. */
  childCount?: number | null;
}

export const caseChildrenStream = (caseId: string) => `CaseChildren-${caseId}`;

export const caseChildrenDecider: Decider<CaseChildrenCommand, CaseChildrenEvent, CaseChildrenState> = {
  initialState: () => ({}),
  evolve: (_state, event) => ({ childCount: event.data.childCount }),
  decide(command, state) {
    // Redelivered, or the same count again: nothing new.
    return state.childCount === command.data.childCount
      ? []
      : [{ type: 'CaseChildrenNoted', data: { childCount: command.data.childCount } }];
  },
};
