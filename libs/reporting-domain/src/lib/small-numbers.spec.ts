import { startOfFinnishMonth } from '@perheverkko/decider';
import { caseCourseRules, type CaseCourse } from './case-course';
import { effectivenessOf, protectEffectiveness } from './effectiveness';
import type { ReportedEvent } from './reported-event';
import { protectBreakdown, protectCount, protectStatistic, roundToBase } from './small-numbers';

/** What an analyst asks for: the families of some places, over months [from, to) counted from the first. */
type Query = { places: string[]; months: [number, number] };

/**
 * The splits an analyst can ask for, a total and its parts, each part being what subtraction would reveal: an area
 * and its places, all places and the areas (also within one report), a period and the period less one month (at either
 * end, or in the middle: before and after it), for four periods within two years.
 */
function splitsOf(areas: Record<string, string[]>): Array<{ whole: Query; parts: Query[] }> {
  const all = Object.values(areas).flat();
  const splits: Array<{ whole: Query; parts: Query[] }> = [];
  for (const [from, to] of [
    [0, 12],
    [12, 24],
    [0, 24],
    [3, 9],
  ] as Array<[number, number]>) {
    for (const places of [all, ...Object.values(areas)]) {
      if (places.length > 1)
        splits.push({ whole: { places, months: [from, to] }, parts: places.map((m) => ({ places: [m], months: [from, to] })) });
      splits.push({
        whole: { places: all, months: [from, to] },
        parts: Object.values(areas).map((p) => ({ places: p, months: [from, to] })),
      });
      for (let month = from; month < to; month++) {
        const parts: Query[] = [{ places, months: [month, month + 1] }];
        if (month > from) parts.push({ places, months: [from, month] });
        if (month + 1 < to) parts.push({ places, months: [month + 1, to] });
        splits.push({ whole: { places, months: [from, to] }, parts });
      }
    }
  }
  return splits;
}

describe('small-number protection', () => {
  it('should suppress counts from 1 to threshold − 1 and keep zeros and larger counts', () => {
    expect(protectBreakdown({ a: 0, b: 4, c: 5, d: 3, e: 12 }, 5, { additive: false }).counts).toEqual({
      a: 0,
      b: null,
      c: 5,
      d: null,
      e: 12,
    });
    expect(protectCount(1, 5)).toBeNull();
    expect(protectCount(0, 5)).toBe(0);
    expect(protectCount(5, 5)).toBe(5);
  });

  it('should suppress a second cell where one suppressed cell could be worked out from the total', () => {
    const { counts, total } = protectBreakdown({ first: 20, 'follow-up': 3, other: 9 }, 5, { additive: true });
    expect(total).toBe(32);
    // 32 − 20 − 9 would reveal the 3: the smallest shown cell goes too.
    expect(counts).toEqual({ first: 20, 'follow-up': null, other: null });
  });

  it('should suppress the total when no other cell can hide the suppressed one', () => {
    expect(protectBreakdown({ yes: 3, no: 0 }, 5, { additive: true })).toEqual({ counts: { yes: null, no: 0 }, total: null });
    expect(protectBreakdown({ yes: 3, no: 7 }, 5, { additive: true })).toEqual({ counts: { yes: null, no: null }, total: 10 });
  });

  it('should leave two or more suppressed cells as they are (only their sum can be derived)', () => {
    expect(protectBreakdown({ a: 2, b: 3, c: 40 }, 5, { additive: true })).toEqual({ counts: { a: null, b: null, c: 40 }, total: 45 });
  });

  it('should follow a configured threshold', () => {
    expect(protectBreakdown({ a: 9, b: 10 }, 10, { additive: false }).counts).toEqual({ a: null, b: 10 });
    expect(protectBreakdown({ a: 1, b: 10 }, 1, { additive: true })).toEqual({ counts: { a: 1, b: 10 }, total: 11 });
  });

  it('should hide a statistic computed over too few families', () => {
    expect(protectStatistic(12.5, 4, 5)).toBeNull();
    expect(protectStatistic(12.5, 5, 5)).toBe(12.5);
  });

  it('should round shown counts to the threshold for analysts, keeping zeros, and suppress before rounding', () => {
    expect([0, 1, 4, 5, 7, 8, 12, 13, 102].map((n) => protectCount(n, 5, { round: true }))).toEqual([0, null, null, 5, 5, 10, 10, 15, 100]);
    expect(protectBreakdown({ first: 20, 'follow-up': 3, other: 9 }, 5, { additive: true, round: true })).toEqual({
      counts: { first: 20, 'follow-up': null, other: null },
      total: 30,
    });
    expect(protectBreakdown({ a: 16, b: 0 }, 10, { additive: false, round: true }).counts).toEqual({ a: 20, b: 0 });
    expect(roundToBase(7, 1)).toBe(7);
  });

  it('should give means to one decimal and medians to whole days when asked', () => {
    expect(protectStatistic(1.3617, 47, 5, { decimals: 1 })).toBe(1.4);
    expect(protectStatistic(12.5, 6, 5, { decimals: 0 })).toBe(13);
    expect(protectStatistic(null, 6, 5, { decimals: 1 })).toBeNull();
  });

  describe('differencing: a generated population asked for overlapping periods and filters that split a total', () => {
    const T = 5;
    // Reproducible: counts per (municipality, month), many of them small, as in a county's smaller municipalities.
    let state = 17;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const REGIONS: Record<string, string[]> = {
      'Pohjois-Savo': ['Kuopio', 'Siilinjärvi', 'Leppävirta'],
      'Etelä-Savo': ['Mikkeli', 'Juva'],
    };
    const MUNICIPALITIES = Object.values(REGIONS).flat();
    const counts = Object.fromEntries(
      MUNICIPALITIES.map((m, i) => [m, Array.from({ length: 24 }, () => Math.floor(random() * (i === 0 ? 12 : 4)))]),
    );
    const exact = (q: Query) => q.places.reduce((sum, m) => sum + counts[m].slice(...q.months).reduce((a, b) => a + b, 0), 0);
    const published = (q: Query) => protectCount(exact(q), T, { round: true });
    const splits = splitsOf(REGIONS);

    it('should not let any suppressed count be worked out by subtracting the published parts from the published whole', () => {
      let hiddenCellsAttacked = 0;
      let exactCountsWouldLeak = 0;
      for (const { whole, parts } of splits) {
        for (const [i, target] of parts.entries()) {
          const hidden = exact(target);
          if (hidden < 1 || hidden >= T) continue;
          expect(published(target)).toBeNull();
          const others = parts.filter((_, j) => j !== i).map(published);
          const total = published(whole);
          if (total === null || others.includes(null)) continue;
          hiddenCellsAttacked++;
          const difference = total - (others as number[]).reduce((a, b) => a + b, 0);
          expect({ whole, target, difference }).not.toEqual({ whole, target, difference: hidden });
          // Nor does the pair narrow it: each published count is within ± T/2 of the truth, so every 1 … T − 1 stays possible.
          expect(difference % T).toBe(0);
          if (
            exact(whole) - parts.filter((_, j) => j !== i).reduce((sum, q) => sum + exact(q), 0) === hidden &&
            parts.filter((_, j) => j !== i).every((q) => protectCount(exact(q), T) !== null)
          )
            exactCountsWouldLeak++;
        }
      }
      // The population does put the protection to work: without rounding, these subtractions would have given cells away.
      expect(hiddenCellsAttacked).toBeGreaterThan(20);
      expect(exactCountsWouldLeak).toBeGreaterThan(20);
    });

    it('should keep the report useful: every published count within T / 2 of the truth', () => {
      for (const { whole, parts } of splits) {
        for (const q of [whole, ...parts]) {
          const shown = published(q);
          if (shown !== null) expect(Math.abs(shown - exact(q))).toBeLessThanOrEqual(Math.floor(T / 2));
        }
      }
    });
  });
});

