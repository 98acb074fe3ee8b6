/**
 * Checked by `tsc -p tsconfig.json` only (no runtime test): each `@ts-expect-error` line must fail to compile, or
 * the type check fails ("Unused '@ts-expect-error' directive"). The data types come from the contracts' schemas.
 */
import { isEvent, type IntegrationEventData, type Opened } from './event-data';
import type { IntegrationEvent } from './integration-event';

declare const event: IntegrationEvent;

if (isEvent(event, 'PlanAgreed', 'PlanRevised')) {
  // Required fields are there with their schema's types; optional ones may be absent.
  const meetingId: string = event.data.meetingId;
  const revision: number = event.data.revision;
  const workers: string[] = event.data.responsibleWorkers.map((w) => w.professionalId);
  const consentId: string | undefined = event.data.consentId;
  // @ts-expect-error the plan travels sealed: not the plan's content
  const actions: unknown[] = event.data.plan.actions;
  // @ts-expect-error optional in the schema
  const required: string = event.data.consentId;
  // @ts-expect-error the revision is a number
  const wrong: string = event.data.revision;
  void [meetingId, revision, workers, consentId, actions, required, wrong];
}

if (isEvent(event, 'MeetingScheduled')) {
  const kind: 'first' | 'follow-up' = event.data.kind;
  // @ts-expect-error the schema says first or follow-up only
  const other: 'second' = event.data.kind;
  void [kind, other];
}

// Built by convening's `object` helper: its implicitly required strings are typed too.
export const invitation: IntegrationEventData['InvitationSent'] = {
  invitationId: 'i',
  invitee: { $sealed: 1, iv: '', ct: '' },
  consentId: 'c',
  share: ['identity'],
  sentBy: 'p',
  sentAt: '2026-01-01T00:00:00.000Z',
};
// @ts-expect-error `sentBy` is required (implicitly, as a non-empty string)
export const unsent: IntegrationEventData['InvitationSent'] = {
  invitationId: 'i',
  invitee: { $sealed: 1, iv: '', ct: '' },
  consentId: 'c',
  share: [],
  sentAt: '',
};
// @ts-expect-error a share is a category of libs/access-model
export const badShare: IntegrationEventData['InvitationSent']['share'] = ['everything'];

// Opened sealed fields are unknown until checked; the clear ones keep their types.
export const opened: Opened<IntegrationEventData['JointMeetingRequested']>['guardians'] = 42;
export const zone: Opened<IntegrationEventData['JointMeetingRequested']>['zone'] = 3;

// @ts-expect-error an event type no contract has
isEvent(event, 'PlanAgred');
