import { citedConsentProblem, type CaseAccessFacts } from '@perheverkko/access-model';
import { refuse, storedEventReader, unreachable, type Command, type Decider, type DomainEvent } from '@perheverkko/decider';
import type { ServiceEntry } from '@perheverkko/reference-data';

export interface TrackedAction {
  arena: 'home' | 'everyday-environment' | 'elsewhere';
  what: string;
  who: string;
  by: string;
}

type ActionStatus = 'not-started' | 'under-way' | 'done' | 'dropped';
type Outcome = 'sufficient' | 'continue' | 'stronger-support';
type ClosureReason = 'everyday-life-runs-smoothly' | 'stronger-support-arranged' | 'family-withdrew' | 'other';

/** A revision of the joint plan as tracking follows it: its actions, responsible workers and next contact. */
interface TrackedRevision {
  meetingId: string;
  revision: number;
  actions: TrackedAction[];
  responsibleWorkerIds: string[];
  consentId?: string;
  nextContactAt: string;
}

export type PlanCommand =
  /** `consentId`: the consent the plan's responsible workers were named under, when the meeting recorded it. */
  | Command<'TrackPlanRevision', TrackedRevision>
  | Command<'RecordProgress', { actionIndex: number; status: ActionStatus; note?: string }>
  | Command<
      'RecordContact',
      { at: string; method: 'phone' | 'meeting' | 'message' | 'home-visit' | 'other'; summary: string; nextContactAt?: string }
    >
  | Command<'NoteMeetingScheduled', { meetingId: string; number: number; startsAt: string }>
  /** Convening moved a meeting before it started, or called it off (MeetingRescheduled, MeetingCancelled). */
  | Command<'NoteMeetingRescheduled', { meetingId: string; number: number; startsAt: string }>
  | Command<'NoteMeetingCancelled', { meetingId: string; number: number }>
  /** Meeting closed a meeting of the case: it was held. */
  | Command<'NoteMeetingHeld', { meetingId: string; number: number; kind: 'first' | 'follow-up'; heldAt: string }>
  | Command<'RequestFollowUpMeeting', { reason: string; furtherMeetingReason?: string }>
  /** `caseConsents`: the case's access facts (its consents) as the service reads them when the command arrives. */
  /**
   * `referral.service`: the service as the reference data's catalogue holds it (GET /service-catalogue), resolved
   * before the command is decided; absent when the id is not in force. Not stored: the referral names its id.
   */
  | Command<
      'RecordOutcome',
      {
        outcome: Outcome;
        referral?: { serviceId: string; service: ServiceEntry | undefined; consent?: { basis: 'consent' | 'law'; reference: string } };
        caseConsents: CaseAccessFacts;
      }
    >
  | Command<'CloseCase', { reason: ClosureReason; note?: string }>
  | Command<'ReopenCase', { reason: string }>;

export type PlanEvent =
  | DomainEvent<'PlanTrackingUpdated', TrackedRevision>
  | DomainEvent<'ActionProgressed', { actionIndex: number; status: ActionStatus; note?: string; by: string; at: string }>
  | DomainEvent<'ContactRecorded', { at: string; method: string; summary: string; nextContactAt?: string; by: string }>
  | DomainEvent<'FollowUpMeetingScheduled', { meetingId: string; number: number; startsAt: string }>
  /** Private: the follow-up meeting noted moved to `startsAt`, or was called off; the case's tracking shows it. */
  | DomainEvent<'FollowUpMeetingRescheduled', { meetingId: string; number: number; startsAt: string }>
  | DomainEvent<'FollowUpMeetingCancelled', { meetingId: string; number: number; cancelledAt: string }>
  /** Private: a meeting of the case was held (closed); the 1–3 meeting rule counts these. */
  | DomainEvent<'MeetingHeld', { meetingId: string; number: number; kind: 'first' | 'follow-up'; heldAt: string }>
  | DomainEvent<'FollowUpMeetingRequested', { requestedBy: string; requestedAt: string; reason: string }>
  | DomainEvent<'OutcomeRecorded', { outcome: Outcome; recordedBy: string; recordedAt: string }>
  | DomainEvent<
      'ReferralMade',
      { serviceId: string; consent?: { basis: 'consent' | 'law'; reference: string }; referredBy: string; referredAt: string }
    >
  | DomainEvent<'CaseClosed', { reason: ClosureReason; note?: string; closedBy: string; closedAt: string }>
  | DomainEvent<'CaseReopened', { reason: string; reopenedBy: string; reopenedAt: string }>;

export type PlanState =
  | { status: 'none' }
  | {
      status: 'tracking' | 'closed';
      /** The meeting whose plan is tracked, and the revision (a follow-up meeting's plan replaces an earlier meeting's). */
      meetingId: string;
      revision: number;
      /** Every meeting whose plan was tracked, in order: a later revision of an earlier one changes nothing. */
      planMeetingIds: string[];
      actions: Array<TrackedAction & { status: ActionStatus }>;
      responsibleWorkerIds: string[];
      nextContactAt: string;
      /** The meetings held: those whose plan was tracked, and those meeting closed. */
      meetingsHeld: string[];
      /** The plan's actions can no longer be read: the case's personal data was erased (its key destroyed). */
      actionsErased?: true;
    };

