import { isRecord } from '@perheverkko/decider';
import type { ReportedEvent } from './reported-event';

type CasePhase = 'not yet known' | 'concern registered' | 'route decided' | 'convening' | 'meeting scheduled' | 'plan agreed' | 'closed';

/** One joint meeting as the record showed it: convening's time and room, and every step the meeting recorded. */
interface MeetingSnapshot {
  meetingId: string;
  kind: string;
  number: number;
  startsAt: string;
  roomId: string | null;
  /** Meeting opened its record of it (on convening's MeetingScheduled). */
  opened: boolean;
  /** Moved to another time or room (how many times), or called off before it started. */
  rescheduled: number;
  cancelled: boolean;
  /** The latest attendance: how many took part, the professionals by directory id, whether the child did. */
  attendance: { participants: number | null; professionalIds: string[]; childTookPart: boolean } | null;
  /** The form "team members and consent", signed by the family: when, by whom it was confirmed, how many signed. */
  consentForm: { confirmedAt: string; confirmedBy: string; signatures: number | null } | null;
  /** How many times the participants' views were recorded. */
  viewsRecorded: number;
  /**
   * Each Wellbeing Star rating: its configuration, when, which child (1 = the first registered) and who rated (null
   * where the record does not say), and the scores per area (null where they cannot be read).
   */
  wellbeingStar: Array<{
    configVersion: string;
    ratedAt: string;
    child: number | null;
    ratedBy: string | null;
    ratings: Array<{ area: string; score: number }> | null;
  }>;
  /** The close worker's tasks (introduction round, time kept, feedback, plan printed…) as last recorded: done, not-done, not-recorded. */
  closeWorkerTasks: Array<{ task: string; status: string }>;
  reportRecorded: boolean;
  closed: boolean;
  closedAt: string | null;
  /** The joint evaluation at the close: were all matters felt important covered. */
  allMattersCovered: boolean | null;
  /** Plan follow-up counted it as held (its 1–3 meeting rule). */
  held: boolean;
}

/** What the record showed about a case at one moment: the auditor's "as of" view (no names or free text). */
export interface CaseSnapshot {
  caseId: string;
  asOf: string;
  phase: CasePhase;
  eventsSoFar: number;
  municipality: string | null;
  channel: string | null;
  /** The worker's latest zone rating (and the route decision's), and the family's own, if it rated. */
  zone: number | null;
  zoneByFamily: number | null;
  /** Everyone who convenes the case (the worker who raised it, the convener intake named, convening's, meeting's). */
  convenerIds: string[];
  /** Each time the concern was raised with the family, and when it is to be raised again (zone 2). */
  raisings: Array<{ raisedAt: string; reRaiseAt: string | null }>;
  /** Other workers' concerns joined to the case (duplicates at intake). */
  joinedConcerns: Array<{ joinedAt: string; joinedBy: string; organisation: string | null; zone: number | null }>;
  /** Contacts to social care for a needs assessment made with the parents: when, by whom, how many parents took part. */
  needsAssessmentContacts: Array<{ madeAt: string; madeBy: string; parents: number | null }>;
  /** Zone 2: services the family already has, or the area's named services, contacted about the concern. */
  servicesContacted: Array<{ contactedAt: string; contactedBy: string; relation: string | null; how: string | null }>;
  route: string | null;
  mandatoryNotifications: string[];
  consents: Array<{
    consentId: string;
    scopes: Array<{ kind: string; value: string; share: string[] }>;
    validUntil: string;
    status: 'in force' | 'expired' | 'withdrawn';
    withdrawnAt?: string;
  }>;
  invitations: Array<{
    invitationId: string;
    inviteeId: string;
    consentId: string;
    status: 'sent' | 'accept' | 'decline' | 'propose-time' | 'cancelled';
  }>;
  roomBookings: Array<{ bookingId: string; roomId: string; startsAt: string; endsAt: string; released: boolean }>;
  meetings: MeetingSnapshot[];
  plan: { revision: number; responsibleWorkerIds: string[] } | null;
  /** The responsible workers as last named (at a meeting, with a plan, or as plan follow-up tracks them). */
  responsibleWorkerIds: string[];
  followUp: {
    /** The plan revision plan follow-up tracks, and the next contact agreed. */
    trackedRevision: number | null;
    nextContactAt: string | null;
    /** Progress recorded on the plan's actions, by the action's place in the plan. */
    actions: Array<{ index: number; status: string; at: string | null }>;
    contacts: Array<{ at: string; method: string; by: string }>;
    meetingsHeld: number;
    followUpMeetingsScheduled: number;
  };
  followUpsRequested: number;
  outcome: string | null;
  referrals: string[];
  closure: { reason: string; closedAt: string } | null;
}

