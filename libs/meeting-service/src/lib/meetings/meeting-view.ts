import type { CaseDataCategory } from '@perheverkko/access-model';
import { CLOSE_WORKER_TASKS, type JointPlan, type MeetingEvent, type ResponsibleWorker } from '@perheverkko/meeting-domain';

/** A meeting event as the view folds it: typed (upcast, personal fields opened or withheld), with when it was recorded. */
export type SeenMeetingEvent = MeetingEvent & { occurredAt: string };

type EventData<T extends MeetingEvent['type']> = Extract<MeetingEvent, { type: T }>['data'];

/** The plan in force at this meeting: its revision (counted across the case's meetings), how it came, and its content. */
export type MeetingPlanView = Partial<JointPlan> & {
  revision: number;
  /** Agreed at this meeting, revised, or confirmed as it stood at a follow-up meeting. */
  change: 'agreed' | 'revised' | 'confirmed';
  decidedBy: string;
  decidedAt: string;
  reason: unknown;
  /** The revision it replaced (possibly another meeting's); null for the plan agreed. */
  revises: { meetingId: string; revision: number } | null;
  consentId: string | null;
};

export interface MeetingView {
  caseId: string;
  meetingId: string;
  /** The stream's revision as the caller sees it (the events they see, counted from 0): the ETag, and what If-Match takes. */
  revision: number | 'no_stream';
  kind: 'first' | 'follow-up' | null;
  number: number | null;
  startsAt: string | null;
  roomId: string | null;
  /** open: scheduled or under way; closed: held and evaluated; cancelled: called off before it was held. */
  status: 'open' | 'closed' | 'cancelled';
  convenerId: string | null;
  /** Each move before the meeting started (convening's rescheduling). */
  moves: Array<{ previousStartsAt: string; startsAt: string; roomId: string; movedAt: string }>;
  cancelledAt: string | null;
  /** Identity (`participants`) reads `{ "withheld": "identity" }` for a caller who does not read it. */
  attendance: { participants: unknown; childTookPart: boolean; recordedAt: string } | null;
  consentForm: { signedBy: unknown; confirmedBy: string; confirmedAt: string } | null;
  /** The parties' views, as each recording gave them. */
  views: Array<{ views: unknown; recordedAt: string }>;
  /** Every Wellbeing Star rating at the meeting, in order. */
  wellbeingStar: Array<Omit<EventData<'WellbeingStarRated'>, 'ratings'> & { ratings: unknown }>;
  closeWorkerTasks: ReturnType<typeof closeWorkerChecklist>;
  /** Joint plan: the plan as this meeting last recorded it, its revisions here, the responsible workers. */
  plan?: MeetingPlanView | null;
  planRevisions?: Array<Omit<MeetingPlanView, keyof JointPlan>>;
  responsibleWorkers?: ResponsibleWorker[];
  /** The consent the responsible workers were named under (null: not recorded with the naming). */
  responsibleWorkersConsentId?: string | null;
  /** The joint evaluation at closing. */
  closing: Omit<EventData<'MeetingClosed'>, 'meetingId' | 'kind' | 'number'> | null;
  report: EventData<'MeetingReportRecorded'> | null;
  /** The categories left out of this view for the caller. */
  withheld: string[];
}

export interface MeetingViewInput {
  caseId: string;
  meetingId: string;
  revision: number | 'no_stream';
  /** The stream's events the caller may see, in order (`visibleTo`), typed. */
  events: readonly SeenMeetingEvent[];
  /** What the caller reads in this case (the guard's decision). */
  readable: ReadonlySet<CaseDataCategory>;
  /** What `visibleTo` left out of the events. */
  withheld: readonly string[];
}

const sameWorkers = (a: ResponsibleWorker[], b: ResponsibleWorker[]) =>
  a.length === b.length && a.every((w) => b.some((v) => v.professionalId === w.professionalId));

/**
 * The joint meeting as a person reads it: when and where, who attended, the consent form, the views, the Wellbeing
 * Star, the close worker's checklist, the evaluation and report record at closing; the plan and the responsible
 * workers only for a caller who reads the joint plan. A pure fold of the events the caller may see, by the
 * decider's rules (each plan revision carries its responsible workers).
 */
