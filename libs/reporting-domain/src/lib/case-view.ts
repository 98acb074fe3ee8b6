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
  /** What the case's progress rests on, each fact by the category it is learnt from: a caller's phase and dates. */
  progress: ProgressFacts;
  /** The next date as the organiser's coordinators read it (their categories): their lists' order. */
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

const earliest = (moments: Array<string | null | undefined>): string | null =>
  moments
    .filter((m): m is string => typeof m === 'string' && !Number.isNaN(Date.parse(m)))
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;

/**
 * The facts a phase and a next date are worked out from, each with the category that tells it (docs/access.md), so a
 * caller's phase and dates come from their categories alone: a step they cannot read neither shows nor moves them.
 */
export interface ProgressFacts {
  /** concern: the latest raising's date to raise it again. */
  reRaiseAt: string | null;
  /** routing: a route was decided. */
  routed: boolean;
  /** consents: convening opened. */
  convening: boolean;
  /** consents: each meeting's time and whether it was called off; meeting-record: closed; joint-plan or follow-up: held. */
  meetings: Array<{ startsAt: string; cancelled: boolean; closed: boolean; held: boolean }>;
  /** joint-plan: a plan agreed. */
  plan: boolean;
  /** follow-up: contacts, progress, follow-up requests, an outcome or a referral recorded; the next contact; closed. */
  followedUp: boolean;
  nextContactAt: string | null;
  closed: boolean;
}

function progressOf(s: CaseSnapshot): ProgressFacts {
  return {
    reRaiseAt: s.raisings[s.raisings.length - 1]?.reRaiseAt ?? null,
    routed: s.route !== null,
    convening: s.phase === 'convening' || s.phase === 'meeting scheduled' || s.phase === 'plan agreed' || s.meetings.length > 0,
    meetings: s.meetings
      .filter((m) => m.startsAt !== '')
      .map((m) => ({ startsAt: m.startsAt, cancelled: m.cancelled, closed: m.closed, held: m.held })),
    plan: s.plan !== null,
    followedUp:
      s.followUp.contacts.length > 0 ||
      s.followUp.actions.length > 0 ||
      s.followUpsRequested > 0 ||
      s.outcome !== null ||
      s.referrals.length > 0,
    nextContactAt: s.followUp.nextContactAt,
    closed: s.closure !== null,
  };
}

/** The meetings still to hold as the caller can tell: a closing they do not read, or a holding, leaves one pending. */
function pendingAsSeen(p: ProgressFacts, readable: ReadonlySet<string>) {
  const seesHeld = readable.has('joint-plan') || readable.has('follow-up');
  return p.meetings.filter((m) => !m.cancelled && !(m.closed && readable.has('meeting-record')) && !(m.held && seesHeld));
}

/**
 * The phase as the caller's categories tell it: the furthest step they can see. A caller who reads every category
 * sees the case's phase; one who reads fewer sees a step their categories show, which nothing they cannot read moves.
 */
export function phaseFor(p: ProgressFacts, readable: ReadonlySet<string>): WorkerPhase | null {
  if (readable.has('follow-up') && p.closed) return 'closed';
  if (readable.has('follow-up') && p.followedUp) return 'follow-up';
  if (readable.has('joint-plan') && p.plan) return 'plan-in-force';
  if (readable.has('consents') && pendingAsSeen(p, readable).length > 0) return 'meeting-scheduled';
  if (readable.has('consents') && p.convening) return 'convening';
  if (readable.has('routing') && p.routed) return 'routed';
  return readable.has('concern') ? 'concern' : null;
}