describe('differencing the effectiveness figures (issue 18): overlapping periods, a total and its parts', () => {
  const T = 5;
  let state = 29;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <X>(items: readonly X[]) => items[Math.floor(random() * items.length)];
  const COUNTIES: Record<string, string[]> = {
    'Pohjois-Savon hyvinvointialue': ['Kuopio', 'Siilinjärvi', 'Leppävirta'],
    'Etelä-Savon hyvinvointialue': ['Mikkeli', 'Juva'],
  };
  const MUNICIPALITIES = Object.values(COUNTIES).flat();
  const AREAS = ['parenting', 'self-view', 'relationships-safety'];
  /** Month i from January 2026, as Helsinki's calendar starts it. */
  const monthStart = (i: number) => startOfFinnishMonth(2026 + Math.floor(i / 12), (i % 12) + 1);
  const DAY = 86_400_000;

  /** Families over two years, many of them in small municipalities: one to four meetings, star ratings, outcomes, closures. */
  const families: Array<{ municipality: string; course: CaseCourse }> = [];
  for (let f = 0; f < 420; f++) {
    const municipality = random() < 0.45 ? 'Kuopio' : pick(MUNICIPALITIES.slice(1));
    const caseId = `case-${f}`;
    let clock = monthStart(0).getTime() + Math.floor(random() * 690) * DAY + Math.floor(random() * 24) * 3_600_000;
    let n = 0;
    const events: ReportedEvent[] = [];
    const add = (type: string, data: Record<string, unknown>) =>
      events.push({ eventId: `${caseId}-${n++}`, type, caseId, occurredAt: new Date(clock).toISOString(), data });
    add('ConcernRegistered', { municipality, registeredAt: new Date(clock).toISOString() });
    const meetings = 1 + Math.floor(random() * random() * 4);
    for (let m = 1; m <= meetings; m++) {
      clock += (m === 1 ? 2 : 14) * DAY + Math.floor(random() * 40) * DAY;
      const at = new Date(clock).toISOString();
      const scores = Object.fromEntries(AREAS.filter(() => random() < 0.7).map((area) => [area, 1 + Math.floor(random() * 5)]));
      add('MeetingReportRecorded', {
        meetingId: `${caseId}-m${m}`,
        number: m,
        startsAt: at,
        wellbeingStar: [{ configVersion: 'thl-2017-2', child: 1, ratedBy: 'family', scores }],
        organizer: pick(['Kuopio family centre', 'Mikkeli family centre']),
        recordedAt: new Date(clock + 3_600_000).toISOString(),
      });
      if (random() < 0.7) {
        clock += 2 * DAY;
        add('OutcomeRecorded', {
          outcome: pick(['sufficient', 'continue', 'stronger-support']),
          recordedAt: new Date(clock).toISOString(),
        });
      }
    }
    if (random() < 0.6) {
      clock += Math.floor(random() * 20) * DAY;
      add('CaseClosed', {
        reason: random() < 0.75 ? 'everyday-life-runs-smoothly' : 'stronger-support-arranged',
        closedAt: new Date(clock).toISOString(),
      });
    }
    families.push({
      municipality,
      course: events.reduce<CaseCourse | null>((row, e) => caseCourseRules.evolve(row, e), null) as CaseCourse,
    });
  }

  /** Every count of the figures, by path; means and medians are statistics, not counts to subtract. */
  const counts = (figures: unknown): Record<string, number | null> => {
    const out: Record<string, number | null> = {};
    const walk = (path: string, value: unknown) => {
      if (value === null || typeof value === 'number') out[path] = value as number | null;
      else if (typeof value === 'object')
        for (const [key, inner] of Object.entries(value as object)) walk(path ? `${path}/${key}` : key, inner);
    };
    walk('', figures);
    return Object.fromEntries(Object.entries(out).filter(([path]) => !/(meanChange|median)$/.test(path)));
  };
  const cache = new Map<string, { exact: Record<string, number | null>; shown: Record<string, number | null> }>();
  const ask = (q: Query) => {
    const key = JSON.stringify(q);
    if (!cache.has(key)) {
      const period = { from: monthStart(q.months[0]), to: monthStart(q.months[1]) };
      const figures = effectivenessOf(
        families.filter((f) => q.places.includes(f.municipality)).map((f) => f.course),
        period,
      );
      cache.set(key, { exact: counts(protectEffectiveness(figures, null)), shown: counts(protectEffectiveness(figures, T)) });
    }
    return cache.get(key)!;
  };
  const splits = splitsOf(COUNTIES);

  it('should suppress every small count, and let no suppressed one be worked out by subtraction', () => {
    let attacked = 0;
    let exactWouldLeak = 0;
    for (const { whole, parts } of splits) {
      const paths = new Set([whole, ...parts].flatMap((q) => Object.keys(ask(q).exact)));
      for (const path of paths) {
        for (const [i, target] of parts.entries()) {
          const hidden = ask(target).exact[path] ?? 0;
          if (hidden < 1 || hidden >= T) continue;
          expect({ target, path, shown: ask(target).shown[path] }).toEqual({ target, path, shown: null });
          const shown = (q: Query) => (path in ask(q).shown ? ask(q).shown[path] : 0);
          const others = parts.filter((_, j) => j !== i).map(shown);
          const total = shown(whole);
          if (total === null || others.includes(null)) continue;
          attacked++;
          const difference = total - (others as number[]).reduce((a, b) => a + b, 0);
          // A multiple of the threshold: never the hidden 1 … T − 1, and every one of them stays possible.
          expect({ target, path, difference: Math.abs(difference % T) }).toEqual({ target, path, difference: 0 });
          const exactOthers = parts.filter((_, j) => j !== i).map((q) => ask(q).exact[path] ?? 0);
          if (
            (ask(whole).exact[path] ?? 0) - exactOthers.reduce((a, b) => a + b, 0) === hidden &&
            exactOthers.every((c) => c === 0 || c >= T)
          )
            exactWouldLeak++;
        }
      }
    }
    // The population puts the protection to work on the new figures: exact counts would have given cells away.
    expect(attacked).toBeGreaterThan(100);
    expect(exactWouldLeak).toBeGreaterThan(20);
  });

  it('should keep the figures useful: every shown count within T / 2 of the truth, and the figures not empty', () => {
    const whole = ask({ places: MUNICIPALITIES, months: [0, 12] });
    for (const [path, exact] of Object.entries(whole.exact)) {
      const shown = whole.shown[path];
      if (shown !== null && exact !== null) expect(Math.abs(shown - exact)).toBeLessThanOrEqual(Math.floor(T / 2));
    }
    expect(whole.exact['daysFromConcern/toFirstMeeting/families']).toBeGreaterThan(50);
    expect(whole.exact['wellbeingStarChange/parenting/change/total']).toBeGreaterThan(10);
    expect(whole.exact['outcomesAfterMeetings/2/total']).toBeGreaterThan(10);
  });
});