const time = (at: string | undefined) => {
  const ms = at === undefined ? NaN : Date.parse(at);
  return Number.isNaN(ms) ? Number.MAX_SAFE_INTEGER : ms;
};

/** A binary heap of event indexes by (time it happened, time its service recorded it, time reporting received it). */
class ReadyEvents {
  private readonly heap: number[] = [];
  constructor(private readonly before: (a: number, b: number) => boolean) {}
  get size() {
    return this.heap.length;
  }
  push(index: number): void {
    const heap = this.heap;
    heap.push(index);
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }
  pop(): number {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (last !== undefined && heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ;) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let first = i;
        if (l < heap.length && this.before(heap[l], heap[first])) first = l;
        if (r < heap.length && this.before(heap[r], heap[first])) first = r;
        if (first === i) break;
        [heap[i], heap[first]] = [heap[first], heap[i]];
        i = first;
      }
    }
    return top;
  }
}

/**
 * The case's events in causal order, each with the events that must come before it. "Causal order" (ADR 0013):
 * 1. within one stream of one service, the stream's order (what the service knew when it decided);
 * 2. an event after the event that caused it (its `causationId` is that event's id: a reaction to another
 *    service's event), across services;
 * 3. otherwise in the order things happened (`occurredAt`), then as their services recorded them, then as reporting
 *    received them (the order of `events`).
 * Events archived before their origin was carried (no stream known) are ordered by 2 and 3 alone.
 */
function causalOrder(given: readonly ReportedEvent[]): { ordered: ReportedEvent[]; causes: Map<ReportedEvent, ReportedEvent[]> } {
  // An event is its id within its service: two services' reactions to one event share an id (ADR 0013).
  const identity = (e: ReportedEvent) => `${e.origin?.service ?? ''}\u0000${e.eventId}`;
  const seen = new Set<string>();
  const events = given.filter((e) => !seen.has(identity(e)) && seen.add(identity(e)));
  const withId = new Map<string, number[]>();
  events.forEach((e, i) => withId.set(e.eventId, [...(withId.get(e.eventId) ?? []), i]));
  const before: number[][] = events.map(() => []);
  const streams = new Map<string, number[]>();
  events.forEach((e, i) => {
    if (e.origin) {
      const key = `${e.origin.service}\u0000${e.origin.streamId}`;
      streams.set(key, [...(streams.get(key) ?? []), i]);
    }
    for (const cause of e.causationId === undefined ? [] : (withId.get(e.causationId) ?? [])) if (cause !== i) before[i].push(cause);
  });
  for (const members of streams.values()) {
    members.sort((a, b) => (events[a].origin?.streamRevision ?? 0) - (events[b].origin?.streamRevision ?? 0));
    for (let k = 1; k < members.length; k++) before[members[k]].push(members[k - 1]);
  }
  const happened = events.map((e) => time(e.occurredAt));
  const recorded = events.map((e, i) => (e.origin ? time(e.origin.recordedAt) : happened[i]));
  const earlier = (a: number, b: number) => happened[a] - happened[b] || recorded[a] - recorded[b] || a - b;
  const waitingOn = before.map((causes) => new Set(causes).size);
  const after: number[][] = events.map(() => []);
  before.forEach((causes, i) => new Set(causes).forEach((c) => after[c].push(i)));
  const ready = new ReadyEvents((a, b) => earlier(a, b) < 0);
  events.forEach((_, i) => waitingOn[i] === 0 && ready.push(i));
  const placed = new Array<boolean>(events.length).fill(false);
  const ordered: ReportedEvent[] = [];
  while (ordered.length < events.length) {
    let next: number;
    if (ready.size > 0) next = ready.pop();
    else {
      // Only records that contradict each other (a cycle) get here: the earliest of them goes first.
      next = events
        .map((_, i) => i)
        .filter((i) => !placed[i])
        .sort(earlier)[0];
    }
    if (placed[next]) continue;
    placed[next] = true;
    ordered.push(events[next]);
    for (const later of after[next]) if (--waitingOn[later] === 0 && !placed[later]) ready.push(later);
  }
  return { ordered, causes: new Map(events.map((e, i) => [e, before[i].map((c) => events[c])])) };
}

