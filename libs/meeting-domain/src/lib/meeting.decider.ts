import { DomainRuleViolation, unreachable, type Command, type Decider, type DomainEvent } from '@perheverkko/decider';
import { WELLBEING_STAR_CONFIGS } from './wellbeing-star';

export interface Participant {
  name: string;
  role: 'family-member' | 'child' | 'close-person' | 'professional';
  organisation?: string;
  sector?: string;
  /** A professional's directory id. */
  professionalId?: string;
}

export interface PlanAction {
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
  /** The responsible worker must come from a public service. */
  publicService: boolean;
}

export interface ReportRecord {
  organizer: string;
  referred: boolean;
  referredTo?: string;
  referredToAssessmentOrSocialWork: boolean;
  familyGotHelp: 'yes' | 'partly' | 'no' | 'too-early';
  remarks?: string;
}

export type MeetingCommand =
  | Command<'OpenMeeting', { meetingId: string; kind: 'first' | 'follow-up'; number: number; startsAt: string; roomId: string; convenerId?: string }>
  | Command<'RecordAttendance', { participants: Participant[]; childTookPart: boolean }>
  | Command<'ConfirmConsentForm', { signedBy: string[] }>
  | Command<'RecordViews', { views: Array<{ party: string; view: string }> }>
  | Command<'RateWellbeingStar', { configVersion: string; ratings: Array<{ area: string; score: number; note?: string }> }>
  | Command<'AgreePlan', { plan: JointPlan }>
  | Command<'RevisePlan', { plan: JointPlan; reason: string }>
  | Command<'NameResponsibleWorkers', { workers: ResponsibleWorker[]; reason?: string }>
  | Command<'CloseMeeting', { allMattersCovered: boolean; evaluationNote?: string; report: ReportRecord }>;

export type MeetingEvent =
  | DomainEvent<'MeetingOpened', { meetingId: string; kind: 'first' | 'follow-up'; number: number; startsAt: string; roomId: string }>
  /** Private: who convened it, so this service knows the convener's need to know without asking convening. */
  | DomainEvent<'ConvenerNoted', { convenerId: string }>
  | DomainEvent<'AttendanceRecorded', { participants: Participant[]; childTookPart: boolean }>
  | DomainEvent<'ConsentFormConfirmed', { signedBy: string[]; confirmedBy: string; confirmedAt: string }>
  | DomainEvent<'ViewsRecorded', { views: Array<{ party: string; view: string }> }>
  | DomainEvent<'WellbeingStarRated', { configVersion: string; ratings: Array<{ area: string; score: number; note?: string }>; ratedAt: string }>
  | DomainEvent<'PlanAgreed', { meetingId: string; revision: 1; plan: JointPlan; responsibleWorkers: ResponsibleWorker[]; agreedBy: string; agreedAt: string }>
  | DomainEvent<'PlanRevised', { meetingId: string; revision: number; plan: JointPlan; responsibleWorkers: ResponsibleWorker[]; reason: string; revisedBy: string; revisedAt: string }>
  | DomainEvent<'ResponsibleWorkersNamed', { workers: ResponsibleWorker[]; previous: string[]; reason?: string; namedAt: string }>
  | DomainEvent<'MeetingClosed', { allMattersCovered: boolean; evaluationNote?: string; closedAt: string }>
  | DomainEvent<'MeetingReportRecorded', ReportRecord & { kind: 'first' | 'follow-up'; participatingSectors: string[]; recordedBy: string; recordedAt: string }>;

export type MeetingState =
  | { status: 'none' }
  | {
      status: 'open' | 'closed';
      meetingId: string;
      kind: 'first' | 'follow-up';
      attendance?: { participants: Participant[]; childTookPart: boolean };
      consentFormConfirmed: boolean;
      planRevision: number;
      plan?: JointPlan;
      responsibleWorkers: ResponsibleWorker[];
    };

/** Personal data in meeting events: names, the family's views, plan texts and notes are sealed with the case key. */
export const MEETING_PERSONAL_FIELDS = {
  AttendanceRecorded: ['participants'],
  ConsentFormConfirmed: ['signedBy'],
  ViewsRecorded: ['views'],
  WellbeingStarRated: ['ratings'],
  PlanAgreed: ['plan'],
  PlanRevised: ['plan', 'reason'],
  MeetingClosed: ['evaluationNote'],
  MeetingReportRecorded: ['remarks'],
} as const;

function refuse(rule: string, message: string, kind: 'conflict' | 'unprocessable' = 'unprocessable'): never {
  throw new DomainRuleViolation(rule, message, kind);
}

function openMeeting(state: MeetingState, what: string): Extract<MeetingState, { status: 'open' | 'closed' }> {
  if (state.status === 'none') refuse('meeting-must-be-open', `${what}: this meeting has not been scheduled`, 'conflict');
  if (state.status === 'closed') refuse('meeting-closed', `${what}: the meeting is closed; later changes belong to plan follow-up`, 'conflict');
  return state;
}

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