/** Personal data here: action texts and summaries, reasons and notes. Sealed with the case key. */
export const PLAN_PERSONAL_FIELDS = {
  PlanTrackingUpdated: ['actions'],
  ActionProgressed: ['note'],
  ContactRecorded: ['summary'],
  FollowUpMeetingRequested: ['reason'],
  CaseClosed: ['note'],
  CaseReopened: ['reason'],
} as const;

/** A stored plan follow-up event in its typed shape (its events have one schema version so far: nothing to upcast). */
export const upcastPlanEvent = storedEventReader<PlanEvent>();

/** The model plans 1–3 meetings in all; a further one (after three held) needs its reason recorded. */
const MEETINGS_WITHOUT_REASON = 3;

const withId = (ids: string[], id: string) => (ids.includes(id) ? ids : [...ids, id]);

function tracking(state: PlanState, what: string): Extract<PlanState, { status: 'tracking' | 'closed' }> {
  if (state.status === 'none') refuse('plan-not-agreed', `${what}: no joint plan has been agreed for this case yet`, 'conflict');
  if (state.status === 'closed') refuse('case-closed', `${what}: the case is closed; reopen it if a new concern arises`, 'conflict');
  return state;
}

function responsible(state: Extract<PlanState, { status: 'tracking' | 'closed' }>, actorId: string, what: string): void {
  if (!state.responsibleWorkerIds.includes(actorId))
    refuse('responsible-worker-only', `${what} is done by the responsible worker`, 'not-yours');
}

/**
 * A referral on the basis of consent cites the family's consent by id: given in this case, in force, and covering
 * the receiving service (a scope naming its organisation or its sector).
 */
function checkReferralConsent(facts: CaseAccessFacts, consentId: string, service: ServiceEntry, now: string): void {
  const problem = citedConsentProblem(facts, consentId, [{ organisation: service.organisation, sector: service.sector }], now);
  if (problem === 'unknown')
    refuse(
      'referral-consent-unknown',
      `the family has given no consent ${consentId} in this case: a referral on the basis of consent cites the consent's id`,
    );
  if (problem === 'withdrawn' || problem === 'expired')
    refuse(
      'referral-consent-not-in-force',
      `consent ${consentId} is ${problem === 'withdrawn' ? 'withdrawn' : 'no longer valid'}: refer on a consent in force, or on the legal basis`,
      'conflict',
    );
  if (problem === 'does-not-cover') {
    refuse(
      'referral-consent-does-not-cover-service',
      `consent ${consentId} does not cover ${service.en} (neither the organisation ${service.organisation} nor the sector ${service.sector}): the family's consent names the receiving service`,
      'conflict',
    );
  }
}

