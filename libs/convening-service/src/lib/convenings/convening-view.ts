import type { CaseDataCategory } from '@perheverkko/access-model';
import type { ConsentScope, ConveningEvent, MeetingSlot, Worker } from '@perheverkko/convening-domain';

/** A convening event as the view folds it: typed (upcast, personal fields opened or withheld), with when it was recorded. */
export type SeenConveningEvent = ConveningEvent & { occurredAt: string };

type ConsentStatus = 'in-force' | 'expired' | 'withdrawn';
type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'time-proposed' | 'cancelled';

export interface ConsentView {
  consentId: string;
  /** In force until withdrawn or past `validUntil` (at the time of the read). */
  status: ConsentStatus;
  /** Identity: `{ "withheld": "identity" }` for a caller who does not read it. */
  guardians: unknown;
  children: unknown;
  /** Who may be invited, and what each scope shares; an extension's scopes follow the consent's own. */
  scopes: ConsentScope[];
  validUntil: string;
  givenAs: string;
  recordedBy: string;
  recordedAt: string;
  extensions: Array<{ validUntil: string; recordedBy: string; recordedAt: string }>;
  withdrawnBy: unknown;
  withdrawnAt: string | null;
}

export interface InvitationView {
  invitationId: string;
  /** Identity: `{ "withheld": "identity" }` for a caller who does not read it. */
  invitee: unknown;
  /** The directory id of an invited professional. */
  inviteeId: string | null;
  consentId: string;
  share: string[];
  sentBy: string;
  sentAt: string;
  /** The reply in force: a meeting that moves asks again (accepted or time-proposed read pending). */
  status: InvitationStatus;
  proposedTime: string | null;
  repliedAt: string | null;
  cancelledAt: string | null;
  cancellationReason: string | null;
}

export interface ConveningMeetingView extends MeetingSlot {
  cancelled: boolean;
  invitationIds: string[];
  daysFromConcern: number;
  followUpReason: unknown;
  scheduledAt: string;
  /** Each move before the meeting started: where and when it was, and why. */
  moves: Array<{ from: { startsAt: string; endsAt: string; roomId: string }; reason: unknown; movedBy: string; movedAt: string }>;
  cancellation: { reason: unknown; cancelledBy: string; cancelledAt: string } | null;
}

export interface ConveningView {
  caseId: string;
  /** The stream's revision as the caller sees it (the events they see, counted from 0): the ETag, and what If-Match takes. */
  revision: number | 'no_stream';
  convener: Worker | null;
  zone: number | null;
  concernRegisteredAt: string | null;
  requestedAt: string | null;
  /** The case's guardians as intake registered them (identity); absent when intake did not say. */
  guardians?: unknown;
  consents: ConsentView[];
  invitations: InvitationView[];
  meetings: ConveningMeetingView[];
  /** Follow-up: the follow-up meetings plan follow-up asked for; `followUpPending` until convening schedules one. */
  followUpRequests?: Array<{ requestedBy: string; requestedAt: string; reason: unknown }>;
  followUpPending?: boolean;
  /** The categories left out of this view for the caller. */
  withheld: string[];
}

export interface ConveningViewInput {
  caseId: string;
  revision: number | 'no_stream';
  /** The stream's events the caller may see, in order (`visibleTo`), typed. */
  events: readonly SeenConveningEvent[];
  /** What the caller reads in this case (the guard's decision). */
  readable: ReadonlySet<CaseDataCategory>;
  /** What `visibleTo` left out of the events. */
  withheld: readonly string[];
  /** The time of the read: a consent past `validUntil` is expired from then on. */
  now: string;
}

const REPLIED: Record<'accept' | 'decline' | 'propose-time', InvitationStatus> = {
  accept: 'accepted',
  decline: 'declined',
  'propose-time': 'time-proposed',
};

/**
 * Convening as a person reads it: the consents with their status, the invitations and their replies, the meetings
 * with their time and room. A pure fold of the events the caller may see; the follow-up requests only for a caller
 * who reads follow-up. The same rules as the decider's `evolve` (a move asks the invitees again).
 */
