import {
  citedConsentProblem,
  consentsInForceCovering,
  convenedOrInvited,
  type CaseAccessFacts,
  type DirectoryEntry,
} from '@perheverkko/access-model';
import {
  upcastMeetingClosedV1,
  upcastMeetingClosedV2,
  upcastMeetingReportRecordedV1,
  upcastPlanRevisedV1,
  upcastResponsibleWorkersNamedV1,
  upcastResponsibleWorkersNamedV2,
} from '@perheverkko/contracts';
import { fold, isRecord, refuse, storedEventReader, unreachable, type Command, type Decider, type DomainEvent } from '@perheverkko/decider';
import { CLOSE_WORKER_TASK_KEYS, isCloseWorkerTask, type CloseWorkerTask } from './close-worker-tasks';
import type { WellbeingStarConfig } from './wellbeing-star';

/**
 * Who attended. A professional is named by directory id and recorded with the directory's name, organisation and
 * sector; family members, the child and the family's own close people are recorded by name and role only: they
 * are the family's own people, who receive nothing under a consent and count in no sector.
 */
interface Participant {
  name: string;
  role: 'family-member' | 'child' | 'close-person' | 'professional';
  organisation?: string;
  sector?: string;
  /** A professional's directory id. */
  professionalId?: string;
}

/**
 * What the domain's "who may act" rules decide on, read by the service when the command arrives and passed in
 * with it (the decider stays pure): the case's access facts (conveners, consents, invitations) and the staff
 * directory's entries for the professionals the command names (an id the directory does not know is absent).
 */
export interface CaseAccessInput {
  facts: CaseAccessFacts;
  directory: DirectoryEntry[];
}

interface PlanAction {
  /** Where the action happens: at home, in the child's everyday environment (early education, school), elsewhere. */
  arena: 'home' | 'everyday-environment' | 'elsewhere';
  where?: string;
  what: string;
  who: string;
  by: string;
}

export interface JointPlan {
  matters: string[];
  actions: PlanAction[];
  followUp: { workerContactsFamily: string; familyContactsWorker: string };
  nextContactAt: string;
}

export interface ResponsibleWorker {
  professionalId: string;
  name: string;
  organisation: string;
  /**
   * The responsible worker must come from a public service: decided from the staff directory, so it is always true
   * in what is recorded. What a caller sends here is not relied on.
   */
  publicService: boolean;
}

/** Whom the family names: directory ids (a caller's name, organisation and public-service flag are not relied on). */
interface NamedWorker {
  professionalId: string;
  name?: string;
  organisation?: string;
  publicService?: boolean;
}

/**
 * The plan in force as another meeting of the case left it, read by the service when a plan command arrives
 * (`planInForceOf`): a follow-up meeting starts from it, and a meeting whose plan a later meeting has taken on no
 * longer changes it.
 */
export interface PlanInForce {
  meetingId: string;
  /** That meeting's number in the case (1: the first joint meeting). */
  meetingNumber: number;
  /** The plan's revision, counted across the case's meetings: a follow-up meeting's revisions continue it. */
  revision: number;
  plan: JointPlan;
  responsibleWorkers: ResponsibleWorker[];
  consentId?: string;
}

/** Which revision a new one replaces: the meeting that recorded it, and its revision. */
interface RevisionRef {
  meetingId: string;
  revision: number;
}

export interface ReportRecord {
  organizer: string;
  referred: boolean;
  referredTo?: string;
  referredToAssessmentOrSocialWork: boolean;
  familyGotHelp: 'yes' | 'partly' | 'no' | 'too-early';
  remarks?: string;
}

/** A sub-item of a Wellbeing Star area (seed 002), rated on the same scale. */
interface StarSubItemRating {
  subItem: string;
  score: number;
  note?: string;
}

interface StarRating {
  area: string;
  score: number;
  note?: string;
  subItems?: StarSubItemRating[];
}

/**
 * Who rated the star: the family (its own view) or the worker. `unknown` only in ratings stored before it was
 * recorded (WellbeingStarRated v1), and when a client leaves it out.
 */
type StarRater = 'family' | 'worker';

/** One matter of the meeting's agenda at the closing check: was it covered, as everyone present felt? */
interface AgendaItemCheck {
  item: string;
  covered: boolean;
  note?: string;
}

/** A close worker's task at closing: ticked done, ticked not done, or never recorded at this meeting. */
interface CloseWorkerTaskStatus {
  task: CloseWorkerTask;
  status: 'done' | 'not-done' | 'not-recorded';
}