export const planTrackingDecider: Decider<PlanCommand, PlanEvent, PlanState> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'PlanTrackingUpdated': {
        const previous = state.status === 'none' ? [] : state.actions;
        const { meetingId } = event.data;
        const base =
          state.status === 'none'
            ? { status: 'tracking' as const, planMeetingIds: [meetingId], meetingsHeld: [meetingId] }
            : {
                status: state.status,
                planMeetingIds: withId(state.planMeetingIds, meetingId),
                meetingsHeld: withId(state.meetingsHeld, meetingId),
              };
        const revised = {
          meetingId,
          revision: event.data.revision,
          responsibleWorkerIds: event.data.responsibleWorkerIds,
          nextContactAt: event.data.nextContactAt,
        };
        // Sealed personal data: once the case key is destroyed the actions read as { erased: true }, not a list.
        if (!Array.isArray(event.data.actions)) return { ...base, ...revised, actions: [], actionsErased: true };
        // Progress carries over to the same action in a new revision; new actions start not started.
        const actions = event.data.actions.map((a) => ({
          ...a,
          status: previous.find((p) => p.arena === a.arena && p.what === a.what)?.status ?? ('not-started' as const),
        }));
        return { ...base, ...revised, actions };
      }
      case 'ActionProgressed':
        return state.status === 'none'
          ? state
          : { ...state, actions: state.actions.map((a, i) => (i === event.data.actionIndex ? { ...a, status: event.data.status } : a)) };
      case 'ContactRecorded':
        return state.status === 'none' || !event.data.nextContactAt ? state : { ...state, nextContactAt: event.data.nextContactAt };
      case 'MeetingHeld':
        return state.status === 'none' ? state : { ...state, meetingsHeld: withId(state.meetingsHeld, event.data.meetingId) };
      case 'CaseClosed':
        return state.status === 'none' ? state : { ...state, status: 'closed' };
      case 'CaseReopened':
        return state.status === 'none' ? state : { ...state, status: 'tracking' };
      default:
        return state;
    }
  },

  decide(command, state) {
    const { now, actor } = command.metadata;
    switch (command.type) {
      case 'TrackPlanRevision': {
        // Revisions arrive from the meeting service at least once and, per case, in order. Whatever a later meeting
        // agrees replaces what is tracked; an old or repeated revision, or one of a meeting already followed by
        // another, changes nothing.
        if (state.status !== 'none') {
          const { meetingId, revision } = command.data;
          if (meetingId === state.meetingId ? revision <= state.revision : state.planMeetingIds.includes(meetingId)) return [];
        }
        return [{ type: 'PlanTrackingUpdated', data: command.data }];
      }
      case 'RecordProgress': {
        const s = tracking(state, 'RecordProgress');
        if (s.actionsErased)
          refuse('case-erased', "the plan's actions were erased with the case's personal data; no progress can be recorded", 'conflict');
        if (!s.actions[command.data.actionIndex]) refuse('action-unknown', `the plan has no action ${command.data.actionIndex}`);
        return [{ type: 'ActionProgressed', data: { ...command.data, by: actor.id, at: now } }];
      }
      case 'RecordContact': {
        const s = tracking(state, 'RecordContact');
        responsible(s, actor.id, 'Recording a contact with the family');
        if (!command.data.summary.trim()) refuse('contact-summary', 'summarise the contact');
        return [{ type: 'ContactRecorded', data: { ...command.data, by: actor.id } }];
      }
      case 'NoteMeetingScheduled': {
        // Convening scheduled the follow-up this case asked for; a repeated delivery or the first meeting changes nothing.
        if (state.status === 'none' || command.data.number < 2) return [];
        return [{ type: 'FollowUpMeetingScheduled', data: command.data }];
      }
      case 'NoteMeetingRescheduled': {
        // As its scheduling: a follow-up of a case being tracked is noted at its new time; the first meeting is not.
        if (state.status === 'none' || command.data.number < 2) return [];
        return [{ type: 'FollowUpMeetingRescheduled', data: command.data }];
      }
      case 'NoteMeetingCancelled': {
        // A cancelled meeting is never held: it is noted, and the 1–3 rule (meetings held) does not count it.
        if (state.status === 'none' || command.data.number < 2) return [];
        return [{ type: 'FollowUpMeetingCancelled', data: { ...command.data, cancelledAt: now } }];
      }
      case 'NoteMeetingHeld': {
        // Closed meetings are heard at least once; the first one is known already from its plan.
        if (state.status === 'none' || state.meetingsHeld.includes(command.data.meetingId)) return [];
        return [{ type: 'MeetingHeld', data: command.data }];
      }
      case 'RequestFollowUpMeeting': {
        const s = tracking(state, 'RequestFollowUpMeeting');
        responsible(s, actor.id, 'Requesting a follow-up meeting');
        if (s.meetingsHeld.length >= MEETINGS_WITHOUT_REASON && !command.data.furtherMeetingReason?.trim()) {
          refuse(
            'further-meeting-reason',
            `the model plans 1–${MEETINGS_WITHOUT_REASON} meetings and ${s.meetingsHeld.length} have been held; a further one needs furtherMeetingReason`,
          );
        }
        const reason = command.data.furtherMeetingReason
          ? `${command.data.reason} (further meeting: ${command.data.furtherMeetingReason})`
          : command.data.reason;
        return [{ type: 'FollowUpMeetingRequested', data: { requestedBy: actor.id, requestedAt: now, reason } }];
      }
      case 'RecordOutcome': {
        const s = tracking(state, 'RecordOutcome');
        responsible(s, actor.id, 'Recording the outcome');
        const { outcome, referral } = command.data;
        if (outcome === 'stronger-support' && !referral)
          refuse('referral-required', 'stronger support means a referral to a named service from the catalogue');
        const events: PlanEvent[] = [{ type: 'OutcomeRecorded', data: { outcome, recordedBy: actor.id, recordedAt: now } }];
        if (referral) {
          const { service } = referral;
          if (!service || service.id !== referral.serviceId)
            refuse('service-unknown', `${referral.serviceId} is not in the service catalogue`);
          if (service.requiresConsent && !referral.consent)
            refuse('referral-consent', `a referral to ${service.en} needs the family's consent (or the legal basis)`);
          if (referral.consent?.basis === 'consent')
            checkReferralConsent(command.data.caseConsents, referral.consent.reference, service, now);
          events.push({
            type: 'ReferralMade',
            data: {
              serviceId: referral.serviceId,
              ...(referral.consent ? { consent: referral.consent } : {}),
              referredBy: actor.id,
              referredAt: now,
            },
          });
        }
        return events;
      }
      case 'CloseCase': {
        const s = tracking(state, 'CloseCase');
        responsible(s, actor.id, 'Closing the case');
        return [
          {
            type: 'CaseClosed',
            data: {
              reason: command.data.reason,
              ...(command.data.note ? { note: command.data.note } : {}),
              closedBy: actor.id,
              closedAt: now,
            },
          },
        ];
      }
      case 'ReopenCase': {
        if (state.status !== 'closed') refuse('reopen-closed-only', 'only a closed case can be reopened', 'conflict');
        if (!command.data.reason.trim()) refuse('reopen-reason', 'say what new concern reopens the case');
        return [{ type: 'CaseReopened', data: { reason: command.data.reason, reopenedBy: actor.id, reopenedAt: now } }];
      }
      default:
        return unreachable(command);
    }
  },
};