/** Events in causal order (see `causalOrder`): each stream's order, causes first, otherwise as things happened. */
export function inCausalOrder(events: readonly ReportedEvent[]): ReportedEvent[] {
  return causalOrder(events).ordered;
}

/**
 * What the record showed as of `asOf`, in causal order: the events that had happened by then (`occurredAt`) and
 * whose causes and earlier events in their stream are shown too. A reaction recorded later than its time says (it
 * carries its cause's time) is left out while the event recorded before it in its stream is.
 */
export function asOfView(events: readonly ReportedEvent[], asOf: string): ReportedEvent[] {
  const until = Date.parse(asOf);
  const { ordered, causes } = causalOrder(events);
  const shown = new Set<ReportedEvent>();
  for (const event of ordered) {
    if (time(event.occurredAt) <= until && (causes.get(event) ?? []).every((c) => shown.has(c))) shown.add(event);
  }
  return ordered.filter((e) => shown.has(e));
}

/** A case before the record shows anything of it. */
export function emptySnapshot(caseId: string, asOf: string): CaseSnapshot {
  return {
    caseId,
    asOf,
    phase: 'not yet known',
    eventsSoFar: 0,
    municipality: null,
    channel: null,
    zone: null,
    zoneByFamily: null,
    convenerIds: [],
    raisings: [],
    joinedConcerns: [],
    needsAssessmentContacts: [],
    servicesContacted: [],
    route: null,
    mandatoryNotifications: [],
    consents: [],
    invitations: [],
    roomBookings: [],
    meetings: [],
    plan: null,
    responsibleWorkerIds: [],
    followUp: { trackedRevision: null, nextContactAt: null, actions: [], contacts: [], meetingsHeld: 0, followUpMeetingsScheduled: 0 },
    followUpsRequested: 0,
    outcome: null,
    referrals: [],
    closure: null,
  };
}

/**
 * Folds the case's events shown as of `asOf` (see `asOfView`). Total: a field it cannot read (sealed without the key,
 * erased, an older or newer shape) leaves that part unknown, never an error.
 */
export function caseAsOf(caseId: string, events: readonly ReportedEvent[], asOf: string): CaseSnapshot {
  const until = Date.parse(asOf);
  let state = emptySnapshot(caseId, asOf);
  for (const event of asOfView(events, asOf)) {
    state = { ...evolveSnapshot(state, event), eventsSoFar: state.eventsSoFar + 1 };
  }
  return {
    ...state,
    consents: state.consents.map((c) => (c.status === 'in force' && Date.parse(c.validUntil) <= until ? { ...c, status: 'expired' } : c)),
  };
}

const PHASE_ORDER: CasePhase[] = [
  'not yet known',
  'concern registered',
  'route decided',
  'convening',
  'meeting scheduled',
  'plan agreed',
  'closed',
];
const atLeast = (current: CasePhase, next: CasePhase): CasePhase =>
  PHASE_ORDER.indexOf(next) > PHASE_ORDER.indexOf(current) ? next : current;

/* Readers that accept what the record may hold: sealed or erased values, older and newer shapes. */
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const count = (value: unknown): number | null => (Array.isArray(value) ? value.length : null);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const field = (value: unknown, name: string): unknown => (isRecord(value) ? value[name] : undefined);
const workerIds = (workers: unknown): string[] =>
  list(workers)
    .map((w) => text(field(w, 'professionalId')))
    .filter((id): id is string => id !== null);
const withConvener = (s: CaseSnapshot, id: unknown): CaseSnapshot =>
  typeof id === 'string' && !s.convenerIds.includes(id) ? { ...s, convenerIds: [...s.convenerIds, id] } : s;

const MEETING_STREAM = /^Meeting-(.+)$/;

/** The meeting an event of meeting's belongs to: its data names it, or its stream does; else the latest one not closed. */
function meetingOf(s: CaseSnapshot, event: ReportedEvent): string | undefined {
  const named = text(event.data.meetingId) ?? event.origin?.streamId.match(MEETING_STREAM)?.[1];
  if (named) return named;
  return [...s.meetings].filter((m) => !m.closed).sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt))[0]?.meetingId;
}