export type MeetingCommand =
  | Command<
      'OpenMeeting',
      { meetingId: string; kind: 'first' | 'follow-up'; number: number; startsAt: string; roomId: string; convenerId?: string }
    >
  /** Convening moved the meeting before it started (its MeetingRescheduled), or called it off (MeetingCancelled). */
  | Command<'RescheduleMeeting', { startsAt: string; roomId: string }>
  | Command<'CancelMeeting', Record<string, never>>
  | Command<'RecordAttendance', { participants: Participant[]; childTookPart: boolean; access: CaseAccessInput }>
  | Command<'ConfirmConsentForm', { signedBy: string[] }>
  | Command<'RecordViews', { views: Array<{ party: string; view: string }> }>
  /**
   * `child`: which of the case's children (1 = the first registered, as `GET /concerns/{caseId}` lists them); left
   * out, the only child, or else unknown. `caseChildren`: how many children the case has, read by the service
   * (absent: not known to meeting yet; `childCount` null: the registration did not say).
   */
  /**
   * `config`: the version's configuration as the reference data holds it (GET /wellbeing-star/configs), resolved
   * before the command is decided; absent when the version is not known. Not stored: the rating names its version.
   */
  | Command<
      'RateWellbeingStar',
      {
        configVersion: string;
        config: WellbeingStarConfig | undefined;
        child?: number;
        ratedBy?: StarRater;
        ratings: StarRating[];
        caseChildren?: { childCount: number | null };
      }
    >
  /** The close worker ticks their tasks at the meeting (seed 002): done or not done, any number of times until closing. */
  | Command<'CheckCloseWorkerTasks', { tasks: Array<{ task: string; done: boolean }>; planOfOtherMeetings?: PlanInForce }>
  /**
   * The plan commands and closing also take `planOfOtherMeetings`: the plan in force as the case's other meetings
   * left it (absent when none agreed one), read by the service when the command arrives.
   */
  | Command<'AgreePlan', { plan: JointPlan; planOfOtherMeetings?: PlanInForce }>
  | Command<'RevisePlan', { plan: JointPlan; reason: string; planOfOtherMeetings?: PlanInForce }>
  /** At a follow-up meeting: the family confirms the plan in force as it is, and the meeting agrees the next contact. */
  | Command<'ConfirmPlan', { nextContactAt: string; planOfOtherMeetings?: PlanInForce }>
  /** `consentId`: the consent the family names them under (default: the first consent in force that covers them all). */
  | Command<
      'NameResponsibleWorkers',
      { workers: NamedWorker[]; reason?: string; consentId?: string; access: CaseAccessInput; planOfOtherMeetings?: PlanInForce }
    >
  /**
   * The joint evaluation at the end (seed 003): `agenda`, each matter felt important and whether it was covered.
   * `allMattersCovered` alone (the yes/no of older clients) records the agenda as unknown; with `agenda` it must agree.
   */
  | Command<
      'CloseMeeting',
      {
        allMattersCovered?: boolean;
        agenda?: AgendaItemCheck[];
        evaluationNote?: string;
        report: ReportRecord;
        planOfOtherMeetings?: PlanInForce;
      }
    >;

export type MeetingEvent =
  | DomainEvent<'MeetingOpened', { meetingId: string; kind: 'first' | 'follow-up'; number: number; startsAt: string; roomId: string }>
  /** Private: the record follows convening's move of the meeting; its steps open before the new start. */
  | DomainEvent<'MeetingRecordMoved', { meetingId: string; startsAt: string; roomId: string; previousStartsAt: string }>
  /** Private: the meeting was called off before it was held; nothing is recorded of it. */
  | DomainEvent<'MeetingRecordCancelled', { meetingId: string; cancelledAt: string }>
  /** Private: who convened it, so this service knows the convener's need to know without asking convening. */
  | DomainEvent<'ConvenerNoted', { convenerId: string }>
  | DomainEvent<'AttendanceRecorded', { participants: Participant[]; childTookPart: boolean }>
  | DomainEvent<'ConsentFormConfirmed', { signedBy: string[]; confirmedBy: string; confirmedAt: string }>
  | DomainEvent<'ViewsRecorded', { views: Array<{ party: string; view: string }> }>
  /** v2: `child` (its number in the case) and `ratedBy`; ratings may carry sub-items. v1 → `child` and `ratedBy` unknown. */
  | DomainEvent<
      'WellbeingStarRated',
      { configVersion: string; child: number | 'unknown'; ratedBy: StarRater | 'unknown'; ratings: StarRating[]; ratedAt: string }
    >
  | DomainEvent<'CloseWorkerTasksChecked', { tasks: Array<{ task: CloseWorkerTask; done: boolean }>; checkedBy: string; checkedAt: string }>
  /** `consentId`: the consent the responsible workers were named under, when the naming recorded it. */
  | DomainEvent<
      'PlanAgreed',
      {
        meetingId: string;
        revision: 1;
        plan: JointPlan;
        responsibleWorkers: ResponsibleWorker[];
        consentId?: string;
        agreedBy: string;
        agreedAt: string;
      }
    >
  /**
   * v2: `revises` (the revision it replaces, possibly another meeting's) and `confirmed` (the family confirmed the
   * plan in force at a follow-up meeting: no `reason`). v1 → `confirmed: false`, revising its own meeting's previous revision.
   */
  | DomainEvent<
      'PlanRevised',
      {
        meetingId: string;
        revision: number;
        plan: JointPlan;
        responsibleWorkers: ResponsibleWorker[];
        consentId?: string;
        reason?: string;
        revises: RevisionRef;
        confirmed: boolean;
        revisedBy: string;
        revisedAt: string;
      }
    >
  /** v2: the family named them (`namedByFamily`), under `consentId` (absent in v1 events, read through the upcaster). */
  | DomainEvent<
      'ResponsibleWorkersNamed',
      { workers: ResponsibleWorker[]; previous: string[]; reason?: string; namedAt: string; namedByFamily: true; consentId?: string }
    >
  /**
   * v2: the meeting closed (`meetingId`, `kind`, `number`; absent in v1 events). v3: the closing check per agenda item
   * (`agenda`) and the close worker's checklist (`closeWorkerTasks`); in v1/v2 events both read `unknown`.
   */
  | DomainEvent<
      'MeetingClosed',
      {
        meetingId?: string;
        kind?: 'first' | 'follow-up';
        number?: number;
        allMattersCovered: boolean;
        agenda: AgendaItemCheck[] | 'unknown';
        closeWorkerTasks: CloseWorkerTaskStatus[] | 'unknown';
        evaluationNote?: string;
        closedAt: string;
      }
    >
  /**
   * v2: the meeting it records (`meetingId`, `number`, `startsAt`) and the Wellbeing Star scores rated at it (null: none
   * rated); v1 → all four null, unknown.
   */
  | DomainEvent<
      'MeetingReportRecorded',
      ReportRecord & {
        meetingId: string | null;
        number: number | null;
        startsAt: string | null;
        wellbeingStar: ReportedStarRating[] | null;
        kind: 'first' | 'follow-up';
        participatingSectors: string[];
        recordedBy: string;
        recordedAt: string;
      }
    >;

