import {
  protectBreakdown,
  protectCount,
  protectEffectiveness,
  protectEffectivenessByPlace,
  protectStatistic,
  type ProtectedBreakdown,
  type ProtectedCount,
  type PublishedEffectiveness,
} from '@perheverkko/reporting-domain';
import type { AnnualReport } from './annual-report.queries';

/** The report as it leaves the service: every breakdown with its total; suppressed counts are null. */
interface PublishedReport {
  period: AnnualReport['period'];
  filters: AnnualReport['filters'];
  protection: { suppressedBelow: number | null; note: string };
  jointMeetings: ProtectedBreakdown;
  jointMeetingsByOrganizer: ProtectedBreakdown;
  familiesReached: ProtectedCount;
  childrenReached: ProtectedCount;
  familiesWithChildCountUnknown: ProtectedCount;
  participatingSectors: Record<string, ProtectedCount>;
  familiesReferredToAssessmentOrSocialWork: ProtectedCount;
  familyGotHelp: ProtectedBreakdown;
  /** `services` is null for analysts: the service is typed in at the meeting, and free text is not for them (the catalogue's referrals are in `referralsByService`). */
  referralsAtMeetings: { meetings: ProtectedBreakdown; families: ProtectedCount; services: ProtectedBreakdown | null };
  meetingsWithRemarks: ProtectedCount;
  meetingsPerFamily: { mean: number | null; distribution: ProtectedBreakdown };
  referralsByService: ProtectedBreakdown;
  intake: { concerns: ProtectedCount; zones: ProtectedBreakdown; channels: ProtectedBreakdown; routes: ProtectedBreakdown };
  outcomes: ProtectedBreakdown;
  effectiveness: PublishedEffectiveness;
  effectivenessBy: Record<'county' | 'municipality' | 'organizer', Record<string, PublishedEffectiveness>>;
  feedback: { forms: ProtectedCount; items: Record<string, { answers: ProtectedCount; meanScore: number | null }> };
  municipalities: Array<{ municipality: string; region: string; county: string; adoptionStage: number | null; meetings: ProtectedCount }>;
  meetingsInAllMunicipalities: ProtectedCount;
}

/**
 * Shapes the report for its reader. With a threshold (analysts), counts from 1 to threshold − 1 are suppressed,
 * with complementary suppression inside each breakdown, every other count is rounded to the threshold (so that no
 * suppressed cell follows from subtracting two reports: overlapping periods, a total and its parts), means are
 * given to one decimal and medians to whole days, and averages or medians over too few families are withheld.
 * Without one (coordinators, who know the families' numbers anyway) the same shape carries exact counts.
 */
export function publishReport(report: AnnualReport, threshold: number | null): PublishedReport {
  const t = threshold ?? 1;
  const round = threshold !== null;
  const breakdown = (counts: Record<string, number>) => protectBreakdown(counts, t, { additive: true, round });
  const count = (n: number) => protectCount(n, t, { round });
  const statistic = (value: number | null, basis: number, decimals: number) => protectStatistic(value, basis, t, round ? { decimals } : {});
  const municipalities = breakdown(Object.fromEntries(report.municipalities.map((m) => [m.municipality, m.meetings])));
  return {
    period: report.period,
    filters: report.filters,
    protection: {
      suppressedBelow: threshold,
      note: threshold
        ? `counts from 1 to ${threshold - 1} are null, and so is a second count wherever one could be worked out from a total; the other counts are rounded to the nearest multiple of ${threshold} (totals separately: they need not add up); averages over fewer than ${threshold} families are null`
        : 'exact counts: for coordinators only, never to be passed on without small-number protection',
    },
    jointMeetings: breakdown(report.jointMeetings),
    jointMeetingsByOrganizer: breakdown(report.jointMeetingsByOrganizer),
    familiesReached: count(report.familiesReached),
    childrenReached: count(report.childrenReached),
    familiesWithChildCountUnknown: count(report.familiesWithChildCountUnknown),
    participatingSectors: protectBreakdown(report.participatingSectors, t, { additive: false, round }).counts,
    familiesReferredToAssessmentOrSocialWork: count(report.familiesReferredToAssessmentOrSocialWork),
    familyGotHelp: breakdown(report.familyGotHelp),
    referralsAtMeetings: {
      meetings: breakdown(report.referralsAtMeetings.meetings),
      families: count(report.referralsAtMeetings.families),
      services: round ? null : breakdown(report.referralsAtMeetings.services),
    },
    meetingsWithRemarks: count(report.meetingsWithRemarks),
    meetingsPerFamily: {
      mean: statistic(report.meetingsPerFamily.mean, report.familiesReached, 1),
      distribution: breakdown(report.meetingsPerFamily.distribution),
    },
    referralsByService: breakdown(report.referralsByService),
    intake: {
      concerns: count(report.intake.concerns),
      zones: breakdown(report.intake.zones),
      channels: breakdown(report.intake.channels),
      routes: breakdown(report.intake.routes),
    },
    outcomes: breakdown(report.outcomes),
    effectiveness: protectEffectiveness(report.effectiveness, threshold),
    effectivenessBy: protectEffectivenessByPlace(report.effectivenessBy, threshold),
    feedback: {
      forms: count(report.feedback.forms),
      items: Object.fromEntries(
        Object.entries(report.feedback.items).map(([item, { answers, meanScore }]) => [
          item,
          { answers: count(answers), meanScore: statistic(meanScore, answers, 1) },
        ]),
      ),
    },
    municipalities: report.municipalities.map((m) => ({ ...m, meetings: municipalities.counts[m.municipality] })),
    meetingsInAllMunicipalities: municipalities.total,
  };
}

/** The report as rows of (section, category, value) for CSV: nested keys joined with "/", null where suppressed. */
export function reportRows(report: PublishedReport): Array<{ section: string; category: string; value: number | null }> {
  const rows: Array<{ section: string; category: string; value: number | null }> = [];
  const walk = (section: string, path: string[], value: unknown) => {
    if (value === null || typeof value === 'number')
      rows.push({ section, category: path.join('/') || 'value', value: value as number | null });
    else if (typeof value === 'object') for (const [key, inner] of Object.entries(value as object)) walk(section, [...path, key], inner);
  };
  for (const [section, value] of Object.entries(report)) {
    if (['period', 'filters', 'protection'].includes(section)) continue;
    if (section === 'municipalities') {
      for (const m of report.municipalities) {
        rows.push({ section, category: `${m.region}/${m.municipality}/meetings`, value: m.meetings });
        rows.push({ section, category: `${m.region}/${m.municipality}/adoptionStage`, value: m.adoptionStage });
      }
      continue;
    }
    walk(section, [], value);
  }
  return rows;
}