export function conveningView({ caseId, revision, events, readable, withheld, now }: ConveningViewInput): ConveningView {
  const view: ConveningView = {
    caseId,
    revision,
    convener: null,
    zone: null,
    concernRegisteredAt: null,
    requestedAt: null,
    consents: [],
    invitations: [],
    meetings: [],
    withheld: [],
  };
  const followUpRequests: NonNullable<ConveningView['followUpRequests']> = [];
  let followUpPending = false;
  const consent = (id: string) => view.consents.find((c) => c.consentId === id);
  const invitation = (id: string) => view.invitations.find((i) => i.invitationId === id);
  const meeting = (id: string) => view.meetings.find((m) => m.meetingId === id);
  for (const event of events) {
    switch (event.type) {
      case 'ConveningOpened': {
        const { convener, zone, concernRegisteredAt, requestedAt, guardians } = event.data;
        Object.assign(view, { convener, zone, concernRegisteredAt, requestedAt }, guardians === undefined ? {} : { guardians });
        break;
      }
      case 'ConsentGranted': {
        const { consentId, guardians, children, scopes, validUntil, givenAs, recordedBy } = event.data;
        view.consents.push({
          consentId,
          status: 'in-force',
          guardians,
          children,
          scopes: [...scopes],
          validUntil,
          givenAs,
          recordedBy,
          recordedAt: event.occurredAt,
          extensions: [],
          withdrawnBy: null,
          withdrawnAt: null,
        });
        break;
      }
      case 'ConsentExtended': {
        const extended = consent(event.data.consentId);
        if (!extended) break;
        extended.scopes.push(...event.data.scopes);
        extended.validUntil = event.data.validUntil;
        extended.extensions.push({ validUntil: event.data.validUntil, recordedBy: event.data.recordedBy, recordedAt: event.occurredAt });
        break;
      }
      case 'ConsentWithdrawn': {
        const withdrawn = consent(event.data.consentId);
        if (!withdrawn || withdrawn.withdrawnAt) break;
        withdrawn.withdrawnBy = event.data.withdrawnBy;
        withdrawn.withdrawnAt = event.data.withdrawnAt;
        break;
      }
      case 'InvitationSent': {
        const { invitationId, inviteeId, invitee, consentId, share, sentBy, sentAt } = event.data;
        view.invitations.push({
          invitationId,
          invitee,
          inviteeId: inviteeId ?? null,
          consentId,
          share: [...share, ...(event.data.unrecognisedShare ?? [])],
          sentBy,
          sentAt,
          status: 'pending',
          proposedTime: null,
          repliedAt: null,
          cancelledAt: null,
          cancellationReason: null,
        });
        break;
      }
      case 'InvitationReplied': {
        const replied = invitation(event.data.invitationId);
        if (!replied) break;
        replied.status = REPLIED[event.data.reply];
        replied.proposedTime = event.data.proposedTime ?? null;
        replied.repliedAt = event.data.repliedAt;
        break;
      }
      case 'InvitationCancelled': {
        const cancelled = invitation(event.data.invitationId);
        if (!cancelled) break;
        cancelled.status = 'cancelled';
        cancelled.cancelledAt = event.data.cancelledAt;
        cancelled.cancellationReason = event.data.reason;
        break;
      }
      case 'FollowUpRequested': {
        const { requestedBy, requestedAt, reason } = event.data;
        followUpRequests.push({ requestedBy, requestedAt, reason });
        followUpPending = true;
        break;
      }
      case 'MeetingScheduled': {
        const { meetingId, kind, number, startsAt, endsAt, roomId, invitationIds, daysFromConcern, followUpReason } = event.data;
        view.meetings.push({
          meetingId,
          kind,
          number,
          startsAt,
          endsAt,
          roomId,
          cancelled: false,
          invitationIds,
          daysFromConcern,
          followUpReason: followUpReason ?? null,
          scheduledAt: event.occurredAt,
          moves: [],
          cancellation: null,
        });
        if (kind === 'follow-up') followUpPending = false;
        break;
      }
      case 'MeetingRescheduled': {
        const moved = meeting(event.data.meetingId);
        if (!moved) break;
        const { startsAt, endsAt, roomId, invitationIds, daysFromConcern, previous, reason, rescheduledBy, rescheduledAt } = event.data;
        moved.moves.push({
          from: { startsAt: previous.startsAt, endsAt: previous.endsAt, roomId: previous.roomId },
          reason,
          movedBy: rescheduledBy,
          movedAt: rescheduledAt,
        });
        Object.assign(moved, { startsAt, endsAt, roomId, invitationIds, daysFromConcern });
        // A new time asks for a new reply.
        for (const i of view.invitations)
          if (invitationIds.includes(i.invitationId) && (i.status === 'accepted' || i.status === 'time-proposed')) {
            i.status = 'pending';
            i.proposedTime = null;
          }
        break;
      }
      case 'MeetingCancelled': {
        const cancelled = meeting(event.data.meetingId);
        if (!cancelled) break;
        cancelled.cancelled = true;
        cancelled.cancellation = { reason: event.data.reason, cancelledBy: event.data.cancelledBy, cancelledAt: event.data.cancelledAt };
        break;
      }
    }
  }
  for (const c of view.consents)
    c.status = c.withdrawnAt ? 'withdrawn' : Date.parse(c.validUntil) > Date.parse(now) ? 'in-force' : 'expired';
  const followUp = readable.has('follow-up');
  return {
    ...view,
    ...(followUp ? { followUpRequests, followUpPending } : {}),
    withheld: withheldFrom(withheld, followUp ? [] : ['follow-up']),
  };
}

/** What `visibleTo` left out, and the parts of the view left out for the caller: each category once. */
function withheldFrom(byEvents: readonly string[], byParts: readonly CaseDataCategory[]): string[] {
  return [...new Set([...byEvents, ...byParts])];
}
