import { finnishDateOf } from '@perheverkko/decider';
import type { CaseCourse, MeetingHeld } from './case-course';
import type { ReportPeriod } from './report-period';
import { protectBreakdown, protectCount, protectStatistic, type ProtectedBreakdown, type ProtectedCount } from './small-numbers';

/**
 * The effectiveness figures (*vaikuttavuus*, seed 002): what the model exists for, worked out per family from the
 * course of its matter (`CaseCourse`). Each family is counted in a period by one moment of its course, named with
 * each figure, so periods that do not overlap never count a family's figure twice.
 */
export const OUTCOMES = ['sufficient', 'continue', 'stronger-support'] as const;
/** How many meetings the family had held when an outcome was recorded: one, two, three, or more (with a reason). */
const MEETINGS_HELD = ['1', '2', '3', '4+'] as const;
type MeetingsHeld = (typeof MEETINGS_HELD)[number];

/** The count an outcome is placed under: the meetings held by then, four or more together. */
const meetingsHeld = (held: number): MeetingsHeld => (held >= 4 ? '4+' : held === 3 ? '3' : held === 2 ? '2' : '1');

/** Families per outcome: every outcome the model knows, and any other a record names (counted as recorded). */
type OutcomeCounts = Record<(typeof OUTCOMES)[number], number> & Record<string, number>;
const noOutcomes = (): OutcomeCounts => ({ sufficient: 0, continue: 0, 'stronger-support': 0 });

interface DaysFigure {
  /** Median whole days (of the families counted); null when none. */
  median: number | null;
  families: number;
}

interface StarChangeFigure {
  /** Families whose area improved, stayed the same or worsened between their first and last rating of it. */
  change: Record<'improved' | 'unchanged' | 'worsened', number>;
  /** Mean change in points on the star's scale (positive: better). */
  meanChange: number | null;
}

export interface Effectiveness {
  /** Per Wellbeing Star area. */
  wellbeingStarChange: Record<string, StarChangeFigure>;
  /** Per number of meetings held when the outcome was recorded: families per outcome. */
  outcomesAfterMeetings: Record<(typeof MEETINGS_HELD)[number], Record<(typeof OUTCOMES)[number], number>>;
  daysFromConcern: { toFirstMeeting: DaysFigure; toEverydayLifeRunsSmoothly: DaysFigure };
}

/** A family's course with where it lives, for the figures per municipality and county. */
export interface CourseInPlace {
  course: CaseCourse;
  municipality: string | null;
  county: string | null;
}

const DAY = 86_400_000;

/**
 * Whole days between two moments as Helsinki's calendar counts them: a concern at 23:30 and a meeting at 08:00 the
 * next morning are one day apart, however few hours lie between them, and the same in summer and winter time.
 */
export function finnishDaysBetween(from: string, to: string): number {
  const day = (at: string) => {
    const [year, month, date] = finnishDateOf(at).split('-').map(Number);
    return Date.UTC(year, month - 1, date);
  };
  return Math.round((day(to) - day(from)) / DAY);
}

const within = (at: string | null, period: ReportPeriod) =>
  at !== null && Date.parse(at) >= period.from.getTime() && Date.parse(at) < period.to.getTime();

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

/** Days from the concern to the family's first joint meeting: counted in the period the first meeting took place in. */
export function daysToFirstMeetingOf(course: CaseCourse, period: ReportPeriod): number | undefined {
  const first = course.meetings[0];
  if (!first || !course.concernAt || !within(first.heldAt, period)) return undefined;
  return finnishDaysBetween(course.concernAt, first.heldAt);
}

/** Days from the concern to "everyday life runs smoothly" (the closure): counted in the period of the closure. */
export function daysToEverydayLifeRunsSmoothlyOf(course: CaseCourse, period: ReportPeriod): number | undefined {
  const smooth = course.smoothEverydayLifeAt;
  if (!smooth || !course.concernAt || !within(smooth, period)) return undefined;
  return finnishDaysBetween(course.concernAt, smooth);
}

/**
 * The outcome after one, two, three (or more) meetings: each outcome recorded in the period is placed by the
 * meetings the family had held by then (their records made); of a family's outcomes at the same count, the latest in
 * the period stands. An outcome before any meeting held places nowhere.
 */