export const meetingDecider: Decider<MeetingCommand, MeetingEvent, MeetingState> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    if (event.type === 'MeetingOpened') {
      return { status: 'open', meetingId: event.data.meetingId, kind: event.data.kind, consentFormConfirmed: false, planRevision: 0, responsibleWorkers: [] };
    }
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'AttendanceRecorded':
        return { ...state, attendance: event.data };
      case 'ConsentFormConfirmed':
        return { ...state, consentFormConfirmed: true };
      case 'PlanAgreed':
      case 'PlanRevised':
        return { ...state, plan: event.data.plan, planRevision: event.data.revision };
      case 'ResponsibleWorkersNamed':
        return { ...state, responsibleWorkers: event.data.workers };
      case 'MeetingClosed':
        return { ...state, status: 'closed' };
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
      case 'RecordAttendance': {
        openMeeting(state, 'RecordAttendance');
        if (!command.data.participants.some((p) => p.role === 'family-member')) refuse('family-present', 'the joint meeting is held with the family: record at least one family member');
        return [{ type: 'AttendanceRecorded', data: command.data }];
      }
      case 'ConfirmConsentForm': {
        openMeeting(state, 'ConfirmConsentForm');
        if (command.data.signedBy.length === 0) refuse('consent-form-signer', 'name who in the family signed the "team members and consent" form');
        return [{ type: 'ConsentFormConfirmed', data: { signedBy: command.data.signedBy, confirmedBy: actor.id, confirmedAt: now } }];
      }
      case 'RecordViews':
        openMeeting(state, 'RecordViews');
        if (command.data.views.length === 0) refuse('views-required', 'record at least one party’s view');
        return [{ type: 'ViewsRecorded', data: command.data }];
      case 'RateWellbeingStar': {
        openMeeting(state, 'RateWellbeingStar');
        const config = WELLBEING_STAR_CONFIGS[command.data.configVersion];
        if (!config) refuse('star-config', `unknown Wellbeing Star version ${command.data.configVersion}; known: ${Object.keys(WELLBEING_STAR_CONFIGS).join(', ')}`);
        for (const rating of command.data.ratings) {
          if (!config.areas.some((a) => a.key === rating.area)) refuse('star-area', `${rating.area} is not an area of ${config.version}`);
          if (!Number.isInteger(rating.score) || rating.score < config.scale.min || rating.score > config.scale.max) {
            refuse('star-scale', `${rating.area}: the score is ${config.scale.min}–${config.scale.max} in ${config.version}, got ${rating.score}`);
          }
        }
        return [{ type: 'WellbeingStarRated', data: { ...command.data, ratedAt: now } }];
      }
      case 'AgreePlan': {
        const s = openMeeting(state, 'AgreePlan');
        if (!s.attendance) refuse('attendance-first', 'record who attended before the plan is agreed', 'conflict');
        if (!s.consentFormConfirmed) refuse('consent-form-first', 'confirm that the family signed the "team members and consent" form first', 'conflict');
        if (s.planRevision > 0) refuse('plan-agreed-once', 'the plan is already agreed; revise it instead', 'conflict');
        if (s.responsibleWorkers.length === 0) refuse('responsible-worker-first', 'the plan names its responsible worker: the family names one first', 'conflict');
        checkPlan(command.data.plan);
        return [{ type: 'PlanAgreed', data: { meetingId: s.meetingId, revision: 1, plan: command.data.plan, responsibleWorkers: s.responsibleWorkers, agreedBy: actor.id, agreedAt: now } }];
      }
      case 'RevisePlan': {
        const s = openMeeting(state, 'RevisePlan');
        if (s.planRevision === 0) refuse('plan-not-agreed', 'agree the plan before revising it', 'conflict');
        if (!command.data.reason.trim()) refuse('revision-reason', 'say why the plan changes');
        checkPlan(command.data.plan);
        return [
          { type: 'PlanRevised', data: { meetingId: s.meetingId, revision: s.planRevision + 1, plan: command.data.plan, responsibleWorkers: s.responsibleWorkers, reason: command.data.reason, revisedBy: actor.id, revisedAt: now } },
        ];
      }
      case 'NameResponsibleWorkers': {
        const s = openMeeting(state, 'NameResponsibleWorkers');
        const { workers, reason } = command.data;
        if (workers.length < 1 || workers.length > 2) refuse('responsible-workers-count', 'the family names one responsible worker, or a pair');
        for (const worker of workers) if (!worker.publicService) refuse('responsible-worker-public', `${worker.name} is not from a public service; the responsible worker must be`);
        if (s.responsibleWorkers.length > 0 && !reason?.trim()) refuse('change-reason', 'changing the responsible worker needs a reason');
        const named: MeetingEvent = { type: 'ResponsibleWorkersNamed', data: { workers, previous: s.responsibleWorkers.map((w) => w.professionalId), ...(reason ? { reason } : {}), namedAt: now } };
        // The plan names its responsible worker, so a change after agreement is a new plan revision too.
        if (!s.plan) return [named];
        return [named, { type: 'PlanRevised', data: { meetingId: s.meetingId, revision: s.planRevision + 1, plan: s.plan, responsibleWorkers: workers, reason: `responsible worker changed: ${reason}`, revisedBy: actor.id, revisedAt: now } }];
      }
      case 'CloseMeeting': {
        const s = openMeeting(state, 'CloseMeeting');
        if (s.planRevision === 0) refuse('plan-before-closing', 'a joint meeting closes with an agreed plan (which names the responsible worker)', 'conflict');
        const { report } = command.data;
        if (report.referred && !report.referredTo?.trim()) refuse('referral-service', 'a referral names the service');
        const sectors = [...new Set((s.attendance?.participants ?? []).filter((p) => p.role === 'professional' && p.sector).map((p) => p.sector as string))].sort();
        return [
          { type: 'MeetingClosed', data: { allMattersCovered: command.data.allMattersCovered, ...(command.data.evaluationNote ? { evaluationNote: command.data.evaluationNote } : {}), closedAt: now } },
          { type: 'MeetingReportRecorded', data: { ...report, kind: s.kind, participatingSectors: sectors, recordedBy: actor.id, recordedAt: now } },
        ];
      }
      default:
        return unreachable(command);
    }
  },
};
