import type { ReportedEvent } from './reported-event';

export type CasePhase = 'not yet known' | 'concern registered' | 'route decided' | 'convening' | 'meeting scheduled' | 'plan agreed' | 'closed';

/** What the record showed about a case at one moment: the auditor's "as of" view (no personal data). */
export interface CaseSnapshot {
  caseId: string;
  asOf: string;
  phase: CasePhase;
  eventsSoFar: number;
  municipality: string | null;
  channel: string | null;
  zone: number | null;
  route: string | null;
  mandatoryNotifications: string[];
  consents: Array<{ consentId: string; scopes: Array<{ kind: string; value: string; share: string[] }>; validUntil: string; status: 'in force' | 'expired' | 'withdrawn'; withdrawnAt?: string }>;
  invitations: Array<{ invitationId: string; inviteeId: string; consentId: string; status: 'sent' | 'accept' | 'decline' | 'propose-time' | 'cancelled' }>;
  meetings: Array<{ meetingId: string; kind: string; number: number; startsAt: string; closed: boolean }>;
  plan: { revision: number; responsibleWorkerIds: string[] } | null;
  followUpsRequested: number;
  outcome: string | null;
  referrals: string[];
}

/**
 * Events in the order they happened. Events of one moment (a reaction carries its cause's time) keep the order
 * reporting received them in, except that an event never comes before the event that caused it: four topics
 * may deliver a reaction before its cause.
 */
export function inDomainOrder(events: readonly ReportedEvent[]): ReportedEvent[] {
  const byTime = events.map((event, index) => ({ event, index })).sort((a, b) => Date.parse(a.event.occurredAt) - Date.parse(b.event.occurredAt) || a.index - b.index);
  const ordered: ReportedEvent[] = [];
  for (let start = 0; start < byTime.length; ) {
    let end = start;
    while (end < byTime.length && byTime[end].event.occurredAt === byTime[start].event.occurredAt) end++;
    const pending = byTime.slice(start, end).map((e) => e.event);
    while (pending.length > 0) {
      const waiting = new Set(pending.map((e) => e.eventId));
      const next = pending.findIndex((e) => !e.causationId || !waiting.has(e.causationId));
      ordered.push(...pending.splice(next === -1 ? 0 : next, 1));
    }
    start = end;
  }
  return ordered;
}

/** Folds the case's events that had happened by `asOf` (everything happened up to then; nothing after counts). */
export function caseAsOf(caseId: string, events: readonly ReportedEvent[], asOf: string): CaseSnapshot {
  const until = Date.parse(asOf);
  let state: CaseSnapshot = {
    caseId,
    asOf,
    phase: 'not yet known',
    eventsSoFar: 0,
    municipality: null,
    channel: null,
    zone: null,
    route: null,
    mandatoryNotifications: [],
    consents: [],
    invitations: [],
    meetings: [],
    plan: null,
    followUpsRequested: 0,
    outcome: null,
    referrals: [],
  };
  for (const event of inDomainOrder(events)) {
    if (Date.parse(event.occurredAt) > until) break;
    state = { ...evolveSnapshot(state, event), eventsSoFar: state.eventsSoFar + 1 };
  }
  return {
    ...state,
    consents: state.consents.map((c) => (c.status === 'in force' && Date.parse(c.validUntil) <= until ? { ...c, status: 'expired' } : c)),
  };
}

const PHASE_ORDER: CasePhase[] = ['not yet known', 'concern registered', 'route decided', 'convening', 'meeting scheduled', 'plan agreed', 'closed'];
const atLeast = (current: CasePhase, next: CasePhase): CasePhase => (PHASE_ORDER.indexOf(next) > PHASE_ORDER.indexOf(current) ? next : current);

function evolveSnapshot(s: CaseSnapshot, { type, data }: ReportedEvent): CaseSnapshot {
  switch (type) {
    case 'ConcernRegistered':
      return { ...s, phase: atLeast(s.phase, 'concern registered'), municipality: data.municipality, channel: data.channel };
    case 'ZoneRated':
      return data.ratedBy === 'worker' ? { ...s, zone: data.zone } : s;
    case 'RouteDecided':
      return { ...s, phase: atLeast(s.phase, 'route decided'), route: data.chosenRoute, zone: data.facts.zone };
    case 'MandatoryNotificationMade':
      return { ...s, mandatoryNotifications: [...s.mandatoryNotifications, data.kind] };
    case 'ConveningOpened':
      return { ...s, phase: atLeast(s.phase, 'convening') };
    case 'ConsentGranted':
      return { ...s, consents: [...s.consents, { consentId: data.consentId, scopes: data.scopes, validUntil: data.validUntil, status: 'in force' }] };
    case 'ConsentExtended':
      return { ...s, consents: s.consents.map((c) => (c.consentId === data.consentId ? { ...c, scopes: [...c.scopes, ...data.scopes], validUntil: data.validUntil } : c)) };
    case 'ConsentWithdrawn':
      return { ...s, consents: s.consents.map((c) => (c.consentId === data.consentId ? { ...c, status: 'withdrawn', withdrawnAt: data.withdrawnAt } : c)) };
    case 'InvitationSent':
      return { ...s, invitations: [...s.invitations, { invitationId: data.invitationId, inviteeId: data.inviteeId, consentId: data.consentId, status: 'sent' }] };
    case 'InvitationReplied':
      return { ...s, invitations: s.invitations.map((i) => (i.invitationId === data.invitationId ? { ...i, status: data.reply } : i)) };
    case 'InvitationCancelled':
      return { ...s, invitations: s.invitations.map((i) => (i.invitationId === data.invitationId ? { ...i, status: 'cancelled' } : i)) };
    case 'MeetingScheduled':
      return {
        ...s,
        phase: atLeast(s.phase, 'meeting scheduled'),
        meetings: [...s.meetings.filter((m) => m.meetingId !== data.meetingId), { meetingId: data.meetingId, kind: data.kind, number: data.number, startsAt: data.startsAt, closed: false }],
      };
    case 'MeetingClosed':
      // Meeting's events carry its meeting only in the stream; the latest open meeting is the one closed.
      return { ...s, meetings: closeLatestOpen(s.meetings) };
    case 'PlanAgreed':
    case 'PlanRevised':
      return { ...s, phase: atLeast(s.phase, 'plan agreed'), plan: { revision: data.revision, responsibleWorkerIds: data.responsibleWorkers.map((w: { professionalId: string }) => w.professionalId) } };
    case 'FollowUpMeetingRequested':
      return { ...s, followUpsRequested: s.followUpsRequested + 1 };
    case 'OutcomeRecorded':
      return { ...s, outcome: data.outcome };
    case 'ReferralMade':
      return { ...s, referrals: [...s.referrals, data.serviceId] };
    case 'CaseClosed':
      return { ...s, phase: 'closed' };
    case 'CaseReopened':
      return { ...s, phase: s.plan ? 'plan agreed' : 'convening' };
    default:
      return s;
  }
}

function closeLatestOpen(meetings: CaseSnapshot['meetings']): CaseSnapshot['meetings'] {
  const open = meetings.filter((m) => !m.closed).sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt))[0];
  return meetings.map((m) => (m === open ? { ...m, closed: true } : m));
}