/** The next date as the caller's categories tell it: the re-raising (concern), a meeting (consents), the contact (follow-up). */
export function nextDateFor(p: ProgressFacts, readable: ReadonlySet<string>): string | null {
  const phase = phaseFor(p, readable);
  if (phase === 'closed') return null;
  const beforeConvening = phase === 'concern' || phase === 'routed';
  const planned = phase === 'plan-in-force' || phase === 'follow-up';
  return earliest([
    readable.has('concern') && beforeConvening ? p.reRaiseAt : null,
    ...(readable.has('consents') ? pendingAsSeen(p, readable).map((m) => m.startsAt) : []),
    readable.has('follow-up') && planned ? p.nextContactAt : null,
  ]);
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
  const progress = progressOf(snapshot);
  // The case's own phase: as one who reads every category sees it.
  const phase = phaseFor(progress, EVERY_CATEGORY) ?? 'concern';
  const revision = (row?.revision ?? 0) + 1;
  const lastEventAt = row && Date.parse(row.lastEventAt) > Date.parse(event.occurredAt) ? row.lastEventAt : event.occurredAt;
  return {
    caseId,
    revision,
    phase,
    nextDateAt: nextDateFor(progress, EVERY_CATEGORY),
    progress,
    coordinatorNextAt: nextDateFor(progress, COORDINATOR_READS),
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

/** The phase and the next date as this caller may know them (see `phaseFor` and `nextDateFor`). */
export function progressFor(
  row: Pick<CaseViewRow, 'progress'>,
  readable: ReadonlySet<string>,
): { phase: WorkerPhase | null; nextDateAt: string | null } {
  return { phase: phaseFor(row.progress, readable), nextDateAt: nextDateFor(row.progress, readable) };
}

/** How long an invitee has to answer, the convener to convene a follow-up meeting asked for and to see the family's
 * feedback collected, and the responsible worker to record the outcome after a follow-up meeting. */
const REPLY_DAYS = 7;
const CONVENE_DAYS = 14;
const FEEDBACK_DAYS = 7;
const OUTCOME_DAYS = 7;
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
  readable: ReadonlySet<string> = EVERY_CATEGORY,
): CaseTask[] {
  const s = row.snapshot;
  // What the caller's categories tell: a step they cannot read neither adds nor removes a task.
  const phase = phaseFor(row.progress, readable);
  if (phase === 'closed') return [];
  const seesHeld = readable.has('joint-plan') || readable.has('follow-up');
  const pending = s.meetings.filter(
    (m) => m.startsAt !== '' && !m.cancelled && !(m.closed && readable.has('meeting-record')) && !(m.held && seesHeld),
  );
  const tasks: Array<Omit<CaseTask, 'caseId' | 'overdue'>> = [];
  if (roles.includes('convener')) {
    if ((phase === 'concern' || phase === 'routed') && row.progress.reRaiseAt)
      tasks.push({ kind: 're-raise-concern', dueAt: row.progress.reRaiseAt });
    for (const m of pending) tasks.push({ kind: 'hold-meeting', dueAt: m.startsAt, about: { meetingId: m.meetingId } });
    const requested = row.moments.followUpRequestedAt;
    if (requested) tasks.push({ kind: 'convene-follow-up-meeting', dueAt: daysAfter(requested, CONVENE_DAYS) });
    for (const m of s.meetings) {
      if (m.closed && m.closedAt && feedbackLeft(m.closeWorkerTasks))
        tasks.push({ kind: 'collect-feedback', dueAt: daysAfter(m.closedAt, FEEDBACK_DAYS), about: { meetingId: m.meetingId } });
    }
  }
  if (roles.includes('invited-participant')) {
    // The meeting's time is the consents' category: an invitee who does not read it answers within the reply period.
    const nextMeeting = readable.has('consents') ? earliest(pending.map((m) => m.startsAt)) : null;
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
    if (row.progress.nextContactAt && (phase === 'plan-in-force' || phase === 'follow-up'))
      tasks.push({ kind: 'next-contact', dueAt: row.progress.nextContactAt });
    // A follow-up meeting held (plan follow-up counted it) with no outcome recorded: the outcome is due within a week.
    const lastFollowUp = s.meetings.filter((m) => m.kind === 'follow-up' && m.held && m.startsAt !== '').map((m) => m.startsAt);
    const heldAt = lastFollowUp.sort().at(-1);
    if (readable.has('follow-up') && heldAt && s.outcome === null)
      tasks.push({ kind: 'record-outcome', dueAt: daysAfter(heldAt, OUTCOME_DAYS) });
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