export function outcomesAfterMeetingsOf(course: CaseCourse, period: ReportPeriod): Partial<Record<(typeof MEETINGS_HELD)[number], string>> {
  const found: Partial<Record<(typeof MEETINGS_HELD)[number], string>> = {};
  for (const { outcome, recordedAt } of course.outcomes) {
    if (!within(recordedAt, period)) continue;
    const held = course.meetings.filter((m) => Date.parse(m.recordedAt) <= Date.parse(recordedAt)).length;
    if (held === 0) continue;
    // Outcomes are in time order: a later one at the same count replaces an earlier one.
    found[meetingsHeld(held)] = outcome;
  }
  return found;
}

/**
 * The change of each Wellbeing Star area between the family's first and last meeting that rated it, by the end of
 * the period, counted in the period that last meeting took place in. The same child and rater are compared with
 * themselves (the family's view with the family's, a worker's with a worker's); when several were rated at both,
 * the family's change is the mean of theirs. An area rated at one meeting only shows no change yet.
 */
export function starChangeOf(course: CaseCourse, period: ReportPeriod): Record<string, number> {
  // By area, child and rater.
  const ratings = new Map<string, { area: string; rated: Array<{ meeting: MeetingHeld; score: number }> }>();
  for (const meeting of course.meetings) {
    if (Date.parse(meeting.heldAt) >= period.to.getTime()) break;
    for (const star of meeting.wellbeingStar ?? []) {
      for (const [area, score] of Object.entries(star.scores)) {
        const key = JSON.stringify([area, star.child, star.ratedBy]);
        ratings.set(key, { area, rated: [...(ratings.get(key)?.rated ?? []), { meeting, score }] });
      }
    }
  }
  const changes = new Map<string, { changes: number[]; lastAt: number }>();
  for (const { area, rated } of ratings.values()) {
    if (new Set(rated.map((r) => r.meeting.recordId)).size < 2) continue;
    const first = rated[0];
    const last = rated[rated.length - 1];
    const sofar = changes.get(area) ?? { changes: [], lastAt: 0 };
    changes.set(area, {
      changes: [...sofar.changes, last.score - first.score],
      lastAt: Math.max(sofar.lastAt, Date.parse(last.meeting.heldAt)),
    });
  }
  return Object.fromEntries(
    [...changes]
      .filter(([, { lastAt }]) => lastAt >= period.from.getTime())
      // Each area kept has at least one change: its mean is a number.
      .map(([area, { changes: each }]) => [area, each.reduce((a, b) => a + b, 0) / each.length]),
  );
}

/** The effectiveness figures over these families in the period (exact: what a coordinator sees). */
export function effectivenessOf(courses: readonly CaseCourse[], period: ReportPeriod): Effectiveness {
  const toFirst: number[] = [];
  const toSmooth: number[] = [];
  const outcomes: Record<MeetingsHeld, OutcomeCounts> = { '1': noOutcomes(), '2': noOutcomes(), '3': noOutcomes(), '4+': noOutcomes() };
  const star = new Map<string, number[]>();
  for (const course of courses) {
    const first = daysToFirstMeetingOf(course, period);
    if (first !== undefined) toFirst.push(first);
    const smooth = daysToEverydayLifeRunsSmoothlyOf(course, period);
    if (smooth !== undefined) toSmooth.push(smooth);
    const after = outcomesAfterMeetingsOf(course, period);
    for (const held of MEETINGS_HELD) {
      const outcome = after[held];
      if (outcome !== undefined) outcomes[held][outcome] = (outcomes[held][outcome] ?? 0) + 1;
    }
    for (const [area, change] of Object.entries(starChangeOf(course, period))) star.set(area, [...(star.get(area) ?? []), change]);
  }
  const starFigure = (changes: number[]): StarChangeFigure => ({
    change: {
      improved: changes.filter((c) => c > 0).length,
      unchanged: changes.filter((c) => c === 0).length,
      worsened: changes.filter((c) => c < 0).length,
    },
    meanChange: mean(changes),
  });
  return {
    wellbeingStarChange: Object.fromEntries(
      [...star].sort(([a], [b]) => a.localeCompare(b)).map(([area, changes]) => [area, starFigure(changes)]),
    ),
    outcomesAfterMeetings: outcomes,
    daysFromConcern: {
      toFirstMeeting: { median: median(toFirst), families: toFirst.length },
      toEverydayLifeRunsSmoothly: { median: median(toSmooth), families: toSmooth.length },
    },
  };
}

