import type { CaseDataCategory } from '@perheverkko/access-model';
import type { PlanEvent, TrackedAction } from '@perheverkko/plan-followup-domain';

/** A plan follow-up event as the view folds it: typed, personal fields opened (or withheld), with when it was recorded. */
export type SeenPlanEvent = PlanEvent & { occurredAt: string };

type EventData<T extends PlanEvent['type']> = Extract<PlanEvent, { type: T }>['data'];
type ActionStatus = EventData<'ActionProgressed'>['status'];

export interface TrackedActionView extends TrackedAction {
  /** The action's place in the plan: what progress is recorded against (`actionIndex`). */
  index: number;
  /** As last recorded; carried over to the same action (arena and text) in a new revision. */
  status: ActionStatus;
}

export interface FollowUpMeetingView {
  meetingId: string;
  number: number;
  startsAt: string;
  status: 'scheduled' | 'cancelled' | 'held';
  cancelledAt: string | null;
  heldAt: string | null;
}

export interface PlanTrackingView {
  caseId: string;
  /** The stream's revision as the caller sees it (the events they see, counted from 0): the ETag, and what If-Match takes. */
  revision: number | 'no_stream';
  /** tracking, or closed (until reopened). */
  status: 'tracking' | 'closed';
  /**
   * Joint plan: the plan revision tracked (the meeting that recorded it, its revision, responsible workers, the next
   * contact it agreed) and its actions with their progress. `actionsErased` once the case's personal data is erased.
   */
  plan?: {
    meetingId: string;
    revision: number;
    responsibleWorkerIds: string[];
    consentId: string | null;
    nextContactAt: string;
    trackedAt: string;
  } | null;
  actions?: TrackedActionView[];
  actionsErased?: true;
  /** Follow-up: each progress recorded against an action, in order. */
  progress: Array<EventData<'ActionProgressed'>>;
  /** The next contact agreed: the plan's, or a later contact's. */
  nextContactAt: string | null;
  contacts: Array<EventData<'ContactRecorded'>>;
  followUpMeetings: FollowUpMeetingView[];
  followUpMeetingRequests: Array<EventData<'FollowUpMeetingRequested'>>;
  /** The outcome last recorded. */
  outcome: EventData<'OutcomeRecorded'> | null;
  referrals: Array<EventData<'ReferralMade'>>;
  /** The closure in force (null while tracking: a reopening ends it). */
  closure: EventData<'CaseClosed'> | null;
  reopenings: Array<EventData<'CaseReopened'>>;
  /** The categories left out of this view for the caller. */
  withheld: string[];
}

export interface PlanTrackingViewInput {
  caseId: string;
  revision: number | 'no_stream';
  /** The stream's events the caller may see, in order (`visibleTo`), typed. */
  events: readonly SeenPlanEvent[];
  /** What the caller reads in this case (the guard's decision). */
  readable: ReadonlySet<CaseDataCategory>;
  /** What `visibleTo` left out of the events. */
  withheld: readonly string[];
}

/**
 * Plan follow-up as a person reads it: the plan revision tracked and its actions' progress (for a caller who reads the
 * joint plan), the contacts and the next one, the follow-up meetings, the outcome, referrals and closure. A pure fold
 * of the events the caller may see, by the decider's rules.
 */
export function planTrackingView({ caseId, revision, events, readable, withheld }: PlanTrackingViewInput): PlanTrackingView {
  const view: PlanTrackingView = {
    caseId,
    revision,
    status: 'tracking',
    progress: [],
    nextContactAt: null,
    contacts: [],
    followUpMeetings: [],
    followUpMeetingRequests: [],
    outcome: null,
    referrals: [],
    closure: null,
    reopenings: [],
    withheld: [],
  };
  let plan: NonNullable<PlanTrackingView['plan']> | null = null;
  let actions: TrackedActionView[] = [];
  let actionsErased = false;
  const meeting = (meetingId: string) => view.followUpMeetings.find((m) => m.meetingId === meetingId);
  for (const event of events) {
    switch (event.type) {
      case 'PlanTrackingUpdated': {
        const { meetingId, revision: planRevision, responsibleWorkerIds, consentId, nextContactAt } = event.data;
        plan = {
          meetingId,
          revision: planRevision,
          responsibleWorkerIds,
          consentId: consentId ?? null,
          nextContactAt,
          trackedAt: event.occurredAt,
        };
        view.nextContactAt = nextContactAt;
        // Sealed personal data: once the case key is destroyed the actions read as { erased: true }, not a list.
        const tracked: unknown = event.data.actions;
        actionsErased = !Array.isArray(tracked);
        const previous = actions;
        actions = Array.isArray(tracked)
          ? event.data.actions.map((a, index) => ({
              ...a,
              index,
              status: previous.find((p) => p.arena === a.arena && p.what === a.what)?.status ?? 'not-started',
            }))
          : [];
        break;
      }
      case 'ActionProgressed': {
        view.progress.push({ ...event.data });
        const action = actions[event.data.actionIndex];
        if (action) action.status = event.data.status;
        break;
      }
      case 'ContactRecorded':
        view.contacts.push({ ...event.data });
        if (event.data.nextContactAt) view.nextContactAt = event.data.nextContactAt;
        break;
      case 'FollowUpMeetingScheduled': {
        const { meetingId, number, startsAt } = event.data;
        view.followUpMeetings.push({ meetingId, number, startsAt, status: 'scheduled', cancelledAt: null, heldAt: null });
        break;
      }
      case 'FollowUpMeetingRescheduled': {
        const moved = meeting(event.data.meetingId);
        if (moved) moved.startsAt = event.data.startsAt;
        break;
      }
      case 'FollowUpMeetingCancelled': {
        const cancelled = meeting(event.data.meetingId);
        if (cancelled) Object.assign(cancelled, { status: 'cancelled', cancelledAt: event.data.cancelledAt });
        break;
      }
      case 'MeetingHeld': {
        const heldMeeting = meeting(event.data.meetingId);
        if (heldMeeting) Object.assign(heldMeeting, { status: 'held', heldAt: event.data.heldAt });
        break;
      }
      case 'FollowUpMeetingRequested':
        view.followUpMeetingRequests.push({ ...event.data });
        break;
      case 'OutcomeRecorded':
        view.outcome = { ...event.data };
        break;
      case 'ReferralMade':
        view.referrals.push({ ...event.data });
        break;
      case 'CaseClosed':
        view.status = 'closed';
        view.closure = { ...event.data };
        break;
      case 'CaseReopened':
        view.status = 'tracking';
        view.closure = null;
        view.reopenings.push({ ...event.data });
        break;
    }
  }
  const jointPlan = readable.has('joint-plan');
  return {
    ...view,
    ...(jointPlan ? { plan, actions, ...(actionsErased ? { actionsErased: true as const } : {}) } : {}),
    withheld: [...new Set([...withheld, ...(jointPlan ? [] : ['joint-plan'])])],
  };
}