/**
 * The Wellbeing Star as the report record carries it for the effectiveness figures: per child and rater, each
 * area's latest score at the meeting and the version rated under. Scores only (numbers, as the zone is): they stay
 * countable after the case key is destroyed; the raters' notes stay sealed in WellbeingStarRated.
 */
interface ReportedStarRating {
  configVersion: string;
  child: number | 'unknown';
  ratedBy: StarRater | 'unknown';
  scores: Record<string, number>;
}

export type MeetingState =
  | { status: 'none' }
  | {
      status: 'open' | 'closed';
      meetingId: string;
      kind: 'first' | 'follow-up';
      number: number;
      startsAt: string;
      /** Convening called the meeting off before it was held. */
      cancelledAt?: string;
      attendance?: { participants: Participant[]; childTookPart: boolean };
      consentFormConfirmed: boolean;
      /** The revision of this meeting's latest plan (counted across the case); 0 until this meeting records one. */
      planRevision: number;
      plan?: JointPlan;
      /** This meeting agreed the plan (revision 1), or the family confirmed the plan in force here. */
      planAgreedHere: boolean;
      planConfirmedHere: boolean;
      /** Named at this meeting, or carried by this meeting's latest plan. */
      responsibleWorkers: ResponsibleWorker[];
      /** The consent the responsible workers were named under (unknown for a v1 naming). */
      responsibleWorkersConsentId?: string;
      /** The close worker's tasks as last ticked at this meeting. */
      closeWorkerTasks: Partial<Record<CloseWorkerTask, boolean>>;
      /** The star as rated at this meeting so far, for its report record. */
      wellbeingStar?: ReportedStarRating[];
    };

/**
 * Current schema versions of meeting's stored events, and how older stored versions read (the published
 * contract's steps). Stored events are never rewritten.
 * - ResponsibleWorkersNamed v2: `namedByFamily` and the `consentId` they were named under (v1: namedByFamily, no consent).
 * - ResponsibleWorkersNamed v3: `reason` sealed; v2 events keep the clear text they were written with.
 * - PlanRevised v2: `revises` and `confirmed` (v1: revised its own meeting's previous revision, with a reason).
 * - MeetingClosed v2: `meetingId`, `kind`, `number` (v1: absent).
 * - MeetingClosed v3: `agenda` and `closeWorkerTasks` (v1/v2: `unknown`, the yes/no `allMattersCovered` kept).
 * - WellbeingStarRated v2 (private): `child` and `ratedBy`, sub-items (v1: child and rater `unknown`).
 * - MeetingReportRecorded v2: `meetingId`, `number`, `startsAt`, `wellbeingStar` (v1: null, unknown).
 */
export const MEETING_SCHEMA_VERSIONS = {
  ResponsibleWorkersNamed: 3,
  PlanRevised: 2,
  MeetingClosed: 3,
  MeetingReportRecorded: 2,
  WellbeingStarRated: 2,
} as const;

/** WellbeingStarRated v1 → v2: a v1 rating said neither which child nor who rated; both read `unknown`. */
const upcastWellbeingStarRatedV1 = (data: unknown): unknown => ({ ...(isRecord(data) ? data : {}), child: 'unknown', ratedBy: 'unknown' });

export const MEETING_UPCASTERS = {
  MeetingReportRecorded: { 1: upcastMeetingReportRecordedV1 },
  ResponsibleWorkersNamed: { 1: upcastResponsibleWorkersNamedV1, 2: upcastResponsibleWorkersNamedV2 },
  PlanRevised: { 1: upcastPlanRevisedV1 },
  MeetingClosed: { 1: upcastMeetingClosedV1, 2: upcastMeetingClosedV2 },
  WellbeingStarRated: { 1: upcastWellbeingStarRatedV1 },
};

/** A stored meeting event of any version in the current shape (the same steps `handleCommand` takes). */
export const upcastMeetingEvent = storedEventReader<MeetingEvent>(MEETING_SCHEMA_VERSIONS, MEETING_UPCASTERS);

/** Personal data in meeting events: names, the family's views, plan texts and notes are sealed with the case key. */
export const MEETING_PERSONAL_FIELDS = {
  AttendanceRecorded: ['participants'],
  ConsentFormConfirmed: ['signedBy'],
  ViewsRecorded: ['views'],
  WellbeingStarRated: ['ratings'],
  PlanAgreed: ['plan'],
  PlanRevised: ['plan', 'reason'],
  // The matters on the agenda are the family's; whether each was covered is not, and stays countable.
  MeetingClosed: ['evaluationNote', 'agenda.*.item', 'agenda.*.note'],
  MeetingReportRecorded: ['remarks'],
  ResponsibleWorkersNamed: ['reason'],
} as const;

type HeldMeeting = Extract<MeetingState, { status: 'open' | 'closed' }>;

/** The meeting's record opens this long before its start: people arrive, the room is set up. */
export const MEETING_RECORD_OPENS_MINUTES_BEFORE = 15;

/**
 * A step of the meeting: the meeting is scheduled, not closed, and about to start or started (its record opens
 * MEETING_RECORD_OPENS_MINUTES_BEFORE minutes before `startsAt`: nothing is recorded of a meeting not yet held).
 */