const blankMeeting = (meetingId: string): MeetingSnapshot => ({
  meetingId,
  kind: 'unknown',
  number: 0,
  startsAt: '',
  roomId: null,
  opened: false,
  rescheduled: 0,
  cancelled: false,
  attendance: null,
  consentForm: null,
  viewsRecorded: 0,
  wellbeingStar: [],
  closeWorkerTasks: [],
  reportRecorded: false,
  closed: false,
  closedAt: null,
  allMattersCovered: null,
  held: false,
});

/** Changes one meeting (creating it if the record has not shown it yet); an event belonging to no meeting changes nothing. */
function inMeeting(s: CaseSnapshot, meetingId: string | undefined, change: (m: MeetingSnapshot) => MeetingSnapshot): CaseSnapshot {
  if (!meetingId) return s;
  const existing = s.meetings.find((m) => m.meetingId === meetingId);
  const changed = change(existing ?? blankMeeting(meetingId));
  return { ...s, meetings: existing ? s.meetings.map((m) => (m === existing ? changed : m)) : [...s.meetings, changed] };
}

/** A meeting plan follow-up counts as held (its plan tracked, or noted held on meeting's closure). */
function held(s: CaseSnapshot, meetingId: string | null): CaseSnapshot {
  const next = inMeeting(s, meetingId ?? undefined, (m) => ({ ...m, held: true }));
  return { ...next, followUp: { ...next.followUp, meetingsHeld: next.meetings.filter((m) => m.held).length } };
}

/** A checklist of the close worker's tasks: `{ task, status }` (the closing's) or `{ task, done }` (a check during the meeting). */
function tasksOf(value: unknown): Array<{ task: string; status: string }> | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((t) => {
    const task = text(field(t, 'task'));
    const status = text(field(t, 'status')) ?? (typeof field(t, 'done') === 'boolean' ? (field(t, 'done') ? 'done' : 'not-done') : null);
    return task && status ? [{ task, status }] : [];
  });
}

function ratingsOf(value: unknown): Array<{ area: string; score: number }> | null {
  if (!Array.isArray(value)) return null;
  return value.flatMap((r) => {
    const area = field(r, 'area');
    const score = field(r, 'score');
    return typeof area === 'string' && typeof score === 'number' ? [{ area, score }] : [];
  });
}

