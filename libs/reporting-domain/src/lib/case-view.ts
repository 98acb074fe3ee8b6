import {
  CASE_ROLE_RIGHTS,
  NO_FACTS,
  SHAREABLE_CATEGORIES,
  foldAccessFacts,
  type CaseAccessFacts,
  type CaseRole,
} from '@perheverkko/access-model';
import { isRecord } from '@perheverkko/decider';
import { emptySnapshot, evolveSnapshot, type CaseSnapshot } from './case-as-of';
import type { ReportedEvent } from './reported-event';

/** Where a case stands, as a worker names it (issue 20): each later phase replaces the earlier. */
export const WORKER_PHASES = ['concern', 'routed', 'convening', 'meeting-scheduled', 'plan-in-force', 'follow-up', 'closed'] as const;
export type WorkerPhase = (typeof WORKER_PHASES)[number];

export function isWorkerPhase(word: unknown): word is WorkerPhase {
  return WORKER_PHASES.some((phase) => phase === word);
}

/** What the workers' view keeps besides the auditor's snapshot: the moments tasks are due from, and the zone history. */
interface CaseMoments {
  /** When each invitation was sent (a reply is due from then). */
  invitationSentAt: Record<string, string>;
  /** The latest follow-up meeting plan follow-up asked for and convening has not yet scheduled. */
  followUpRequestedAt: string | null;
  /** The latest follow-up meeting held with no outcome recorded since. */
  outcomeDueSince: string | null;
  /** Every zone rating, the worker's and the family's, in the order recorded. */
  zones: Array<{ zone: number; ratedBy: string; ratedAt: string }>;
  /**
   * What the record keeps sealed with the case key, as received: each meeting's latest attendance and the family's
   * signatures on its consent form, and the joint plan in force. Opened at a read for those who read the category.
   */
  sealed: { attendance: Record<string, unknown>; signedBy: Record<string, unknown>; plan: unknown };
}

/**
 * One case as the workers' view keeps it (no personal data in clear: the family's names stay sealed with the case
 * key, as received). `snapshot` is the auditor's fold of every event; `access` the access model's facts, folded
 * from the same events, so a list can say who stands where without asking another service.
 */
export interface CaseViewRow {
  caseId: string;
  /** Events folded so far: the view's version (its ETag). */
  revision: number;
  phase: WorkerPhase;
  /** The next date that matters (a meeting, a contact, raising the concern again); null when nothing is pending. */
  nextDateAt: string | null;
  /** Each date that matters, by the category it is learnt from: a caller sees and sorts by those they read. */
  reRaiseAt: string | null;
  nextMeetingAt: string | null;
  nextContactAt: string | null;
  /** The next date as the organiser's coordinators read it (the re-raising and the meetings): their lists' order. */
  coordinatorNextAt: string | null;
  /** Every professional who may stand in the case: conveners, responsible workers, invitees (what "my cases" looks up). */
  people: string[];
  /** The organisation the case belongs to (its coordinators see it). */
  organiser: string | null;
  municipality: string | null;
  lastEventAt: string;
  snapshot: CaseSnapshot;
  access: CaseAccessFacts;
  moments: CaseMoments;
  /** The children and guardians as intake registered them, still sealed: opened only for a caller who reads identity. */
  family: { children: unknown; guardians: unknown } | null;
}

/** Case ids are UUIDs; reference data, adoption records and anonymous feedback belong to no case. */
const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The meeting an event of meeting's belongs to: named in its data, or its stream. */
const meetingIdOf = (event: ReportedEvent): string | null =>
  text(event.data.meetingId) ?? event.origin?.streamId.match(/^Meeting-(.+)$/)?.[1] ?? null;

function withSealed(m: CaseMoments, part: 'attendance' | 'signedBy', event: ReportedEvent, value: unknown): CaseMoments {
  const meetingId = meetingIdOf(event);
  return meetingId ? { ...m, sealed: { ...m.sealed, [part]: { ...m.sealed[part], [meetingId]: value } } } : m;
}