function openMeeting(state: MeetingState, what: string, now: string): HeldMeeting {
  if (state.status === 'none') refuse('meeting-must-be-open', `${what}: this meeting has not been scheduled`, 'conflict');
  if (state.status === 'closed')
    refuse('meeting-closed', `${what}: the meeting is closed; later changes belong to plan follow-up`, 'conflict');
  if (state.cancelledAt)
    refuse(
      'meeting-cancelled',
      `${what}: the meeting was cancelled by its convener before it was held; nothing is recorded of it`,
      'conflict',
    );
  const opensAt = Date.parse(state.startsAt) - MEETING_RECORD_OPENS_MINUTES_BEFORE * 60_000;
  if (Date.parse(now) < opensAt) {
    refuse(
      'meeting-not-started',
      `${what}: the meeting starts at ${state.startsAt}; its record opens ${MEETING_RECORD_OPENS_MINUTES_BEFORE} minutes before (${new Date(opensAt).toISOString()}), when the meeting is held`,
      'conflict',
    );
  }
  return state;
}

/** The plan a command works on: this meeting's own latest, or the one another meeting left in force. */
interface PlanBase extends PlanInForce {
  /** Recorded at this meeting. */
  here: boolean;
}

/**
 * The plan in force for this meeting: the latest of the meeting with the highest number that has one. A follow-up
 * meeting without a plan of its own starts from the earlier meeting's; a meeting whose plan a later meeting has
 * taken on gets `later` (its plan is no longer the one in force, and no longer changes here).
 */
function planInForce(s: HeldMeeting, other: PlanInForce | undefined): { base?: PlanBase; later?: PlanInForce } {
  const own: PlanBase | undefined = s.plan
    ? {
        meetingId: s.meetingId,
        meetingNumber: s.number,
        revision: s.planRevision,
        plan: s.plan,
        responsibleWorkers: s.responsibleWorkers,
        ...underConsent(s.responsibleWorkersConsentId),
        here: true,
      }
    : undefined;
  if (!other || other.meetingId === s.meetingId) return { base: own };
  if (other.meetingNumber > s.number) return { later: other };
  return { base: own ?? { ...other, here: false } };
}

/** A plan command at a meeting whose plan a later meeting has taken on: the later meeting changes it now. */
function refuseTakenOn(later: PlanInForce | undefined, what: string): void {
  if (later) {
    refuse(
      'plan-taken-on-by-later-meeting',
      `${what}: meeting ${later.meetingNumber} has since taken the plan on (revision ${later.revision}); the plan in force changes there, or at the next follow-up meeting`,
      'conflict',
    );
  }
}

/** The plan is personal data: once the case key is destroyed it reads as erased and cannot be carried on. */
function readablePlan(plan: JointPlan): JointPlan {
  // Erased, the plan reads `{ erased: true }` whatever its type says: it has no matters then.
  if (!Array.isArray(plan.matters))
    refuse('case-erased', "the plan in force was erased with the case's personal data; it cannot be carried on", 'conflict');
  return plan;
}

const sameWorkers = (a: ResponsibleWorker[], b: ResponsibleWorker[]) =>
  a.length === b.length && a.every((w) => b.some((v) => v.professionalId === w.professionalId));

const revisionOf = (base: PlanBase): RevisionRef => ({ meetingId: base.meetingId, revision: base.revision });

function checkPlan(plan: JointPlan): void {
  if (plan.matters.length === 0) refuse('plan-matters', 'name at least one concrete matter that needs change');
  if (plan.actions.length === 0) refuse('plan-actions', 'a plan states what is done next');
  plan.actions.forEach((action, i) => {
    if (!action.who.trim() || !action.by) refuse('plan-action-who-when', `actions[${i}] says who does it and by when`);
    if (action.arena === 'elsewhere' && !action.where?.trim()) refuse('plan-action-where', `actions[${i}] happens elsewhere: say where`);
  });
  if (!plan.followUp.workerContactsFamily.trim() || !plan.followUp.familyContactsWorker.trim()) {
    refuse('plan-follow-up', 'say how the worker contacts the family and how the family contacts the worker');
  }
}

const entryOf = (access: CaseAccessInput, professionalId: string | undefined) =>
  professionalId === undefined ? undefined : access.directory.find((e) => e.id === professionalId);

/**
 * Who is recorded as present. A professional must be known to the directory and stand in the case: its convener,
 * invited (an invitation neither cancelled nor declined), or covered by a consent in force. The family's own
 * people are recorded by name and role only.
 */
function attendees(participants: Participant[], access: CaseAccessInput, now: string): Participant[] {
  return participants.map((participant, i) => {
    if (participant.role !== 'professional') return { name: participant.name, role: participant.role };
    const entry = entryOf(access, participant.professionalId);
    if (!entry) {
      refuse(
        'attendee-not-in-directory',
        `participants[${i}] (${participant.name}) is recorded as a professional: name them by their directory id (GET /directory)${participant.professionalId ? `; ${participant.professionalId} is not in it` : ''}. The family's own people are family members or close people`,
      );
    }
    const standing =
      convenedOrInvited(access.facts, entry.id) ?? (consentsInForceCovering(access.facts, entry, now).length > 0 ? 'covered' : undefined);
    if (!standing) {
      refuse(
        'attendee-not-covered-by-consent',
        `${entry.name} (${entry.organisation}) is neither the convener, invited, nor covered by a consent of the family in force: the family's consent names who may take part`,
        'conflict',
      );
    }
    return {
      name: entry.name,
      role: 'professional' as const,
      organisation: entry.organisation,
      sector: entry.sector,
      professionalId: entry.id,
    };
  });
}

/**
 * The responsible workers the family names: professionals of a public service known to the directory, covered
 * by one consent in force (the one cited, or else the first that covers them all). Returns them as the directory
 * knows them, and the consent.
 */
