import { Injectable } from '@nestjs/common';
import type { CaseAccessFacts } from '@perheverkko/access-model';
import type { CaseSnapshot, CaseViewRow } from '@perheverkko/reporting-domain';
import { isWorkerPhase } from '@perheverkko/reporting-domain';
import { ServiceReadModels } from '@perheverkko/service-host';
import { CASE_VIEW_SCHEMA } from './case-view.projection';

/** Where a list resumes: after the row with this next date ('' for none: those come last) and case id. */
export type CaseViewKey = readonly [nextDateAt: string, caseId: string];

/** Which cases a list considers: the caller's (by person or organisation), narrowed by what the caller asked. */
export interface CaseViewFilter {
  /** Cases where this professional may stand (convener, responsible worker, invitee). */
  person?: string;
  /** Cases these organisations organise (their coordinators). */
  organisations?: readonly string[];
  /** Only these cases (a search's hits). */
  caseIds?: readonly string[];
  municipality?: string;
  /** The case number: the first characters of the case id. */
  caseNumber?: string;
}

/** A row as a list reads it: everything but the snapshot and the moments (the overview's and the tasks'). */
export type CaseListRow = Omit<CaseViewRow, 'snapshot' | 'moments'>;

interface CaseViewRecord {
  case_id: string;
  revision: number;
  phase: string;
  next_date_at: Date | null;
  progress: CaseViewRow['progress'];
  coordinator_next_at: Date | null;
  people: string[];
  organiser: string | null;
  municipality: string | null;
  last_event_at: Date;
  access: CaseAccessFacts;
  family: CaseViewRow['family'];
  snapshot?: CaseSnapshot;
  moments?: CaseViewRow['moments'];
}

const LIST_COLUMNS =
  'case_id, revision, phase, next_date_at, progress, coordinator_next_at, people, organiser, municipality, last_event_at, access, family';
const ALL_COLUMNS = `${LIST_COLUMNS}, snapshot, moments`;

const iso = (at: Date | null) => at?.toISOString() ?? null;

function listRowOf(record: CaseViewRecord): CaseListRow {
  return {
    caseId: record.case_id,
    revision: record.revision,
    phase: isWorkerPhase(record.phase) ? record.phase : 'concern',
    nextDateAt: iso(record.next_date_at),
    progress: record.progress,
    coordinatorNextAt: iso(record.coordinator_next_at),
    people: record.people,
    organiser: record.organiser,
    municipality: record.municipality,
    lastEventAt: record.last_event_at.toISOString(),
    access: record.access,
    family: record.family,
  };
}

function rowOf(record: CaseViewRecord & Pick<CaseViewRow, 'snapshot' | 'moments'>): CaseViewRow {
  return { ...listRowOf(record), snapshot: record.snapshot, moments: record.moments };
}

const hasWholeRow = (record: CaseViewRecord): record is CaseViewRecord & Pick<CaseViewRow, 'snapshot' | 'moments'> =>
  record.snapshot !== undefined && record.moments !== undefined;

/** Which of the caller's cases, as SQL: by person or organisation, then the caller's narrowing (parameters $1–$5). */
const CANDIDATES = `($1::text = any(people) or organiser = any($2::text[]))
  and ($3::text[] is null or case_id = any($3::text[]))
  and ($4::text is null or lower(municipality) = lower($4))
  and ($5::text is null or case_id like $5 || '%')`;

const candidateParameters = (filter: CaseViewFilter) => [
  filter.person ?? null,
  filter.organisations ?? [],
  filter.caseIds ?? null,
  filter.municipality ?? null,
  filter.caseNumber?.toLowerCase() ?? null,
];

/** The case view's queries (ADR 0017): a case's row, and the rows a list or the tasks consider. */
@Injectable()
export class CaseViews {
  constructor(private readonly readModels: ServiceReadModels) {}

  private query(sql: string, parameters: unknown[]): Promise<CaseViewRecord[]> {
    return this.readModels.get().dataSource.query(sql, parameters);
  }

