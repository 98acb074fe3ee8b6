import { EVENT_RECORDED, type EventRecordedData } from './audit.contracts';
import type { ConveningEventData } from './convening.contracts';
import type { IntakeEventData } from './intake.contracts';
import type { Sealed } from './schema-types';
import type { IntegrationEvent } from './integration-event';
import type { MeetingEventData } from './meeting.contracts';
import type { PlanFollowUpEventData } from './plan-followup.contracts';

/** Every published event's data at its current version (what a consumer holds after the registry read and upcast it). */
export type IntegrationEventData = IntakeEventData &
  ConveningEventData &
  MeetingEventData &
  PlanFollowUpEventData & { [EVENT_RECORDED]: EventRecordedData };

export type IntegrationEventType = keyof IntegrationEventData;

/** An integration event of one of the given types, its data typed from that type's contract. */
export type IntegrationEventOf<Type extends IntegrationEventType> = Type extends IntegrationEventType
  ? Omit<IntegrationEvent, 'type' | 'data'> & { type: Type; data: IntegrationEventData[Type] }
  : never;

/** Data whose sealed fields were opened (`openFields`): what they hold is not the contract's to say, so it is `unknown`. */
export type Opened<Data> = { [Key in keyof Data]: Sealed extends Data[Key] ? unknown : Data[Key] };

/**
 * Narrows a received event to the given types, its data typed from their contracts. Only the type is checked: a
 * consumer's registry validated the data against that type's schema (and upcast it) before any policy sees it.
 */
export function isEvent<Type extends IntegrationEventType>(event: IntegrationEvent, ...types: Type[]): event is IntegrationEventOf<Type> {
  return types.some((type) => type === event.type);
}