function responsibleWorkers(
  workers: NamedWorker[],
  citedConsentId: string | undefined,
  access: CaseAccessInput,
  now: string,
): { workers: ResponsibleWorker[]; consentId: string } {
  const entries = workers.map((worker, i) => {
    const entry = entryOf(access, worker.professionalId);
    if (!entry)
      refuse(
        'responsible-worker-unknown',
        `workers[${i}]: ${worker.professionalId} is not a professional in the staff directory (GET /directory); the responsible worker is named by directory id`,
      );
    if (!entry.publicService)
      refuse(
        'responsible-worker-public',
        `${entry.name} (${entry.organisation}, ${entry.sector}) is not from a public service; the responsible worker must be`,
      );
    return entry;
  });
  if (new Set(entries.map((e) => e.id)).size !== entries.length)
    refuse('responsible-workers-distinct', 'a pair of responsible workers is two different professionals');
  if (citedConsentId !== undefined) {
    const problem = citedConsentProblem(access.facts, citedConsentId, entries, now);
    if (problem === 'unknown') refuse('consent-unknown', `the family has given no consent ${citedConsentId} in this case`);
    if (problem === 'withdrawn' || problem === 'expired')
      refuse(
        'consent-not-in-force',
        `consent ${citedConsentId} is ${problem === 'withdrawn' ? 'withdrawn' : 'no longer valid'}: the family names responsible workers under a consent in force`,
        'conflict',
      );
    if (problem === 'does-not-cover')
      refuse(
        'responsible-worker-not-covered-by-consent',
        `consent ${citedConsentId} does not cover ${entries
          .filter((e) => citedConsentProblem(access.facts, citedConsentId, [e], now))
          .map((e) => e.name)
          .join(' and ')}`,
        'conflict',
      );
    return { workers: entries.map(asResponsibleWorker), consentId: citedConsentId };
  }
  const coveringEach = entries.map((entry) => consentsInForceCovering(access.facts, entry, now).map((c) => c.consentId));
  const uncovered = entries.filter((_, i) => coveringEach[i].length === 0);
  if (uncovered.length > 0) {
    refuse(
      'responsible-worker-not-covered-by-consent',
      `${uncovered.map((e) => `${e.name} (${e.organisation})`).join(' and ')}: no consent of the family in force covers them; the family names its responsible worker among those its consent covers`,
      'conflict',
    );
  }
  const common = coveringEach[0].filter((consentId) => coveringEach.every((ids) => ids.includes(consentId)));
  if (common.length === 0)
    refuse(
      'responsible-worker-not-covered-by-consent',
      'no one consent of the family in force covers both workers of the pair: name them under one consent, or extend it',
      'conflict',
    );
  return { workers: entries.map(asResponsibleWorker), consentId: common[0] };
}

/** A rating names a known version's areas, their own sub-items, each once, on its scale. */
function checkStarRatings(configVersion: string, config: WellbeingStarConfig | undefined, ratings: StarRating[]): void {
  if (!config || config.version !== configVersion)
    refuse(
      'star-config',
      `unknown Wellbeing Star version ${configVersion}; the versions are in the reference data (GET /wellbeing-star/configs)`,
    );
  const onScale = (score: number) => Number.isInteger(score) && score >= config.scale.min && score <= config.scale.max;
  ratings.forEach((rating, i) => {
    const area = config.areas.find((a) => a.key === rating.area);
    if (!area) refuse('star-area', `${rating.area} is not an area of ${config.version}`);
    if (ratings.findIndex((r) => r.area === rating.area) !== i)
      refuse('star-area-once', `ratings[${i}]: ${rating.area} is rated twice in one rating`);
    if (!onScale(rating.score))
      refuse(
        'star-scale',
        `${rating.area}: the score is ${config.scale.min}–${config.scale.max} in ${config.version}, got ${rating.score}`,
      );
    const known = area.subItems ?? [];
    const subItems = rating.subItems ?? [];
    subItems.forEach((sub, j) => {
      if (!known.some((k) => k.key === sub.subItem)) {
        const listed = known.length > 0 ? `its sub-items are ${known.map((k) => k.key).join(', ')}` : 'that area has no sub-items';
        refuse(
          'star-sub-item',
          `ratings[${i}].subItems[${j}]: ${sub.subItem} is not a sub-item of ${rating.area} in ${config.version}; ${listed}`,
        );
      }
      if (subItems.findIndex((other) => other.subItem === sub.subItem) !== j)
        refuse('star-sub-item-once', `ratings[${i}].subItems[${j}]: ${sub.subItem} is rated twice`);
      if (!onScale(sub.score))
        refuse(
          'star-scale',
          `${rating.area} / ${sub.subItem}: the score is ${config.scale.min}–${config.scale.max} in ${config.version}, got ${sub.score}`,
        );
    });
  });
}

/**
 * The child a rating concerns, by their number in the case. Left out, it is the only child, or else unknown (as
 * older clients rate: not guessed). When meeting does not know how many children the case has, a number given is
 * taken as it is.
 */
function childRated(child: number | undefined, caseChildren: { childCount: number | null } | undefined): number | 'unknown' {
  const count = caseChildren?.childCount ?? undefined;
  if (child === undefined) return count === 1 ? 1 : 'unknown';
  if (!Number.isInteger(child) || child < 1 || (count !== undefined && child > count)) {
    const children =
      count === undefined ? 'an unknown number of children' : count === 1 ? 'one child (child 1)' : `${count} children (1–${count})`;
    refuse('star-child-not-in-case', `child ${child} is not a child of this case: it concerns ${children}`, 'conflict');
  }
  return child;
}

/**
 * The joint evaluation at closing: per agenda item, or (from older clients) the yes/no alone, recorded with the
 * agenda unknown. Both given must agree: all matters were covered exactly when every item was.
 */