/** One event's effect on the case as the record shows it (total: what it cannot read it leaves unknown). */
export function evolveSnapshot(s: CaseSnapshot, event: ReportedEvent): CaseSnapshot {
  const { type, data } = event;
  switch (type) {
    // intake
    case 'ConcernRegistered':
      return withConvener(
        { ...s, phase: atLeast(s.phase, 'concern registered'), municipality: data.municipality, channel: data.channel },
        field(data.raisedBy, 'id'),
      );
    case 'ZoneRated':
      if (data.ratedBy === 'family') return { ...s, zoneByFamily: data.zone };
      return data.ratedBy === 'worker' ? { ...s, zone: data.zone } : s;
    case 'ConcernRaisedWithFamily':
      return { ...s, raisings: [...s.raisings, { raisedAt: text(data.raisedAt) ?? event.occurredAt, reRaiseAt: text(data.reRaiseAt) }] };
    case 'ConcernJoined':
      return {
        ...s,
        joinedConcerns: [
          ...s.joinedConcerns,
          {
            joinedAt: text(data.joinedAt) ?? event.occurredAt,
            joinedBy: text(field(data.joinedBy, 'id')) ?? 'unknown',
            organisation: text(field(data.joinedBy, 'organisation')),
            zone: typeof data.zone === 'number' ? data.zone : null,
          },
        ],
      };
    case 'NeedsAssessmentContactMade':
      return {
        ...s,
        needsAssessmentContacts: [
          ...s.needsAssessmentContacts,
          { madeAt: text(data.madeAt) ?? event.occurredAt, madeBy: text(data.madeBy) ?? 'unknown', parents: count(data.parents) },
        ],
      };
    case 'ServiceContactedAboutConcern':
      return {
        ...s,
        servicesContacted: [
          ...s.servicesContacted,
          {
            contactedAt: text(data.contactedAt) ?? event.occurredAt,
            contactedBy: text(data.contactedBy) ?? 'unknown',
            relation: text(data.relation),
            how: text(data.how),
          },
        ],
      };
    case 'RouteDecided':
      return { ...s, phase: atLeast(s.phase, 'route decided'), route: data.chosenRoute, zone: data.facts.zone };
    case 'JointMeetingRequested':
      return withConvener(s, field(data.convener, 'id'));
    case 'MandatoryNotificationMade':
      return { ...s, mandatoryNotifications: [...s.mandatoryNotifications, data.kind] };
    // convening
    case 'ConveningOpened':
      return withConvener({ ...s, phase: atLeast(s.phase, 'convening') }, field(data.convener, 'id'));
    case 'ConsentGranted':
      return {
        ...s,
        consents: [...s.consents, { consentId: data.consentId, scopes: data.scopes, validUntil: data.validUntil, status: 'in force' }],
      };
    case 'ConsentExtended':
      return {
        ...s,
        consents: s.consents.map((c) =>
          c.consentId === data.consentId ? { ...c, scopes: [...c.scopes, ...data.scopes], validUntil: data.validUntil } : c,
        ),
      };
    case 'ConsentWithdrawn':
      return {
        ...s,
        consents: s.consents.map((c) =>
          c.consentId === data.consentId ? { ...c, status: 'withdrawn', withdrawnAt: data.withdrawnAt } : c,
        ),
      };
    case 'InvitationSent':
      return {
        ...s,
        invitations: [
          ...s.invitations,
          { invitationId: data.invitationId, inviteeId: data.inviteeId, consentId: data.consentId, status: 'sent' },
        ],
      };
    case 'InvitationReplied':
      return { ...s, invitations: s.invitations.map((i) => (i.invitationId === data.invitationId ? { ...i, status: data.reply } : i)) };
    case 'InvitationCancelled':
      return { ...s, invitations: s.invitations.map((i) => (i.invitationId === data.invitationId ? { ...i, status: 'cancelled' } : i)) };
    case 'RoomBooked':
      // A booking over several days is recorded in each day's stream: it is one booking.
      if (s.roomBookings.some((b) => b.bookingId === data.bookingId)) return s;
      return {
        ...s,
        roomBookings: [
          ...s.roomBookings,
          { bookingId: data.bookingId, roomId: data.roomId, startsAt: data.startsAt, endsAt: data.endsAt, released: false },
        ],
      };
    case 'RoomReleased':
      return { ...s, roomBookings: s.roomBookings.map((b) => (b.bookingId === data.bookingId ? { ...b, released: true } : b)) };
    case 'MeetingScheduled':
      return inMeeting({ ...s, phase: atLeast(s.phase, 'meeting scheduled') }, data.meetingId, (m) => ({
        ...m,
        kind: data.kind,
        number: data.number,
        startsAt: data.startsAt,
        roomId: text(data.roomId),
      }));
    case 'MeetingRescheduled':
      return inMeeting(s, data.meetingId, (m) => ({
        ...m,
        startsAt: text(data.startsAt) ?? m.startsAt,
        roomId: text(data.roomId) ?? m.roomId,
        rescheduled: m.rescheduled + 1,
      }));
    case 'MeetingCancelled':
      return inMeeting(s, data.meetingId, (m) => ({ ...m, cancelled: true }));
    // meeting
    case 'MeetingOpened':
      return inMeeting(s, data.meetingId, (m) => ({
        ...m,
        opened: true,
        kind: m.kind === 'unknown' ? data.kind : m.kind,
        number: m.number || data.number,
        startsAt: m.startsAt || data.startsAt,
      }));
    case 'ConvenerNoted':
      return withConvener(s, data.convenerId);
    case 'AttendanceRecorded':
      return inMeeting(s, meetingOf(s, event), (m) => ({
        ...m,
        attendance: {
          participants: count(data.participants),
          professionalIds: list(data.participants)
            .map((p) => text(field(p, 'professionalId')))
            .filter((id): id is string => id !== null),
          childTookPart: data.childTookPart === true,
        },
      }));
    case 'ConsentFormConfirmed':
      return inMeeting(s, meetingOf(s, event), (m) => ({
        ...m,
        consentForm: {
          confirmedAt: text(data.confirmedAt) ?? event.occurredAt,
          confirmedBy: text(data.confirmedBy) ?? 'unknown',
          signatures: count(data.signedBy),
        },
      }));
    case 'ViewsRecorded':
      return inMeeting(s, meetingOf(s, event), (m) => ({ ...m, viewsRecorded: m.viewsRecorded + 1 }));
    case 'WellbeingStarRated':
      return inMeeting(s, meetingOf(s, event), (m) => ({
        ...m,
        wellbeingStar: [
          ...m.wellbeingStar,
          {
            configVersion: text(data.configVersion) ?? 'unknown',
            ratedAt: text(data.ratedAt) ?? event.occurredAt,
            child: typeof data.child === 'number' ? data.child : null,
            ratedBy: data.ratedBy === 'unknown' ? null : text(data.ratedBy),
            ratings: ratingsOf(data.ratings),
          },
        ],
      }));
    case 'CloseWorkerTasksChecked':
      return inMeeting(s, meetingOf(s, event), (m) => ({
        ...m,
        closeWorkerTasks: tasksOf(data.tasks) ?? m.closeWorkerTasks,
      }));
    case 'ResponsibleWorkersNamed':
      return { ...s, responsibleWorkerIds: workerIds(data.workers) };
    case 'PlanAgreed':
    case 'PlanRevised': {
      const ids = workerIds(data.responsibleWorkers);
      return {
        ...s,
        phase: atLeast(s.phase, 'plan agreed'),
        plan: { revision: data.revision, responsibleWorkerIds: ids },
        responsibleWorkerIds: ids,
      };
    }
    case 'MeetingClosed': {
      // v1 closures name no meeting: the stream does, or (archived before origins) the latest open meeting.
      const closing = (m: MeetingSnapshot) => ({
        ...m,
        closed: true,
        closedAt: text(data.closedAt) ?? event.occurredAt,
        allMattersCovered: typeof data.allMattersCovered === 'boolean' ? data.allMattersCovered : null,
        closeWorkerTasks: tasksOf(data.closeWorkerTasks) ?? m.closeWorkerTasks,
      });
      return inMeeting(s, meetingOf(s, event), closing);
    }
    case 'MeetingReportRecorded':
      return inMeeting(s, meetingOf(s, event), (m) => ({ ...m, reportRecorded: true }));
    // plan follow-up
    case 'PlanTrackingUpdated': {
      // The meeting whose plan it tracks counts as held, as plan follow-up counts it (its 1–3 meeting rule).
      const next = held(s, text(data.meetingId));
      return {
        ...next,
        responsibleWorkerIds: list(data.responsibleWorkerIds).filter((id): id is string => typeof id === 'string'),
        followUp: {
          ...next.followUp,
          trackedRevision: typeof data.revision === 'number' ? data.revision : next.followUp.trackedRevision,
          nextContactAt: text(data.nextContactAt) ?? next.followUp.nextContactAt,
        },
      };
    }
    case 'ActionProgressed': {
      const index = typeof data.actionIndex === 'number' ? data.actionIndex : -1;
      const progressed = { index, status: text(data.status) ?? 'unknown', at: text(data.at) };
      return {
        ...s,
        followUp: {
          ...s.followUp,
          actions: [...s.followUp.actions.filter((a) => a.index !== index), progressed].sort((a, b) => a.index - b.index),
        },
      };
    }
    case 'ContactRecorded':
      return {
        ...s,
        followUp: {
          ...s.followUp,
          contacts: [
            ...s.followUp.contacts,
            { at: text(data.at) ?? event.occurredAt, method: text(data.method) ?? 'unknown', by: text(data.by) ?? 'unknown' },
          ],
          nextContactAt: text(data.nextContactAt) ?? s.followUp.nextContactAt,
        },
      };
    case 'FollowUpMeetingScheduled':
      return { ...s, followUp: { ...s.followUp, followUpMeetingsScheduled: s.followUp.followUpMeetingsScheduled + 1 } };
    case 'FollowUpMeetingCancelled':
      return { ...s, followUp: { ...s.followUp, followUpMeetingsScheduled: Math.max(0, s.followUp.followUpMeetingsScheduled - 1) } };
    case 'MeetingHeld':
      return held(s, text(data.meetingId));
    case 'FollowUpMeetingRequested':
      return { ...s, followUpsRequested: s.followUpsRequested + 1 };
    case 'OutcomeRecorded':
      return { ...s, outcome: data.outcome };
    case 'ReferralMade':
      return { ...s, referrals: [...s.referrals, data.serviceId] };
    case 'CaseClosed':
      return {
        ...s,
        phase: 'closed',
        closure: { reason: text(data.reason) ?? 'unknown', closedAt: text(data.closedAt) ?? event.occurredAt },
      };
    case 'CaseReopened':
      return { ...s, phase: s.plan ? 'plan agreed' : 'convening', closure: null };
    default:
      return s;
  }
}
