import { Injectable } from '@nestjs/common';
import { ENTRY_CHANNELS, ROUTES } from '@perheverkko/contracts';
import { ReferenceData, ServiceReadModels } from '@perheverkko/service-host';
import {
  effectivenessByPlace,
  effectivenessOf,
  monthsStartingIn,
  type CaseCourse,
  type CourseInPlace,
  type Effectiveness,
  type EffectivenessByPlace,
} from '@perheverkko/reporting-domain';
import { ANNUAL_SCHEMA, RECORDS_SCHEMA } from '../projections/reporting.projection';

export interface ReportFilter {
  /**
   * Inclusive start and exclusive end of the period (an operating year by default), ISO 8601 with an offset;
   * `filterOf` gives them in Finnish time, as the calendar period the reader asked for.
   */
  from: string;
  to: string;
  organizer?: string;
  municipality?: string;
  region?: string;
  /** The area (wellbeing services county, Helsinki or Åland) of the family's municipality, by the reference data (its Finnish name). */
  county?: string;
}

export const OUTCOMES = ['sufficient', 'continue', 'stronger-support'];
const HELP = ['yes', 'partly', 'no', 'too-early'];
const ZONES = ['1', '2', '3', '4'];
const MEETING_KINDS = ['first', 'follow-up'];

/** The annual report with exact counts (what a coordinator sees; analysts get it protected). */
export interface AnnualReport {
  period: { from: string; to: string };
  filters: { organizer: string | null; municipality: string | null; region: string | null; county: string | null };
  jointMeetings: Record<string, number>;
  /** Meetings per organiser (*järjestäjätaho*), from the report records. */
  jointMeetingsByOrganizer: Record<string, number>;
  familiesReached: number;
  childrenReached: number;
  /** Families whose concern was registered before `childCount` was recorded. */
  familiesWithChildCountUnknown: number;
  participatingSectors: Record<string, number>;
  familiesReferredToAssessmentOrSocialWork: number;
  familyGotHelp: Record<string, number>;
  /** The records' "was the family referred to a service, which one": meetings either way, families, meetings per service. */
  referralsAtMeetings: { meetings: Record<string, number>; families: number; services: Record<string, number> };
  /** Meetings whose record has "other remarks" (coordinators read them in the records). */
  meetingsWithRemarks: number;
  meetingsPerFamily: { mean: number | null; distribution: Record<string, number> };
  referralsByService: Record<string, number>;
  intake: { concerns: number; zones: Record<string, number>; channels: Record<string, number>; routes: Record<string, number> };
  outcomes: Record<string, number>;
  /** What the model exists for (seed 002: vaikuttavuus): `effectiveness.ts`. */
  effectiveness: Effectiveness;
  /** The same per county, municipality and organiser. */
  effectivenessBy: EffectivenessByPlace;
  feedback: { forms: number; items: Record<string, { answers: number; meanScore: number | null }> };
  municipalities: Array<{ municipality: string; region: string; county: string; adoptionStage: number | null; meetings: number }>;
}

export interface ReportRecordRow {
  recordId: string;
  /** The meeting recorded; null for records made before it was recorded with them (v1). */
  meetingId: string | null;
  recordedAt: string;
  organizer: string;
  municipality: string | null;
  region: string;
  kind: string;
  participatingSectors: string[];
  referred: boolean;
  referredTo: string | null;
  referredToAssessmentOrSocialWork: boolean;
  familyGotHelp: string;
}

/** A record as stored: with its case (never shown) and its remarks still sealed, for the HTTP edge to open or withhold. */
export interface StoredReportRecord extends ReportRecordRow {
  caseId: string;
  sealedRemarks: Record<string, unknown> | null;
}

/**
 * Counts per category. Categories are data (an organiser may be named `constructor` or `__proto__`), so the tally is a
 * Map and the result an object of its own entries only: nothing is read from, or written to, Object's prototype.
 */
export const counted = (categories: readonly string[], rows: Array<{ key: string | null; n: string | number }>): Record<string, number> => {
  const counts = new Map<string, number>(categories.map((c) => [c, 0]));
  for (const { key, n } of rows) counts.set(key ?? 'unknown', (counts.get(key ?? 'unknown') ?? 0) + Number(n));
  return Object.fromEntries(counts);
};

/**
 * The report's SQL over the projections. Period, municipality and region filter everything tied to a case;
 * organizer filters the meetings (and the cases that had a meeting by that organizer) and the feedback.
 * A municipality's region is the one its latest adoption record names (`unassigned` before any).
 */