function closingCheck(
  agenda: AgendaItemCheck[] | undefined,
  allMattersCovered: boolean | undefined,
): { agenda: AgendaItemCheck[] | 'unknown'; allMattersCovered: boolean } {
  if (agenda === undefined) {
    if (allMattersCovered === undefined)
      refuse('closing-check', 'the meeting closes with the joint evaluation: give each agenda item and whether it was covered (agenda)');
    return { agenda: 'unknown', allMattersCovered };
  }
  if (agenda.length === 0) refuse('closing-check', 'name at least one matter of the agenda and whether it was covered');
  agenda.forEach((entry, i) => {
    if (!entry.item.trim()) refuse('closing-check-item', `agenda[${i}]: name the matter`);
  });
  const everyItemCovered = agenda.every((entry) => entry.covered);
  if (allMattersCovered !== undefined && allMattersCovered !== everyItemCovered) {
    const items = everyItemCovered
      ? 'every agenda item was covered'
      : `${agenda.filter((e) => !e.covered).length} agenda item(s) were not covered`;
    refuse(
      'closing-check-contradicts',
      `allMattersCovered is ${allMattersCovered}, but ${items}: leave allMattersCovered out, it follows from the agenda`,
    );
  }
  return { agenda, allMattersCovered: everyItemCovered };
}

const taskStatus = (done: boolean | undefined): CloseWorkerTaskStatus['status'] =>
  done === undefined ? 'not-recorded' : done ? 'done' : 'not-done';

const asResponsibleWorker = (entry: DirectoryEntry): ResponsibleWorker => ({
  professionalId: entry.id,
  name: entry.name,
  organisation: entry.organisation,
  publicService: true,
});

const underConsent = (consentId: string | undefined) => (consentId ? { consentId } : {});

/**
 * The star for the report record after one more rating at the meeting: per child and rater, each area's latest
 * score. Ratings read as erased (the case key destroyed) add nothing.
 */
function starAfter(
  star: ReportedStarRating[],
  rated: { configVersion: string; child: number | 'unknown'; ratedBy: StarRater | 'unknown'; ratings: unknown },
): ReportedStarRating[] {
  if (!Array.isArray(rated.ratings)) return star;
  const { configVersion, child, ratedBy } = rated;
  const earlier = star.find((r) => r.child === child && r.ratedBy === ratedBy);
  const scores = { ...earlier?.scores };
  const ratings: unknown[] = rated.ratings;
  for (const rating of ratings) {
    if (isRecord(rating) && typeof rating.area === 'string' && typeof rating.score === 'number') scores[rating.area] = rating.score;
  }
  return [...star.filter((r) => r !== earlier), { configVersion, child, ratedBy, scores }];
}

