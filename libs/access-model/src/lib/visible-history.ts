import { SHAREABLE_CATEGORIES, type CaseDataCategory, type ShareableCategory } from './categories';

/** The category each stored or published event belongs to: a history shows an event only to those who read it. */
const EVENT_CATEGORIES: Record<string, ShareableCategory> = {
  ConcernRegistered: 'concern',
  ZoneRated: 'concern',
  ConcernRaisedWithFamily: 'concern',
  ConcernJoined: 'concern',
  ServiceContactedAboutConcern: 'concern',
  RouteDecided: 'routing',
  MandatoryNotificationMade: 'routing',
  JointMeetingRequested: 'routing',
  NeedsAssessmentContactMade: 'routing',
  ConveningOpened: 'consents',
  ConsentGranted: 'consents',
  ConsentExtended: 'consents',
  ConsentWithdrawn: 'consents',
  InvitationSent: 'consents',
  InvitationCancelled: 'consents',
  InvitationReplied: 'consents',
  MeetingScheduled: 'consents',
  MeetingRescheduled: 'consents',
  MeetingCancelled: 'consents',
  RoomBooked: 'consents',
  RoomReleased: 'consents',
  FollowUpRequested: 'follow-up',
  MeetingOpened: 'meeting-record',
  MeetingRecordMoved: 'meeting-record',
  MeetingRecordCancelled: 'meeting-record',
  ConvenerNoted: 'meeting-record',
  AttendanceRecorded: 'meeting-record',
  ConsentFormConfirmed: 'meeting-record',
  ViewsRecorded: 'meeting-record',
  WellbeingStarRated: 'meeting-record',
  MeetingClosed: 'meeting-record',
  MeetingReportRecorded: 'meeting-record',
  CloseWorkerTasksChecked: 'meeting-record',
  CaseChildrenNoted: 'meeting-record',
  PlanAgreed: 'joint-plan',
  PlanRevised: 'joint-plan',
  ResponsibleWorkersNamed: 'joint-plan',
  PlanTrackingUpdated: 'joint-plan',
  ActionProgressed: 'follow-up',
  ContactRecorded: 'follow-up',
  FollowUpMeetingScheduled: 'follow-up',
  FollowUpMeetingRescheduled: 'follow-up',
  FollowUpMeetingCancelled: 'follow-up',
  FollowUpMeetingRequested: 'follow-up',
  // Plan follow-up counting a meeting as held (its 1–3 meeting rule): part of following the plan up.
  MeetingHeld: 'follow-up',
  OutcomeRecorded: 'follow-up',
  ReferralMade: 'follow-up',
  CaseClosed: 'follow-up',
  CaseReopened: 'follow-up',
};

/** Fields that name or identify the family and its own people, wherever an event carries them. */
const IDENTITY_FIELDS = [
  'children',
  'guardians',
  'invitee',
  'withdrawnBy',
  'givenBy',
  'participants',
  'signedBy',
  'present',
  'parents',
] as const;

/** An event type no one classified is shown only to those who read every category (fail closed). */
export function categoryOfEvent(type: string): ShareableCategory | undefined {
  return EVENT_CATEGORIES[type];
}

export interface HistoryLike {
  type: string;
  data: unknown;
}

const WITHHELD = { withheld: 'identity' } as const;

/** Does a caller who reads these categories see an event of this type? An unclassified one only if they read every category. */
export function seesEvent(type: string, readable: ReadonlySet<string>): boolean {
  const category = categoryOfEvent(type);
  return category ? readable.has(category) : SHAREABLE_CATEGORIES.every((c) => readable.has(c));
}

/**
 * A stream's revision as the caller sees it: how many of its events they see, less one (`no_stream` for none), so
 * the events they see are numbered 0, 1, 2… with no gap where one they cannot see stands. What their reads answer as
 * revision and ETag, what a command answers them, and what their If-Match is compared with: an event they cannot see
 * changes none of these, so nothing tells them it happened.
 */
export function seenRevision(stream: ReadonlyArray<{ type: string }>, readable: ReadonlySet<string>): number | 'no_stream' {
  const seen = stream.filter((event) => seesEvent(event.type, readable)).length;
  return seen === 0 ? 'no_stream' : seen - 1;
}

/**
 * A history as the caller may see it: events of categories they do not read are left out, and identity fields
 * read `{ "withheld": "identity" }` unless they read identity. `withheld` names every category the caller does not
 * read, whether or not anything of it was recorded: the reader knows the picture is partial, and learns nothing
 * from the list about what happened in the categories hidden from them.
 */
export function visibleHistory<E extends HistoryLike>(
  events: readonly E[],
  readable: ReadonlySet<CaseDataCategory>,
): { events: E[]; withheld: CaseDataCategory[] } {
  const shown = events
    .filter((event) => seesEvent(event.type, readable))
    .map((event) => (readable.has('identity') ? event : withoutIdentity(event)));
  return { events: shown, withheld: SHAREABLE_CATEGORIES.filter((category) => !readable.has(category)) };
}

function withoutIdentity<E extends HistoryLike>(event: E): E {
  if (!event.data || typeof event.data !== 'object') return event;
  const data = { ...(event.data as Record<string, unknown>) };
  let changed = false;
  for (const field of IDENTITY_FIELDS) {
    if (field in data) {
      data[field] = WITHHELD;
      changed = true;
    }
  }
  if (!changed) return event;
  return { ...event, data };
}