function evolveMoments(m: CaseMoments, event: ReportedEvent): CaseMoments {
  const { type, data } = event;
  switch (type) {
    case 'AttendanceRecorded':
      return withSealed(m, 'attendance', event, { participants: data.participants ?? null, childTookPart: data.childTookPart === true });
    case 'ConsentFormConfirmed':
      return withSealed(m, 'signedBy', event, data.signedBy ?? null);
    case 'PlanAgreed':
    case 'PlanRevised':
      return data.plan === undefined ? m : { ...m, sealed: { ...m.sealed, plan: data.plan } };
    case 'InvitationSent': {
      const id = text(data.invitationId);
      return id ? { ...m, invitationSentAt: { ...m.invitationSentAt, [id]: text(data.sentAt) ?? event.occurredAt } } : m;
    }
    case 'FollowUpMeetingRequested':
      return { ...m, followUpRequestedAt: text(data.requestedAt) ?? event.occurredAt };
    case 'MeetingScheduled':
      return data.kind === 'follow-up' ? { ...m, followUpRequestedAt: null } : m;
    case 'MeetingHeld':
      return data.kind === 'follow-up' ? { ...m, outcomeDueSince: text(data.heldAt) ?? event.occurredAt } : m;
    case 'OutcomeRecorded':
      return { ...m, outcomeDueSince: null };
    case 'ZoneRated':
      return typeof data.zone === 'number'
        ? {
            ...m,
            zones: [
              ...m.zones,
              { zone: data.zone, ratedBy: text(data.ratedBy) ?? 'unknown', ratedAt: text(data.ratedAt) ?? event.occurredAt },
            ],
          }
        : m;
    default:
      return m;
  }
}

const pendingMeetings = (s: CaseSnapshot) => s.meetings.filter((m) => !m.cancelled && !m.closed && !m.held && m.startsAt !== '');

/** The phase a worker reads from the record: the furthest step reached that still stands. */
export function workerPhaseOf(s: CaseSnapshot): WorkerPhase {
  if (s.closure) return 'closed';
  if (s.plan) {
    const followedUp =
      s.followUp.contacts.length > 0 ||
      s.followUp.actions.length > 0 ||
      s.followUpsRequested > 0 ||
      s.outcome !== null ||
      s.referrals.length > 0;
    return followedUp ? 'follow-up' : 'plan-in-force';
  }
  if (pendingMeetings(s).length > 0) return 'meeting-scheduled';
  if (s.phase === 'convening' || s.phase === 'meeting scheduled' || s.phase === 'plan agreed') return 'convening';
  if (s.route !== null) return 'routed';
  return 'concern';
}

const earliest = (moments: Array<string | null | undefined>): string | null =>
  moments
    .filter((m): m is string => typeof m === 'string' && !Number.isNaN(Date.parse(m)))
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;

/** When the concern is to be raised again (the latest raising's date, while the concern is not yet taken further). */
function reRaiseAt(s: CaseSnapshot, phase: WorkerPhase): string | null {
  if (phase !== 'concern' && phase !== 'routed') return null;
  return s.raisings[s.raisings.length - 1]?.reRaiseAt ?? null;
}

type CaseDates = Pick<CaseViewRow, 'reRaiseAt' | 'nextMeetingAt' | 'nextContactAt'>;

/** The dates that matter in the case now, each kept apart by the category it is learnt from. */
function datesOf(s: CaseSnapshot, phase: WorkerPhase): CaseDates {
  if (phase === 'closed') return { reRaiseAt: null, nextMeetingAt: null, nextContactAt: null };
  return {
    reRaiseAt: reRaiseAt(s, phase),
    nextMeetingAt: earliest(pendingMeetings(s).map((m) => m.startsAt)),
    nextContactAt: phase === 'plan-in-force' || phase === 'follow-up' ? s.followUp.nextContactAt : null,
  };
}

/** Which category tells each date: the re-raising is the concern's, a meeting's time the consents', a contact the follow-up's. */
const DATE_CATEGORY: Record<keyof CaseDates, string> = { reRaiseAt: 'concern', nextMeetingAt: 'consents', nextContactAt: 'follow-up' };

/** The next date among those of the categories `readable` holds. */
export function nextDateReadBy(dates: CaseDates, readable: ReadonlySet<string>): string | null {
  const keys = Object.keys(DATE_CATEGORY).filter((key): key is keyof CaseDates => key in DATE_CATEGORY);
  return earliest(keys.filter((key) => readable.has(DATE_CATEGORY[key])).map((key) => dates[key]));
}

const EVERY_CATEGORY: ReadonlySet<string> = new Set(SHAREABLE_CATEGORIES);
const COORDINATOR_READS: ReadonlySet<string> = new Set(CASE_ROLE_RIGHTS['organiser-coordinator'].read);