export const meetingDecider: Decider<MeetingCommand, MeetingEvent, MeetingState> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    if (event.type === 'MeetingOpened') {
      const { meetingId, kind, number, startsAt } = event.data;
      return {
        status: 'open',
        meetingId,
        kind,
        number,
        startsAt,
        consentFormConfirmed: false,
        planRevision: 0,
        planAgreedHere: false,
        planConfirmedHere: false,
        responsibleWorkers: [],
        closeWorkerTasks: {},
      };
    }
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'MeetingRecordMoved':
        return { ...state, startsAt: event.data.startsAt };
      case 'MeetingRecordCancelled':
        return { ...state, cancelledAt: event.data.cancelledAt };
      case 'AttendanceRecorded':
        return { ...state, attendance: event.data };
      case 'ConsentFormConfirmed':
        return { ...state, consentFormConfirmed: true };
      case 'PlanAgreed':
      case 'PlanRevised': {
        // Each revision names its responsible workers; one carried over from another meeting brings them with it.
        const { consentId } = event.data;
        const consent =
          consentId ??
          (sameWorkers(event.data.responsibleWorkers, state.responsibleWorkers) ? state.responsibleWorkersConsentId : undefined);
        return {
          ...state,
          plan: event.data.plan,
          planRevision: event.data.revision,
          responsibleWorkers: event.data.responsibleWorkers,
          responsibleWorkersConsentId: consent,
          planAgreedHere: state.planAgreedHere || event.type === 'PlanAgreed',
          planConfirmedHere: state.planConfirmedHere || (event.type === 'PlanRevised' && event.data.confirmed === true),
        };
      }
      case 'ResponsibleWorkersNamed': {
        const { consentId } = event.data;
        return { ...state, responsibleWorkers: event.data.workers, responsibleWorkersConsentId: consentId };
      }
      case 'CloseWorkerTasksChecked':
        return {
          ...state,
          closeWorkerTasks: { ...state.closeWorkerTasks, ...Object.fromEntries(event.data.tasks.map((t) => [t.task, t.done])) },
        };
      case 'MeetingClosed':
        return { ...state, status: 'closed' };
      case 'WellbeingStarRated':
        return { ...state, wellbeingStar: starAfter(state.wellbeingStar ?? [], event.data) };
      default:
        return state;
    }
  },

  decide(command, state) {
    const { now, actor } = command.metadata;
    switch (command.type) {
      case 'OpenMeeting': {
        // Convening's "meeting scheduled" may be delivered again: the meeting opens once.
        if (state.status !== 'none') return [];
        const { convenerId, ...opened } = command.data;
        return [{ type: 'MeetingOpened', data: opened }, ...(convenerId ? [{ type: 'ConvenerNoted' as const, data: { convenerId } }] : [])];
      }
      case 'RescheduleMeeting': {
        // Convening moves a meeting only before its record opens; a held or cancelled one stays as it is, and a
        // delivery that changes nothing records nothing.
        if (state.status !== 'open' || state.cancelledAt) return [];
        const { startsAt, roomId } = command.data;
        if (Date.parse(startsAt) === Date.parse(state.startsAt)) return [];
        return [{ type: 'MeetingRecordMoved', data: { meetingId: state.meetingId, startsAt, roomId, previousStartsAt: state.startsAt } }];
      }
      case 'CancelMeeting':
        if (state.status !== 'open' || state.cancelledAt) return [];
        return [{ type: 'MeetingRecordCancelled', data: { meetingId: state.meetingId, cancelledAt: now } }];
      case 'RecordAttendance': {
        openMeeting(state, 'RecordAttendance', now);
        const { participants, childTookPart, access } = command.data;
        if (!participants.some((p) => p.role === 'family-member'))
          refuse('family-present', 'the joint meeting is held with the family: record at least one family member');
        return [{ type: 'AttendanceRecorded', data: { participants: attendees(participants, access, now), childTookPart } }];
      }
      case 'ConfirmConsentForm': {
        openMeeting(state, 'ConfirmConsentForm', now);
        if (command.data.signedBy.length === 0)
          refuse('consent-form-signer', 'name who in the family signed the "team members and consent" form');
        return [{ type: 'ConsentFormConfirmed', data: { signedBy: command.data.signedBy, confirmedBy: actor.id, confirmedAt: now } }];
      }
      case 'RecordViews':
        openMeeting(state, 'RecordViews', now);
        if (command.data.views.length === 0) refuse('views-required', 'record at least one party’s view');
        return [{ type: 'ViewsRecorded', data: command.data }];
      case 'RateWellbeingStar': {
        openMeeting(state, 'RateWellbeingStar', now);
        const { configVersion, config, ratings, ratedBy } = command.data;
        checkStarRatings(configVersion, config, ratings);
        const child = childRated(command.data.child, command.data.caseChildren);
        return [{ type: 'WellbeingStarRated', data: { configVersion, child, ratedBy: ratedBy ?? 'unknown', ratings, ratedAt: now } }];
      }
      case 'CheckCloseWorkerTasks': {
        const s = openMeeting(state, 'CheckCloseWorkerTasks', now);
        const { tasks } = command.data;
        if (tasks.length === 0) refuse('close-worker-tasks-required', 'tick at least one task');
        const checked = tasks.map(({ task, done }, i) => {
          if (!isCloseWorkerTask(task))
            refuse(
              'close-worker-task-unknown',
              `tasks[${i}]: ${task} is not a task of the close worker; the tasks are ${CLOSE_WORKER_TASK_KEYS.join(', ')}`,
            );
          if (tasks.findIndex((t) => t.task === task) !== i)
            refuse('close-worker-task-once', `tasks[${i}]: ${task} is ticked twice in one request`);
          return { task, done };
        });
        // The plan handed over is the one agreed here, or the plan in force this meeting starts from.
        if (tasks.some((t) => t.task === 'plan-printed-and-handed-over' && t.done)) {
          const { base, later } = planInForce(s, command.data.planOfOtherMeetings);
          if (!base && !later)
            refuse(
              'plan-before-printing',
              'no plan is agreed or in force at this meeting yet: agree it (POST …/plan) before printing it and handing it over',
              'conflict',
            );
        }
        // Ticked again as it stands: nothing changes.
        if (checked.every(({ task, done }) => s.closeWorkerTasks[task] === done)) return [];
        return [{ type: 'CloseWorkerTasksChecked', data: { tasks: checked, checkedBy: actor.id, checkedAt: now } }];
      }
      case 'AgreePlan': {
        const s = openMeeting(state, 'AgreePlan', now);
        const { base, later } = planInForce(s, command.data.planOfOtherMeetings);
        refuseTakenOn(later, 'AgreePlan');
        if (base && !base.here) {
          refuse(
            'plan-in-force',
            `this follow-up meeting starts from the plan in force (revision ${base.revision}, meeting ${base.meetingNumber}): the family confirms it (POST …/plan/confirmation) or revises it (POST …/plan/revisions)`,
            'conflict',
          );
        }
        if (!s.attendance) refuse('attendance-first', 'record who attended before the plan is agreed', 'conflict');
        if (!s.consentFormConfirmed)
          refuse('consent-form-first', 'confirm that the family signed the "team members and consent" form first', 'conflict');
        if (s.planRevision > 0) refuse('plan-agreed-once', 'the plan is already agreed; revise it instead', 'conflict');
        if (s.responsibleWorkers.length === 0)
          refuse('responsible-worker-first', 'the plan names its responsible worker: the family names one first', 'conflict');
        checkPlan(command.data.plan);
        return [
          {
            type: 'PlanAgreed',
            data: {
              meetingId: s.meetingId,
              revision: 1,
              plan: command.data.plan,
              responsibleWorkers: s.responsibleWorkers,
              ...underConsent(s.responsibleWorkersConsentId),
              agreedBy: actor.id,
              agreedAt: now,
            },
          },
        ];
      }
      case 'RevisePlan': {
        const s = openMeeting(state, 'RevisePlan', now);
        const { base, later } = planInForce(s, command.data.planOfOtherMeetings);
        refuseTakenOn(later, 'RevisePlan');
        if (!base) refuse('plan-not-agreed', 'agree the plan before revising it', 'conflict');
        // A follow-up meeting revises the plan in force once it is held: with the family.
        if (!base.here && !s.attendance) refuse('attendance-first', 'record who attended before the plan is revised', 'conflict');
        if (!command.data.reason.trim()) refuse('revision-reason', 'say why the plan changes');
        checkPlan(command.data.plan);
        return [
          {
            type: 'PlanRevised',
            data: {
              meetingId: s.meetingId,
              revision: base.revision + 1,
              plan: command.data.plan,
              responsibleWorkers: base.responsibleWorkers,
              ...underConsent(base.consentId),
              reason: command.data.reason,
              revises: revisionOf(base),
              confirmed: false,
              revisedBy: actor.id,
              revisedAt: now,
            },
          },
        ];
      }
      case 'ConfirmPlan': {
        const s = openMeeting(state, 'ConfirmPlan', now);
        const { base, later } = planInForce(s, command.data.planOfOtherMeetings);
        refuseTakenOn(later, 'ConfirmPlan');
        if (!base) refuse('plan-not-agreed', 'no plan is in force to confirm: agree the plan (POST …/plan)', 'conflict');
        if (s.planAgreedHere) refuse('plan-agreed-here', 'the plan was agreed at this meeting; revise it instead', 'conflict');
        if (s.planConfirmedHere)
          refuse('plan-confirmed-once', 'the family already confirmed the plan at this meeting; revise it instead', 'conflict');
        if (!s.attendance) refuse('attendance-first', 'record who attended before the family confirms the plan', 'conflict');
        return [
          {
            type: 'PlanRevised',
            data: {
              meetingId: s.meetingId,
              revision: base.revision + 1,
              plan: { ...readablePlan(base.plan), nextContactAt: command.data.nextContactAt },
              responsibleWorkers: base.responsibleWorkers,
              ...underConsent(base.consentId),
              revises: revisionOf(base),
              confirmed: true,
              revisedBy: actor.id,
              revisedAt: now,
            },
          },
        ];
      }
      case 'NameResponsibleWorkers': {
        const s = openMeeting(state, 'NameResponsibleWorkers', now);
        const { reason, access } = command.data;
        const { base, later } = planInForce(s, command.data.planOfOtherMeetings);
        refuseTakenOn(later, 'NameResponsibleWorkers');
        if (command.data.workers.length < 1 || command.data.workers.length > 2)
          refuse('responsible-workers-count', 'the family names one responsible worker, or a pair');
        const { workers, consentId } = responsibleWorkers(command.data.workers, command.data.consentId, access, now);
        // Those who hold it now: of the plan in force (carried over to a follow-up meeting), or named here before the plan.
        const holders = base ? base.responsibleWorkers : s.responsibleWorkers;
        const holdersConsent = base ? base.consentId : s.responsibleWorkersConsentId;
        const changes = !sameWorkers(workers, holders);
        // Named again as they are: nothing changes (the consent they rest on only when the family names another).
        if (!changes && (command.data.consentId === undefined || command.data.consentId === holdersConsent)) return [];
        if (changes && holders.length > 0 && !reason?.trim()) {
          refuse(
            'change-reason',
            `changing the responsible worker needs a reason (held now by ${holders.map((w) => w.name).join(' and ')})`,
          );
        }
        const named: MeetingEvent = {
          type: 'ResponsibleWorkersNamed',
          data: {
            workers,
            previous: holders.map((w) => w.professionalId),
            ...(reason ? { reason } : {}),
            namedAt: now,
            namedByFamily: true,
            consentId,
          },
        };
        // The plan names its responsible worker, so a change of the plan in force is a new plan revision too.
        if (!base) return [named];
        return [
          named,
          {
            type: 'PlanRevised',
            data: {
              meetingId: s.meetingId,
              revision: base.revision + 1,
              plan: readablePlan(base.plan),
              responsibleWorkers: workers,
              consentId,
              reason: changes ? `responsible worker changed: ${reason}` : `responsible workers named under consent ${consentId}`,
              revises: revisionOf(base),
              confirmed: false,
              revisedBy: actor.id,
              revisedAt: now,
            },
          },
        ];
      }
      case 'CloseMeeting': {
        const s = openMeeting(state, 'CloseMeeting', now);
        const { base, later } = planInForce(s, command.data.planOfOtherMeetings);
        // A follow-up meeting may close on the plan in force (confirming or revising it is the family's choice).
        if (!base && !later)
          refuse('plan-before-closing', 'a joint meeting closes with an agreed plan (which names the responsible worker)', 'conflict');
        if (!s.attendance) refuse('attendance-first', 'record who attended before the meeting closes', 'conflict');
        const { report } = command.data;
        if (report.referred && !report.referredTo?.trim()) refuse('referral-service', 'a referral names the service');
        const { agenda, allMattersCovered } = closingCheck(command.data.agenda, command.data.allMattersCovered);
        const sectors = [
          ...new Set((s.attendance?.participants ?? []).flatMap((p) => (p.role === 'professional' && p.sector ? [p.sector] : []))),
        ].sort();
        return [
          {
            type: 'MeetingClosed',
            data: {
              meetingId: s.meetingId,
              kind: s.kind,
              number: s.number,
              allMattersCovered,
              agenda,
              closeWorkerTasks: CLOSE_WORKER_TASK_KEYS.map((task) => ({ task, status: taskStatus(s.closeWorkerTasks[task]) })),
              ...(command.data.evaluationNote ? { evaluationNote: command.data.evaluationNote } : {}),
              closedAt: now,
            },
          },
          {
            type: 'MeetingReportRecorded',
            data: {
              meetingId: s.meetingId,
              number: s.number,
              startsAt: s.startsAt,
              wellbeingStar: s.wellbeingStar ?? [],
              ...report,
              kind: s.kind,
              participatingSectors: sectors,
              recordedBy: actor.id,
              recordedAt: now,
            },
          },
        ];
      }
      default:
        return unreachable(command);
    }
  },
};

/**
 * The plan in force across the case's meetings (each given as its events, upcast and with the plan opened): the
 * latest revision of the meeting with the highest number that has a plan. Undefined when none has.
 */
export function planInForceOf(meetings: Iterable<MeetingEvent[]>): PlanInForce | undefined {
  let found: PlanInForce | undefined;
  for (const events of meetings) {
    const s = fold(meetingDecider, events);
    if (s.status === 'none' || !s.plan) continue;
    if (found && found.meetingNumber > s.number) continue;
    found = {
      meetingId: s.meetingId,
      meetingNumber: s.number,
      revision: s.planRevision,
      plan: s.plan,
      responsibleWorkers: s.responsibleWorkers,
      ...underConsent(s.responsibleWorkersConsentId),
    };
  }
  return found;
}
