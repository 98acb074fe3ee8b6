import type { TFunction } from 'i18next';
import type { AnnualReport, Breakdown, Missing, ReportFilters, Row, Section, Shown } from './types';

/** Names the reference data gives keys the report uses (services by id, feedback items by key), in the reader's language. */
export interface Names {
  service: (id: string) => string;
  feedbackItem: (key: string) => string;
}

/** A month after `yearMonth` ("2026-12" → "2027-01"). */
export function monthAfter(yearMonth: string): string {
  const [year, month] = yearMonth.split('-').map(Number);
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

/** Every month from `from` through `through`, inclusive ("2026-01" … "2026-12"). */
export function monthsOf(from: string, through: string, most = 36): string[] {
  const months: string[] = [];
  for (let month = from; month <= through && months.length < most; month = monthAfter(month)) months.push(month);
  return months;
}

/** The API's query for the filters: `to` is exclusive, empty filters are left out. */
export function queryOf(filters: ReportFilters): Record<string, string | undefined> {
  return {
    from: filters.from,
    to: monthAfter(filters.through),
    organizer: filters.organizer || undefined,
    municipality: filters.municipality || undefined,
    region: filters.region || undefined,
    county: filters.county || undefined,
  };
}

const rowsOf = (counts: Record<string, Shown>, label: (key: string) => string): Row[] =>
  Object.entries(counts).map(([key, value]) => ({ key, label: label(key), value }));

const byValue = (rows: Row[]) => [...rows].sort((a, b) => (b.value ?? -1) - (a.value ?? -1) || a.label.localeCompare(b.label));

/**
 * The report as the dashboard's sections: what each chart draws, its table shows and the CSV holds. A suppressed
 * count stays null all the way to the screen, where it reads as suppressed, never as 0.
 */
export function sectionsOf(report: AnnualReport, t: TFunction, names: Names): Section[] {
  const label = (prefix: string) => (key: string) => t(`${prefix}_${key}`, { defaultValue: key });
  const breakdown = (id: string, unit: string, part: Breakdown, name: (key: string) => string, sort = false): Section => {
    const rows = rowsOf(part.counts, name);
    return { id, title: t(`section_${id}`), unit: t(`unit_${unit}`), rows: sort ? byValue(rows) : rows, total: part.total };
  };
  return [
    breakdown('jointMeetings', 'meetings', report.jointMeetings, label('kind')),
    {
      id: 'municipalities',
      title: t('section_municipalities'),
      unit: t('unit_meetings'),
      rows: byValue(
        report.municipalities.map((m) => ({ key: m.municipality, label: `${m.municipality} (${m.county})`, value: m.meetings })),
      ),
      total: report.meetingsInAllMunicipalities,
    },
    breakdown('jointMeetingsByOrganizer', 'meetings', report.jointMeetingsByOrganizer, (key) => key, true),
    breakdown('zones', 'concerns', report.intake.zones, label('zone')),
    breakdown('channels', 'concerns', report.intake.channels, label('channel')),
    breakdown('routes', 'routes', report.intake.routes, label('route')),
    {
      id: 'sectors',
      title: t('section_sectors'),
      unit: t('unit_meetings'),
      rows: byValue(rowsOf(report.participatingSectors, (key) => key)),
      note: t('sectorsNotAdditive'),
    },
    breakdown('referralsByService', 'referrals', report.referralsByService, names.service, true),
    breakdown('referralsAtMeetings', 'meetings', report.referralsAtMeetings.meetings, label('referred')),
    breakdown('familyGotHelp', 'meetings', report.familyGotHelp, label('help')),
    breakdown('outcomes', 'families', report.outcomes, label('outcome')),
    breakdown('meetingsPerFamily', 'families', report.meetingsPerFamily.distribution, (key) => t('meetingsCount', { n: key })),
    {
      id: 'feedbackAnswers',
      title: t('section_feedbackAnswers'),
      unit: t('unit_answers'),
      rows: Object.entries(report.feedback.items).map(([key, item]) => ({ key, label: names.feedbackItem(key), value: item.answers })),
      total: report.feedback.forms,
      note: t('feedbackFormsTotal'),
    },
    {
      id: 'feedbackScores',
      title: t('section_feedbackScores'),
      unit: t('unit_meanScore'),
      rows: Object.entries(report.feedback.items).map(([key, item]) => ({
        key,
        label: names.feedbackItem(key),
        value: item.meanScore,
        decimals: 1,
      })),
    },
  ];
}

/** The headline figures above the charts. */
export function keyFigures(report: AnnualReport, t: TFunction): Row[] {
  return [
    { key: 'meetings', label: t('figure_meetings'), value: report.jointMeetings.total },
    { key: 'families', label: t('figure_families'), value: report.familiesReached },
    { key: 'children', label: t('figure_children'), value: report.childrenReached },
    { key: 'concerns', label: t('figure_concerns'), value: report.intake.concerns },
    { key: 'referredToAssessment', label: t('figure_referredToAssessment'), value: report.familiesReferredToAssessmentOrSocialWork },
    { key: 'meanMeetingsPerFamily', label: t('figure_meanMeetingsPerFamily'), value: report.meetingsPerFamily.mean, decimals: 1 },
    { key: 'feedbackForms', label: t('figure_feedbackForms'), value: report.feedback.forms },
  ];
}

/** One month's report as the dashboard holds it: TanStack Query's status, and the meetings it counted once answered. */
export interface MonthAnswer {
  status: 'pending' | 'error' | 'success';
  meetings?: Shown;
}

/**
 * Joint meetings per month as rows. Only an answer of the API gives a value (a number, or null: suppressed); a month
 * still asked is `loading`, one refused or unanswered (a 429, the network) is `failed`, so neither reads as suppressed.
 */
export function monthlyRows(months: string[], answers: Array<MonthAnswer | undefined>, label: (month: string) => string): Row[] {
  return months.map((month, index) => {
    const answer = answers[index];
    // An answer without the count (not a report) is as good as none.
    const missing: Missing | undefined =
      answer?.status === 'success'
        ? answer.meetings === undefined
          ? 'failed'
          : undefined
        : answer?.status === 'error'
          ? 'failed'
          : 'loading';
    const row = { key: month, label: label(month) };
    return missing ? { ...row, value: null, missing } : { ...row, value: answer?.meetings ?? null };
  });
}

/** The rows of these sections the dashboard does not have (loading or failed): a download of them would be incomplete. */
export function missingRows(sections: Section[]): Row[] {
  return sections.flatMap((section) => section.rows.filter((row) => row.missing !== undefined));
}