  async row(caseId: string): Promise<CaseViewRow | undefined> {
    const [record] = await this.query(`select ${ALL_COLUMNS} from "${CASE_VIEW_SCHEMA}".cases where case_id = $1`, [caseId]);
    return record && hasWholeRow(record) ? rowOf(record) : undefined;
  }

  /** Every candidate row, whole (the tasks), at most `cap`. */
  async wholeRows(filter: CaseViewFilter, cap: number): Promise<CaseViewRow[]> {
    const records = await this.query(`select ${ALL_COLUMNS} from "${CASE_VIEW_SCHEMA}".cases where ${CANDIDATES} limit $6`, [
      ...candidateParameters(filter),
      cap,
    ]);
    return records.filter(hasWholeRow).map(rowOf);
  }

  /** Every candidate row as a list reads it, at most `cap` (a professional's caseload, ordered by the caller). */
  async listRows(filter: CaseViewFilter, cap: number): Promise<CaseListRow[]> {
    const records = await this.query(`select ${LIST_COLUMNS} from "${CASE_VIEW_SCHEMA}".cases where ${CANDIDATES} limit $6`, [
      ...candidateParameters(filter),
      cap,
    ]);
    return records.map(listRowOf);
  }

  /**
   * Up to `limit` rows after `after` in the order a coordinator reads them: the next date among the re-raising and
   * the meetings (their categories), none last, then case id; a cursor resumes exactly where the page ended.
   */
  async coordinatorRows(filter: CaseViewFilter, after: CaseViewKey | undefined, limit: number): Promise<CaseListRow[]> {
    const [afterAt, afterId] = after ?? [null, null];
    const records = await this.query(
      `select ${LIST_COLUMNS} from "${CASE_VIEW_SCHEMA}".cases
        where ${CANDIDATES}
          and ($7::text is null
               or ($6::text = '' and coordinator_next_at is null and case_id > $7)
               or ($6::text <> '' and (coordinator_next_at > $6::timestamptz
                                       or (coordinator_next_at = $6::timestamptz and case_id > $7)
                                       or coordinator_next_at is null)))
        order by coordinator_next_at nulls last, case_id
        limit $8`,
      [...candidateParameters(filter), afterAt, afterId, limit],
    );
    return records.map(listRowOf);
  }

  /** The ids of every case where the person or the organisations may stand (a search looks among them only). */
  /**
   * An auditor's finding (a search with a stated purpose): every case, by the search's narrowing only, in case id
   * order after `afterCaseId`. Auditors stand in no case; they read a case's data with a purpose, each read logged.
   */
  async auditorRows(
    filter: Omit<CaseViewFilter, 'person' | 'organisations'>,
    afterCaseId: string | undefined,
    limit: number,
  ): Promise<CaseListRow[]> {
    const records = await this.query(
      `select ${LIST_COLUMNS} from "${CASE_VIEW_SCHEMA}".cases
        where ($1::text[] is null or case_id = any($1::text[]))
          and ($2::text is null or lower(municipality) = lower($2))
          and ($3::text is null or case_id like $3 || '%')
          and ($4::text is null or case_id > $4)
        order by case_id
        limit $5`,
      [filter.caseIds ?? null, filter.municipality ?? null, filter.caseNumber?.toLowerCase() ?? null, afterCaseId ?? null, limit],
    );
    return records.map(listRowOf);
  }

  async caseIdsOf(filter: Pick<CaseViewFilter, 'person' | 'organisations'>): Promise<string[]> {
    const rows: Array<{ case_id: string }> = await this.readModels
      .get()
      .dataSource.query(`select case_id from "${CASE_VIEW_SCHEMA}".cases where $1::text = any(people) or organiser = any($2::text[])`, [
        filter.person ?? null,
        filter.organisations ?? [],
      ]);
    return rows.map((r) => r.case_id);
  }
}