export function meetingView({ caseId, meetingId, revision, events, readable, withheld }: MeetingViewInput): MeetingView {
  const view: MeetingView = {
    caseId,
    meetingId,
    revision,
    kind: null,
    number: null,
    startsAt: null,
    roomId: null,
    status: 'open',
    convenerId: null,
    moves: [],
    cancelledAt: null,
    attendance: null,
    consentForm: null,
    views: [],
    wellbeingStar: [],
    closeWorkerTasks: closeWorkerChecklist(events),
    closing: null,
    report: null,
    withheld: [],
  };
  let plan: MeetingPlanView | null = null;
  const planRevisions: NonNullable<MeetingView['planRevisions']> = [];
  let responsibleWorkers: ResponsibleWorker[] = [];
  let responsibleWorkersConsentId: string | null = null;
  for (const event of events) {
    switch (event.type) {
      case 'MeetingOpened': {
        const { kind, number, startsAt, roomId } = event.data;
        Object.assign(view, { kind, number, startsAt, roomId });
        break;
      }
      case 'ConvenerNoted':
        view.convenerId = event.data.convenerId;
        break;
      case 'MeetingRecordMoved': {
        const { previousStartsAt, startsAt, roomId } = event.data;
        view.moves.push({ previousStartsAt, startsAt, roomId, movedAt: event.occurredAt });
        Object.assign(view, { startsAt, roomId });
        break;
      }
      case 'MeetingRecordCancelled':
        view.status = 'cancelled';
        view.cancelledAt = event.data.cancelledAt;
        break;
      case 'AttendanceRecorded':
        view.attendance = { participants: event.data.participants, childTookPart: event.data.childTookPart, recordedAt: event.occurredAt };
        break;
      case 'ConsentFormConfirmed':
        view.consentForm = { ...event.data };
        break;
      case 'ViewsRecorded':
        view.views.push({ views: event.data.views, recordedAt: event.occurredAt });
        break;
      case 'WellbeingStarRated':
        view.wellbeingStar.push({ ...event.data });
        break;
      case 'PlanAgreed':
      case 'PlanRevised': {
        const { revision: planRevision, consentId } = event.data;
        const change = event.type === 'PlanAgreed' ? 'agreed' : event.data.confirmed ? 'confirmed' : 'revised';
        const [decidedBy, decidedAt] =
          event.type === 'PlanAgreed' ? [event.data.agreedBy, event.data.agreedAt] : [event.data.revisedBy, event.data.revisedAt];
        const revised = event.type === 'PlanRevised' ? event.data : undefined;
        const step: Omit<MeetingPlanView, keyof JointPlan> = {
          revision: planRevision,
          change,
          decidedBy,
          decidedAt,
          reason: revised?.reason ?? null,
          revises: revised?.revises ?? null,
          consentId: consentId ?? null,
        };
        planRevisions.push(step);
        plan = { ...event.data.plan, ...step };
        // A revision carried over with the same workers keeps the consent they were named under.
        responsibleWorkersConsentId =
          consentId ?? (sameWorkers(event.data.responsibleWorkers, responsibleWorkers) ? responsibleWorkersConsentId : null);
        responsibleWorkers = event.data.responsibleWorkers;
        break;
      }
      case 'ResponsibleWorkersNamed':
        responsibleWorkers = event.data.workers;
        responsibleWorkersConsentId = event.data.consentId ?? null;
        break;
      case 'MeetingClosed': {
        const { allMattersCovered, agenda, closeWorkerTasks, evaluationNote, closedAt } = event.data;
        view.status = 'closed';
        view.closing = {
          allMattersCovered,
          agenda,
          closeWorkerTasks,
          ...(evaluationNote === undefined ? {} : { evaluationNote }),
          closedAt,
        };
        break;
      }
      case 'MeetingReportRecorded':
        view.report = { ...event.data };
        break;
      case 'CloseWorkerTasksChecked':
        break;
    }
  }
  const jointPlan = readable.has('joint-plan');
  return {
    ...view,
    ...(jointPlan ? { plan, planRevisions, responsibleWorkers, responsibleWorkersConsentId } : {}),
    withheld: [...new Set([...withheld, ...(jointPlan ? [] : ['joint-plan'])])],
  };
}

/**
 * The close worker's checklist as the meeting record carries it: each task as last ticked (done or not), with who
 * ticked it and when; null for a task not ticked at this meeting. Its events hold no personal data.
 */
export function closeWorkerChecklist(events: readonly MeetingEvent[]) {
  const ticked = new Map<string, { done: boolean; checkedBy: string; checkedAt: string }>();
  for (const event of events) {
    if (event.type !== 'CloseWorkerTasksChecked') continue;
    const { tasks, checkedBy, checkedAt } = event.data;
    for (const { task, done } of tasks) ticked.set(task, { done, checkedBy, checkedAt });
  }
  return CLOSE_WORKER_TASKS.map(({ key, fi, sv, en }) => {
    const last = ticked.get(key);
    return { task: key, fi, sv, en, done: last?.done ?? null, ...(last ? { checkedBy: last.checkedBy, checkedAt: last.checkedAt } : {}) };
  });
}
