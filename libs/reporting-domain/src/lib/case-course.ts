import { BASELINE_REFERENCE, type ReportReference } from './report-reference';
import type { TableRules } from './reported-event';

/** One child's Wellbeing Star at a meeting as one rater gave it: each area's score. */
interface StarAtMeeting {
  child: number | 'unknown';
  ratedBy: string;
  scores: Record<string, number>;
}

/** A joint meeting held, as its report record tells it. */
export interface MeetingHeld {
  recordId: string;
  /** Null for a record made before v2: the meeting is known only by its record. */
  meetingId: string | null;
  number: number | null;
  /** When it took place: its start (v2 records), or when its record was made (v1). */
  heldAt: string;
  /** When its record was made, at the closing: the meeting is held from then on. */
  recordedAt: string;
  organizer: string;
  /** Per child and rater; `[]` when no star was rated at it, null when the record did not say (v1). */
  wellbeingStar: StarAtMeeting[] | null;
}

/**
 * The course of one family's matter through the model, for the effectiveness figures (no personal data): the
 * meetings held with the Wellbeing Star rated at each, the outcomes recorded, closures and reopenings. The report
 * works the figures out for a period from these (`effectiveness.ts`); the `first…`/`last…` columns only let its SQL
 * pick the cases a period can count.
 */
export interface CaseCourse {
  caseId: string;
  concernAt: string | null;
  meetings: MeetingHeld[];
  outcomes: Array<{ eventId: string; outcome: string; recordedAt: string }>;
  closures: Array<{ eventId: string; reason: string; closedAt: string }>;
  reopenings: Array<{ eventId: string; reopenedAt: string }>;
  firstMeetingAt: string | null;
  lastMeetingAt: string | null;
  firstOutcomeAt: string | null;
  lastOutcomeAt: string | null;
  /** When the family's everyday life was found to run smoothly: its latest closure, for that reason, not reopened since. */
  smoothEverydayLifeAt: string | null;
}

const EVERYDAY_LIFE_RUNS_SMOOTHLY = 'everyday-life-runs-smoothly';

const COURSE_TYPES = new Set(['ConcernRegistered', 'MeetingReportRecorded', 'OutcomeRecorded', 'CaseClosed', 'CaseReopened']);

const blank = (caseId: string): CaseCourse => ({
  caseId,
  concernAt: null,
  meetings: [],
  outcomes: [],
  closures: [],
  reopenings: [],
  firstMeetingAt: null,
  lastMeetingAt: null,
  firstOutcomeAt: null,
  lastOutcomeAt: null,
  smoothEverydayLifeAt: null,
});

const byTime =
  <T>(at: (item: T) => string, id: (item: T) => string) =>
  (a: T, b: T) =>
    Date.parse(at(a)) - Date.parse(at(b)) || id(a).localeCompare(id(b));

/** Adds an item once (an event applied twice adds nothing), keeping the list in time order whatever the arrival order. */
function withItem<T>(items: T[], item: T, id: (item: T) => string, at: (item: T) => string): T[] {
  if (items.some((existing) => id(existing) === id(item))) return items;
  return [...items, item].sort(byTime(at, id));
}

/** An item recorded by one event, kept once per event id. */
const withEvent = <T extends { eventId: string }>(items: T[], item: T, at: (item: T) => string): T[] =>
  withItem(items, item, (x) => x.eventId, at);

/** The star a record carries (v2), read defensively: only whole scores per area count. */
function starOf(star: unknown): StarAtMeeting[] | null {
  if (!Array.isArray(star)) return null;
  return star
    .filter(
      (entry): entry is { child: number | 'unknown'; ratedBy: string; scores: Record<string, unknown> } =>
        typeof entry === 'object' && entry !== null && typeof entry.scores === 'object' && entry.scores !== null,
    )
    .map(({ child, ratedBy, scores }) => ({
      child: typeof child === 'number' ? child : 'unknown',
      ratedBy: typeof ratedBy === 'string' ? ratedBy : 'unknown',
      scores: Object.fromEntries(Object.entries(scores).filter((entry): entry is [string, number] => Number.isInteger(entry[1]))),
    }));
}

/** The latest closure, when it was for everyday life running smoothly and the case was not reopened after it. */
function smoothEverydayLifeAtOf(course: Pick<CaseCourse, 'closures' | 'reopenings'>): string | null {
  const latest = course.closures[course.closures.length - 1];
  if (!latest || latest.reason !== EVERYDAY_LIFE_RUNS_SMOOTHLY) return null;
  const reopenedAfter = course.reopenings.some((r) => Date.parse(r.reopenedAt) > Date.parse(latest.closedAt));
  return reopenedAfter ? null : latest.closedAt;
}

function derived(course: CaseCourse): CaseCourse {
  const { meetings, outcomes } = course;
  return {
    ...course,
    firstMeetingAt: meetings[0]?.heldAt ?? null,
    lastMeetingAt: meetings.length ? meetings[meetings.length - 1].heldAt : null,
    firstOutcomeAt: outcomes[0]?.recordedAt ?? null,
    lastOutcomeAt: outcomes.length ? outcomes[outcomes.length - 1].recordedAt : null,
    smoothEverydayLifeAt: smoothEverydayLifeAtOf(course),
  };
}

/**
 * One row per case. Every list is kept in time order and every event counted once, so the row does not depend on
 * the order four topics deliver a case's events in, and a rebuild from position 0 gives the live row.
 */
export const caseCourseRulesWith = (reference: ReportReference): TableRules<CaseCourse> => ({
  keyOf: (event) => (COURSE_TYPES.has(event.type) ? event.caseId : undefined),
  evolve(row, { eventId, type, caseId, data }) {
    const course = row ?? blank(caseId);
    switch (type) {
      case 'ConcernRegistered':
        return derived({ ...course, concernAt: data.registeredAt });
      case 'MeetingReportRecorded': {
        const meeting: MeetingHeld = {
          recordId: eventId,
          meetingId: data.meetingId ?? null,
          number: data.number ?? null,
          heldAt: data.startsAt ?? data.recordedAt,
          recordedAt: data.recordedAt,
          organizer: reference.organiserName(data.organizer),
          wellbeingStar: starOf(data.wellbeingStar),
        };
        return derived({
          ...course,
          meetings: withItem(
            course.meetings,
            meeting,
            (m) => m.recordId,
            (m) => m.heldAt,
          ),
        });
      }
      case 'OutcomeRecorded': {
        const outcome = { eventId, outcome: data.outcome, recordedAt: data.recordedAt };
        return derived({ ...course, outcomes: withEvent(course.outcomes, outcome, (o) => o.recordedAt) });
      }
      case 'CaseClosed': {
        const closure = { eventId, reason: data.reason, closedAt: data.closedAt };
        return derived({ ...course, closures: withEvent(course.closures, closure, (c) => c.closedAt) });
      }
      case 'CaseReopened':
        return derived({
          ...course,
          reopenings: withEvent(course.reopenings, { eventId, reopenedAt: data.reopenedAt }, (r) => r.reopenedAt),
        });
      default:
        return course;
    }
  },
});

/** The rules with the shipped reference data. */
export const caseCourseRules = caseCourseRulesWith(BASELINE_REFERENCE);