@Injectable()
export class AnnualReportQueries {
  constructor(
    private readonly readModels: ServiceReadModels,
    private readonly referenceData: ReferenceData,
  ) {}

  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.readModels.get().dataSource.query(sql, params);
  }

  /** Common table expressions: $1 from, $2 to, $3 organizer, $4 municipality, $5 region, $6 county. */
  private scope(filter: ReportFilter): { cte: string; params: unknown[] } {
    const cte = `
      with places as (
        select distinct on (municipality) municipality, region, stage from ${ANNUAL_SCHEMA}.adoption_stages
        where recorded_at < $2 order by municipality, recorded_at desc),
      cases as (
        select f.*, coalesce(p.region, 'unassigned') as region from ${ANNUAL_SCHEMA}.case_facts f left join places p using (municipality)
        where ($4::text is null or f.municipality = $4) and ($5::text is null or coalesce(p.region, 'unassigned') = $5) and ($6::text is null or f.county = $6)
          and ($3::text is null or exists (select 1 from ${RECORDS_SCHEMA}.meeting_records o where o.case_id = f.case_id and o.organizer = $3))),
      records as (
        select r.*, c.municipality, c.region, c.child_count from ${RECORDS_SCHEMA}.meeting_records r join cases c using (case_id)
        where r.recorded_at >= $1 and r.recorded_at < $2 and ($3::text is null or r.organizer = $3))`;
    return {
      cte,
      params: [filter.from, filter.to, filter.organizer ?? null, filter.municipality ?? null, filter.region ?? null, filter.county ?? null],
    };
  }

  /**
   * The filter's municipality and organiser as the reports name them (ADR 0014): `kuopio`, `297` and `Kuopio` ask for
   * the same families, an organiser's id for its name; what the reference data does not know is matched as written.
   */
  private async named(filter: ReportFilter): Promise<ReportFilter> {
    const book = await this.referenceData.current();
    return {
      ...filter,
      ...(filter.municipality !== undefined
        ? { municipality: book.municipality(filter.municipality, { includeRetired: true })?.fi ?? filter.municipality }
        : {}),
      ...(filter.organizer !== undefined
        ? { organizer: book.organiser(filter.organizer, { includeRetired: true })?.name ?? filter.organizer }
        : {}),
    };
  }

  async annualReport(asked: ReportFilter): Promise<AnnualReport> {
    const filter = await this.named(asked);
    const { cte, params } = this.scope(filter);
    const q = <T>(select: string) => this.query<T>(`${cte} ${select}`, params);
    type Keyed = { key: string | null; n: string };
    // Forms are kept by the Finnish month they were given in: the months that start within the period.
    const months = monthsStartingIn({ from: new Date(filter.from), to: new Date(filter.to) });
    const [
      kinds,
      byOrganizer,
      families,
      sectors,
      assessment,
      help,
      referredAtMeetings,
      referredServices,
      perFamily,
      referrals,
      concerns,
      zones,
      channels,
      routes,
      outcomes,
      feedback,
      municipalities,
      courses,
    ] = await Promise.all([
      q<Keyed>(`select kind as key, count(*) as n from records group by kind`),
      q<Keyed>(`select organizer as key, count(*) as n from records group by organizer`),
      q<{ families: string; children: string | null; unknown: string }>(
        `select count(*) as families, sum(child_count) as children, count(*) filter (where child_count is null) as unknown from (select distinct case_id, child_count from records) f`,
      ),
      q<Keyed>(`select sector as key, count(*) as n from records, unnest(participating_sectors) as sector group by sector`),
      q<{ n: string }>(`select count(distinct case_id) as n from records where referred_to_assessment_or_social_work`),
      q<Keyed>(`select family_got_help as key, count(*) as n from records group by family_got_help`),
      q<{ referred: string; not_referred: string; families: string; remarks: string }>(
        `select count(*) filter (where referred) as referred, count(*) filter (where not referred) as not_referred, count(distinct case_id) filter (where referred) as families, count(*) filter (where remarks is not null) as remarks from records`,
      ),
      q<Keyed>(`select coalesce(referred_to, 'unknown') as key, count(*) as n from records where referred group by 1`),
      q<Keyed>(
        `select meetings::text as key, count(*) as n from (select case_id, count(*) as meetings from records group by case_id) m group by meetings`,
      ),
      q<Keyed>(
        `select r.service_id as key, count(*) as n from ${ANNUAL_SCHEMA}.referrals r join cases c using (case_id) where r.referred_at >= $1 and r.referred_at < $2 group by r.service_id`,
      ),
      q<{ n: string }>(`select count(*) as n from cases where concern_at >= $1 and concern_at < $2`),
      q<Keyed>(
        `select zone_at_intake::text as key, count(*) as n from cases where concern_at >= $1 and concern_at < $2 group by zone_at_intake`,
      ),
      q<Keyed>(`select channel as key, count(*) as n from cases where concern_at >= $1 and concern_at < $2 group by channel`),
      q<Keyed>(`select route as key, count(*) as n from cases where routed_at >= $1 and routed_at < $2 group by route`),
      q<Keyed>(`select outcome as key, count(*) as n from cases where outcome_at >= $1 and outcome_at < $2 group by outcome`),
      this.query<{ item: string; answers: string; mean: number | null; forms: string }>(
        `with forms as (select * from ${ANNUAL_SCHEMA}.feedback where month >= $1 and month < $2 and ($3::text is null or organizer = $3))
         select a.item, count(*) as answers, avg(a.score)::float8 as mean, (select count(*) from forms) as forms
         from forms, jsonb_to_recordset(forms.answers) as a(item text, score int) group by a.item
         union all select null, 0, null, (select count(*) from forms) where not exists (select 1 from forms)`,
        [months.first, months.end, filter.organizer ?? null],
      ),
      q<{ municipality: string; region: string; stage: number | null; meetings: string }>(
        `select coalesce(m.municipality, p.municipality) as municipality, coalesce(m.region, p.region, 'unassigned') as region, p.stage, coalesce(m.meetings, 0) as meetings
         from (select municipality, region, count(*) as meetings from records group by municipality, region) m
         full join (select * from places where ($4::text is null or municipality = $4) and ($5::text is null or region = $5)) p on p.municipality = m.municipality
         order by 1`,
      ),
      // The courses a period can count: a meeting, an outcome or everyday life running smoothly within it (the
      // figures themselves are worked out per family by the domain's rules).
      q<CourseRow>(
        `select c.case_id, c.concern_at, c.meetings, c.outcomes, c.closures, c.reopenings, c.smooth_everyday_life_at, f.municipality, f.county
         from ${ANNUAL_SCHEMA}.case_course c join cases f using (case_id)
         where (c.first_meeting_at < $2 and c.last_meeting_at >= $1) or (c.first_outcome_at < $2 and c.last_outcome_at >= $1)
            or (c.smooth_everyday_life_at >= $1 and c.smooth_everyday_life_at < $2)`,
      ),
    ]);
    const meetings = kinds.reduce((sum, k) => sum + Number(k.n), 0);
    const familiesReached = Number(families[0].families);
    const period = { from: new Date(filter.from), to: new Date(filter.to) };
    const inPlace = courses.map(courseInPlace);
    const atMeetings = referredAtMeetings[0];
    const reference = await this.referenceData.current();
    return {
      period: { from: filter.from, to: filter.to },
      filters: {
        organizer: filter.organizer ?? null,
        municipality: filter.municipality ?? null,
        region: filter.region ?? null,
        county: filter.county ?? null,
      },
      jointMeetings: counted(MEETING_KINDS, kinds),
      jointMeetingsByOrganizer: counted([], byOrganizer),
      familiesReached,
      childrenReached: Number(families[0].children ?? 0),
      familiesWithChildCountUnknown: Number(families[0].unknown),
      participatingSectors: counted([], sectors),
      familiesReferredToAssessmentOrSocialWork: Number(assessment[0].n),
      familyGotHelp: counted(HELP, help),
      referralsAtMeetings: {
        meetings: { referred: Number(atMeetings.referred), 'not-referred': Number(atMeetings.not_referred) },
        families: Number(atMeetings.families),
        services: counted([], referredServices),
      },
      meetingsWithRemarks: Number(atMeetings.remarks),
      meetingsPerFamily: { mean: familiesReached ? round(meetings / familiesReached) : null, distribution: counted([], perFamily) },
      referralsByService: counted([], referrals),
      intake: {
        concerns: Number(concerns[0].n),
        zones: counted(ZONES, zones),
        channels: counted(ENTRY_CHANNELS, channels),
        routes: counted(ROUTES, routes),
      },
      outcomes: counted(OUTCOMES, outcomes),
      effectiveness: effectivenessOf(
        inPlace.map((c) => c.course),
        period,
      ),
      effectivenessBy: effectivenessByPlace(inPlace, period),
      feedback: {
        forms: Number(feedback[0]?.forms ?? 0),
        items: Object.fromEntries(
          feedback
            .filter((f) => f.item !== null)
            .map((f) => [f.item, { answers: Number(f.answers), meanScore: f.mean === null ? null : round(f.mean) }]),
        ),
      },
      municipalities: municipalities
        .map((m) => ({
          municipality: m.municipality,
          region: m.region,
          county: reference.countyOf(m.municipality),
          adoptionStage: m.stage,
          meetings: Number(m.meetings),
        }))
        // A municipality known only from its adoption record is in the county filter's answer when it lies in that county.
        .filter((m) => filter.county === undefined || m.county === filter.county),
    };
  }

  /** The per-meeting report records in the period, oldest first; remarks still sealed, with the case they belong to. */
  async reportRecords(asked: ReportFilter): Promise<StoredReportRecord[]> {
    const { cte, params } = this.scope(await this.named(asked));
    const rows = await this.query<RecordRow>(
      `${cte} select record_id, case_id, meeting_id, recorded_at, organizer, municipality, region, kind, participating_sectors, referred, referred_to, referred_to_assessment_or_social_work, family_got_help, remarks
       from records order by recorded_at, record_id`,
      params,
    );
    return rows.map((r) => ({
      recordId: r.record_id,
      caseId: r.case_id,
      meetingId: r.meeting_id,
      recordedAt: r.recorded_at.toISOString(),
      organizer: r.organizer,
      municipality: r.municipality,
      region: r.region,
      kind: r.kind,
      participatingSectors: r.participating_sectors,
      referred: r.referred,
      referredTo: r.referred_to,
      referredToAssessmentOrSocialWork: r.referred_to_assessment_or_social_work,
      familyGotHelp: r.family_got_help,
      sealedRemarks: r.remarks,
    }));
  }

  /** Each municipality's latest adoption stage as of a moment. */
  async adoptionStages(asOf: string): Promise<Array<{ municipality: string; region: string; stage: number; recordedAt: string }>> {
    const rows = await this.query<{ municipality: string; region: string; stage: number; recorded_at: Date }>(
      `select distinct on (municipality) municipality, region, stage, recorded_at from ${ANNUAL_SCHEMA}.adoption_stages where recorded_at <= $1 order by municipality, recorded_at desc`,
      [asOf],
    );
    return rows.map((r) => ({ municipality: r.municipality, region: r.region, stage: r.stage, recordedAt: r.recorded_at.toISOString() }));
  }
}