/** Whether the figures count any family at all (a group that counts none is left out of the comparison). */
function countsAnyone(e: Effectiveness): boolean {
  return (
    e.daysFromConcern.toFirstMeeting.families > 0 ||
    e.daysFromConcern.toEverydayLifeRunsSmoothly.families > 0 ||
    Object.keys(e.wellbeingStarChange).length > 0 ||
    Object.values(e.outcomesAfterMeetings).some((counts) => Object.values(counts).some((n) => n > 0))
  );
}

export interface EffectivenessByPlace {
  county: Record<string, Effectiveness>;
  municipality: Record<string, Effectiveness>;
  /** A family counts under every organiser that held one of its meetings (not additive: it may have had several). */
  organizer: Record<string, Effectiveness>;
}

/** The same figures per county, municipality and organiser, side by side; groups that count no one are left out. */
export function effectivenessByPlace(courses: readonly CourseInPlace[], period: ReportPeriod): EffectivenessByPlace {
  const grouped = (keysOf: (c: CourseInPlace) => string[]) => {
    const groups = new Map<string, CaseCourse[]>();
    for (const entry of courses) for (const key of new Set(keysOf(entry))) groups.set(key, [...(groups.get(key) ?? []), entry.course]);
    const figures = [...groups]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, group]) => [key, effectivenessOf(group, period)] as const);
    return Object.fromEntries(figures.filter(([, e]) => countsAnyone(e)));
  };
  return {
    county: grouped((c) => [c.county ?? 'unknown']),
    municipality: grouped((c) => [c.municipality ?? 'unknown']),
    organizer: grouped((c) => c.course.meetings.map((m) => m.organizer)),
  };
}

/** The figures as they leave the service: breakdowns with their totals; for analysts, small numbers protected. */
export interface PublishedEffectiveness {
  wellbeingStarChange: Record<string, { change: ProtectedBreakdown; meanChange: number | null }>;
  outcomesAfterMeetings: Record<string, ProtectedBreakdown>;
  daysFromConcern: {
    toFirstMeeting: { median: number | null; families: ProtectedCount };
    toEverydayLifeRunsSmoothly: { median: number | null; families: ProtectedCount };
  };
}

/**
 * Small-number protection as for the rest of the report: with a threshold (analysts), counts from 1 to threshold − 1
 * are suppressed with complementary suppression in each breakdown, the others rounded to the threshold, means to
 * one decimal and medians to whole days, and neither shown over fewer families than the threshold. Without one
 * (coordinators), exact counts; means to two decimals.
 */
export function protectEffectiveness(e: Effectiveness, threshold: number | null): PublishedEffectiveness {
  const t = threshold ?? 1;
  const round = threshold !== null;
  const breakdown = (counts: Record<string, number>) => protectBreakdown(counts, t, { additive: true, round });
  const statistic = (value: number | null, basis: number, decimals: number) =>
    protectStatistic(value, basis, t, { decimals: round ? decimals : 2 });
  const days = ({ median: m, families }: DaysFigure) => ({
    median: statistic(m, families, 0),
    families: protectCount(families, t, { round }),
  });
  return {
    wellbeingStarChange: Object.fromEntries(
      Object.entries(e.wellbeingStarChange).map(([area, { change, meanChange }]) => {
        const families = Object.values(change).reduce((a, b) => a + b, 0);
        return [area, { change: breakdown(change), meanChange: statistic(meanChange, families, 1) }];
      }),
    ),
    outcomesAfterMeetings: Object.fromEntries(Object.entries(e.outcomesAfterMeetings).map(([held, counts]) => [held, breakdown(counts)])),
    daysFromConcern: {
      toFirstMeeting: days(e.daysFromConcern.toFirstMeeting),
      toEverydayLifeRunsSmoothly: days(e.daysFromConcern.toEverydayLifeRunsSmoothly),
    },
  };
}

export function protectEffectivenessByPlace(
  by: EffectivenessByPlace,
  threshold: number | null,
): Record<keyof EffectivenessByPlace, Record<string, PublishedEffectiveness>> {
  const each = (groups: Record<string, Effectiveness>) =>
    Object.fromEntries(Object.entries(groups).map(([name, e]) => [name, protectEffectiveness(e, threshold)]));
  return { county: each(by.county), municipality: each(by.municipality), organizer: each(by.organizer) };
}