function peopleOf(access: CaseAccessFacts): string[] {
  const invitees = Object.values(access.invitations).flatMap((i) => (i.inviteeId ? [i.inviteeId] : []));
  return [...new Set([...access.conveners, ...(access.responsibleWorkers?.ids ?? []), ...invitees])].sort();
}

function familyOf(family: CaseViewRow['family'], event: ReportedEvent): CaseViewRow['family'] {
  // The family is who the first registration named; a concern joined later is about the same children.
  if (family || event.type !== 'ConcernRegistered') return family;
  return { children: event.data.children ?? null, guardians: event.data.guardians ?? null };
}

const NO_MOMENTS: CaseMoments = {
  invitationSentAt: {},
  followUpRequestedAt: null,
  outcomeDueSince: null,
  zones: [],
  sealed: { attendance: {}, signedBy: {}, plan: null },
};

/** Which row an archived event changes: its case's, when it belongs to a case. */
export function caseViewKeyOf(event: ReportedEvent): string | undefined {
  return CASE_ID.test(event.caseId) ? event.caseId.toLowerCase() : undefined;
}

/** One event's effect on its case's row (pure: the live table and a rebuild agree). */
export function evolveCaseView(row: CaseViewRow | null, event: ReportedEvent): CaseViewRow {
  const caseId = event.caseId.toLowerCase();
  const snapshot = evolveSnapshot(row?.snapshot ?? emptySnapshot(caseId, event.occurredAt), event);
  const access = foldAccessFacts(row?.access ?? NO_FACTS, {
    eventId: event.eventId,
    type: event.type,
    occurredAt: event.occurredAt,
    data: event.data,
  });
  const phase = workerPhaseOf(snapshot);
  const dates = datesOf(snapshot, phase);
  const revision = (row?.revision ?? 0) + 1;
  const lastEventAt = row && Date.parse(row.lastEventAt) > Date.parse(event.occurredAt) ? row.lastEventAt : event.occurredAt;
  return {
    caseId,
    revision,
    phase,
    nextDateAt: nextDateReadBy(dates, EVERY_CATEGORY),
    ...dates,
    coordinatorNextAt: nextDateReadBy(dates, COORDINATOR_READS),
    people: peopleOf(access),
    organiser: access.organiser ?? null,
    municipality: snapshot.municipality,
    lastEventAt,
    snapshot: { ...snapshot, asOf: lastEventAt, eventsSoFar: revision },
    access,
    moments: evolveMoments(row?.moments ?? NO_MOMENTS, event),
    family: familyOf(row?.family ?? null, event),
  };
}

/** The category each phase is learnt from: a caller sees the phase only where they read it. */
export const PHASE_CATEGORY: Record<WorkerPhase, string> = {
  concern: 'concern',
  routed: 'routing',
  convening: 'consents',
  'meeting-scheduled': 'consents',
  'plan-in-force': 'joint-plan',
  'follow-up': 'follow-up',
  closed: 'follow-up',
};

/**
 * The phase and next date as this caller may know them: the phase only where they read the category it is learnt
 * from, the next date only from the dates they read (a meeting's time is the consents', the next contact the
 * follow-up's, the re-raising the concern's). Null where nothing they read tells it.
 */
export function progressFor(
  row: Pick<CaseViewRow, 'phase'> & CaseDates,
  readable: ReadonlySet<string>,
): { phase: WorkerPhase | null; nextDateAt: string | null } {
  return { phase: readable.has(PHASE_CATEGORY[row.phase]) ? row.phase : null, nextDateAt: nextDateReadBy(row, readable) };
}

/** How long an invitee has to answer, and the convener to see the family's feedback collected. */
const REPLY_DAYS = 7;
const FEEDBACK_DAYS = 7;
const daysAfter = (at: string, days: number) => new Date(Date.parse(at) + days * 86_400_000).toISOString();

