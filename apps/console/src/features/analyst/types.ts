/** A count as analysts receive it: null where it is suppressed (small numbers), never to be read as 0. */
export type Shown = number | null;

export interface Breakdown {
  counts: Record<string, Shown>;
  total: Shown;
}

/** `GET /reports/annual` as it leaves the service (docs/reporting.md): the parts the dashboard draws. */
export interface AnnualReport {
  period: { from: string; to: string };
  filters: { organizer: string | null; municipality: string | null; region: string | null; county: string | null };
  protection: { suppressedBelow: number | null; note: string };
  jointMeetings: Breakdown;
  jointMeetingsByOrganizer: Breakdown;
  familiesReached: Shown;
  childrenReached: Shown;
  participatingSectors: Record<string, Shown>;
  familiesReferredToAssessmentOrSocialWork: Shown;
  familyGotHelp: Breakdown;
  referralsAtMeetings: { meetings: Breakdown; families: Shown; services: Breakdown | null };
  meetingsWithRemarks: Shown;
  meetingsPerFamily: { mean: number | null; distribution: Breakdown };
  referralsByService: Breakdown;
  intake: { concerns: Shown; zones: Breakdown; channels: Breakdown; routes: Breakdown };
  outcomes: Breakdown;
  feedback: { forms: Shown; items: Record<string, { answers: Shown; meanScore: number | null }> };
  municipalities: Array<{ municipality: string; region: string; county: string; adoptionStage: number | null; meetings: Shown }>;
  meetingsInAllMunicipalities: Shown;
}

/**
 * A value the dashboard has not got: still being asked (`loading`), or asked and refused or unanswered (`failed`,
 * e.g. a 429). Never the same as suppressed: the API answered that one, and said it is too small to show.
 */
export type Missing = 'loading' | 'failed';

/** One row of a chart's table: its category, and the value (null: suppressed, unless `missing` says it is not there). */
export interface Row {
  key: string;
  label: string;
  value: Shown;
  /** Set when the value is not an answer of the API at all: then `value` is null and means nothing. */
  missing?: Missing;
  /** A mean or other figure with decimals (written with a decimal comma in the CSV). */
  decimals?: number;
}

/** One chart of the dashboard and its table: the same rows go to the CSV. */
export interface Section {
  id: string;
  title: string;
  /** What the values are (meetings, concerns, families, mean score). */
  unit: string;
  rows: Row[];
  total?: Shown;
  note?: string;
  /** Asks again for the rows that `failed` (offered beside them). */
  retry?: () => void;
}

/** The report's query: whole months (analysts), and the filters the API takes. */
export interface ReportFilters {
  from: string;
  /** The last month included (the API's `to` is the month after it). */
  through: string;
  organizer: string;
  municipality: string;
  region: string;
  county: string;
}