/** A report record's row as `reportRecords` selects it (the columns of `meeting_records` with the case's place). */
interface RecordRow {
  record_id: string;
  case_id: string;
  meeting_id: string | null;
  recorded_at: Date;
  organizer: string;
  municipality: string | null;
  region: string;
  kind: string;
  participating_sectors: string[];
  referred: boolean;
  referred_to: string | null;
  referred_to_assessment_or_social_work: boolean;
  family_got_help: string;
  remarks: Record<string, unknown> | null;
}

interface CourseRow {
  case_id: string;
  concern_at: Date | null;
  meetings: CaseCourse['meetings'];
  outcomes: CaseCourse['outcomes'];
  closures: CaseCourse['closures'];
  reopenings: CaseCourse['reopenings'];
  smooth_everyday_life_at: Date | null;
  municipality: string | null;
  county: string | null;
}

/** A course row as the domain's rules read it (the derived first/last columns are not needed past the SQL). */
function courseInPlace(row: CourseRow): CourseInPlace {
  const course: CaseCourse = {
    caseId: row.case_id,
    concernAt: row.concern_at?.toISOString() ?? null,
    meetings: row.meetings,
    outcomes: row.outcomes,
    closures: row.closures,
    reopenings: row.reopenings,
    firstMeetingAt: row.meetings[0]?.heldAt ?? null,
    lastMeetingAt: row.meetings[row.meetings.length - 1]?.heldAt ?? null,
    firstOutcomeAt: row.outcomes[0]?.recordedAt ?? null,
    lastOutcomeAt: row.outcomes[row.outcomes.length - 1]?.recordedAt ?? null,
    smoothEverydayLifeAt: row.smooth_everyday_life_at?.toISOString() ?? null,
  };
  return { course, municipality: row.municipality, county: row.county };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