export const TASK_KINDS = [
  're-raise-concern',
  'reply-to-invitation',
  'hold-meeting',
  'next-contact',
  'convene-follow-up-meeting',
  'collect-feedback',
  'record-outcome',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export interface CaseTask {
  caseId: string;
  kind: TaskKind;
  dueAt: string;
  overdue: boolean;
  /** What the task is about, where there are several of a kind (a meeting, an invitation). */
  about?: { meetingId?: string; invitationId?: string };
}

const feedbackLeft = (tasks: Array<{ task: string; status: string }>) =>
  tasks.some((t) => t.task === 'feedback-collected' && t.status !== 'done');

/**
 * What is due from the caller in one case, by the roles they hold in it now (the access model's standings): the
 * convener raises the concern again, holds the meetings, convenes the follow-up meetings asked for and sees the
 * family's feedback collected; an invitee replies; a responsible worker keeps the next contact and records the outcome.
 */
export function tasksIn(
  row: CaseViewRow,
  callerId: string,
  roles: readonly CaseRole[],
  now: string,
  readable: ReadonlySet<string> = new Set(['consents']),
): CaseTask[] {
  const s = row.snapshot;
  const tasks: Array<Omit<CaseTask, 'caseId' | 'overdue'>> = [];
  if (row.phase === 'closed') return [];
  if (roles.includes('convener')) {
    const again = reRaiseAt(s, row.phase);
    if (again) tasks.push({ kind: 're-raise-concern', dueAt: again });
    for (const m of pendingMeetings(s)) tasks.push({ kind: 'hold-meeting', dueAt: m.startsAt, about: { meetingId: m.meetingId } });
    if (row.moments.followUpRequestedAt) tasks.push({ kind: 'convene-follow-up-meeting', dueAt: row.moments.followUpRequestedAt });
    for (const m of s.meetings) {
      if (m.closed && m.closedAt && feedbackLeft(m.closeWorkerTasks))
        tasks.push({ kind: 'collect-feedback', dueAt: daysAfter(m.closedAt, FEEDBACK_DAYS), about: { meetingId: m.meetingId } });
    }
  }
  if (roles.includes('invited-participant')) {
    // The meeting's time is the consents' category: an invitee who does not read it answers within the reply period.
    const nextMeeting = readable.has('consents') ? earliest(pendingMeetings(s).map((m) => m.startsAt)) : null;
    for (const invitation of s.invitations) {
      if (invitation.inviteeId !== callerId || invitation.status !== 'sent') continue;
      const sentAt = row.moments.invitationSentAt[invitation.invitationId] ?? row.lastEventAt;
      const replyBy = daysAfter(sentAt, REPLY_DAYS);
      tasks.push({
        kind: 'reply-to-invitation',
        dueAt: nextMeeting && nextMeeting < replyBy ? nextMeeting : replyBy,
        about: { invitationId: invitation.invitationId },
      });
    }
  }
  if (roles.includes('responsible-worker')) {
    if (s.followUp.nextContactAt && (row.phase === 'plan-in-force' || row.phase === 'follow-up'))
      tasks.push({ kind: 'next-contact', dueAt: s.followUp.nextContactAt });
    if (row.moments.outcomeDueSince) tasks.push({ kind: 'record-outcome', dueAt: row.moments.outcomeDueSince });
  }
  const at = Date.parse(now);
  return tasks.map((task) => ({ caseId: row.caseId, ...task, overdue: Date.parse(task.dueAt) < at }));
}

/** A scope as a worker reads it: a professional, organisation or sector by its id, or "someone the family named". */
function scopeAsRead(scope: unknown) {
  const share = isRecord(scope) && Array.isArray(scope.share) ? scope.share.filter((c): c is string => typeof c === 'string') : [];
  const kind = isRecord(scope) ? text(scope.kind) : null;
  const value = isRecord(scope) ? text(scope.value) : null;
  return value === null ? { kind, namedByFamily: true, share } : { kind, value, share };
}

/** The record's sealed parts as the service opened them for the caller (absent: not opened, or not theirs to read). */
export interface OpenedRecord {
  attendance: Record<string, unknown>;
  signedBy: Record<string, unknown>;
  plan: unknown;
}

const listOrNull = (value: unknown): unknown[] | null => (Array.isArray(value) ? value : null);

/** A meeting's attendance as opened: how many took part and which professionals (never the family's names). */
function attendanceOf(opened: unknown, known: MeetingAttendance): MeetingAttendance {
  if (!isRecord(opened)) return known;
  const participants = listOrNull(opened.participants);
  if (!participants) return known;
  return {
    participants: participants.length,
    professionalIds: participants.flatMap((p) => (isRecord(p) && typeof p.professionalId === 'string' ? [p.professionalId] : [])),
    childTookPart: opened.childTookPart === true,
  };
}
type MeetingAttendance = { participants: number | null; professionalIds: string[]; childTookPart: boolean } | null;

/** The plan in force: its revision and responsible workers, with its content where it was opened. */
function planOf(s: CaseSnapshot, opened: unknown) {
  if (!s.plan) return null;
  const content = isRecord(opened)
    ? {
        matters: opened.matters ?? null,
        actions: opened.actions ?? null,
        followUp: opened.followUp ?? null,
        nextContactAt: opened.nextContactAt ?? null,
      }
    : {};
  return { ...s.plan, ...content };
}

/**
 * The case as a person reads it, each part only where the caller may read its category (docs/access.md): the
 * concern and its zones, the route, consents and invitations and the meetings' times, the meetings' record, the
 * joint plan and its responsible workers, and the follow-up. Identity (the family's names) is the service's to open,
 * as are the record's sealed parts (`opened`: attendance, signatures, the plan's content).
 */
export function overviewParts(row: CaseViewRow, readable: ReadonlySet<string>, now: string, opened?: OpenedRecord) {
  const s = row.snapshot;
  const at = Date.parse(now);
  return {
    ...(readable.has('concern')
      ? {
          concern: {
            municipality: s.municipality,
            channel: s.channel,
            zone: s.zone,
            zoneByFamily: s.zoneByFamily,
            zones: row.moments.zones,
            raisings: s.raisings,
            joinedConcerns: s.joinedConcerns.map(({ joinedAt, organisation, zone }) => ({ joinedAt, organisation, zone })),
          },
        }
      : {}),
    ...(readable.has('routing')
      ? {
          routing: {
            route: s.route,
            mandatoryNotifications: s.mandatoryNotifications,
            needsAssessmentContacts: s.needsAssessmentContacts,
            servicesContacted: s.servicesContacted,
          },
        }
      : {}),
    ...(readable.has('consents')
      ? {
          consents: {
            consents: s.consents.map((c) => ({
              consentId: c.consentId,
              status: c.status === 'in force' && Date.parse(c.validUntil) <= at ? 'expired' : c.status,
              validUntil: c.validUntil,
              ...(c.withdrawnAt ? { withdrawnAt: c.withdrawnAt } : {}),
              scopes: c.scopes.map(scopeAsRead),
            })),
            invitations: s.invitations.map((i) => ({ ...i, sentAt: row.moments.invitationSentAt[i.invitationId] ?? null })),
            meetings: s.meetings.map((m) => ({
              meetingId: m.meetingId,
              kind: m.kind,
              number: m.number,
              startsAt: m.startsAt || null,
              roomId: m.roomId,
              rescheduled: m.rescheduled,
              cancelled: m.cancelled,
            })),
          },
        }
      : {}),
    ...(readable.has('meeting-record')
      ? {
          meetingRecord: {
            meetings: s.meetings.map((m) => {
              const signedBy = listOrNull(opened?.signedBy[m.meetingId]);
              return {
                meetingId: m.meetingId,
                number: m.number,
                // Sealed in the record: known only once opened (null: not recorded, or not opened).
                attendance: opened ? attendanceOf(opened.attendance[m.meetingId], m.attendance) : null,
                consentForm: m.consentForm && { ...m.consentForm, signatures: signedBy ? signedBy.length : m.consentForm.signatures },
                viewsRecorded: m.viewsRecorded,
                wellbeingStar: m.wellbeingStar,
                closeWorkerTasks: m.closeWorkerTasks,
                closed: m.closed,
                closedAt: m.closedAt,
                allMattersCovered: m.allMattersCovered,
                held: m.held,
              };
            }),
          },
        }
      : {}),
    ...(readable.has('joint-plan') ? { jointPlan: { plan: planOf(s, opened?.plan), responsibleWorkerIds: s.responsibleWorkerIds } } : {}),
    ...(readable.has('follow-up')
      ? {
          followUp: {
            trackedRevision: s.followUp.trackedRevision,
            nextContactAt: s.followUp.nextContactAt,
            /** Progress recorded on the plan's actions, by the action's place in the plan (the actions are the plan's). */
            progress: s.followUp.actions,
            contacts: s.followUp.contacts,
            meetingsHeld: s.followUp.meetingsHeld,
            followUpMeetingsRequested: s.followUpsRequested,
            outcome: s.outcome,
            referrals: s.referrals,
            closure: s.closure,
          },
        }
      : {}),
  };
}
