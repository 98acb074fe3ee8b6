import { Injectable } from '@nestjs/common';
import type { CaseAccessFacts } from '@perheverkko/access-model';
import type { CaseSnapshot, CaseViewRow, WorkerPhase } from '@perheverkko/reporting-domain';
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
  phase?: WorkerPhase;
  /** Leave out closed cases. */
  open?: boolean;
  /** Only these cases (a search's hits). */
  caseIds?: readonly string[];
  municipality?: string;
  /** The case number: the first characters of the case id. */
  caseNumber?: string;
}

interface CaseViewRecord {
  case_id: string;
  revision: number;
  phase: string;
  next_date_at: Date | null;
  people: string[];
  organiser: string | null;
  municipality: string | null;
  last_event_at: Date;
  snapshot: CaseSnapshot;
  access: CaseAccessFacts;
  moments: CaseViewRow['moments'];
  family: CaseViewRow['family'];
}

const COLUMNS = 'case_id, revision, phase, next_date_at, people, organiser, municipality, last_event_at, snapshot, access, moments, family';

function rowOf(record: CaseViewRecord): CaseViewRow {
  return {
    caseId: record.case_id,
    revision: record.revision,
    phase: isWorkerPhase(record.phase) ? record.phase : 'concern',
    nextDateAt: record.next_date_at?.toISOString() ?? null,
    people: record.people,
    organiser: record.organiser,
    municipality: record.municipality,
    lastEventAt: record.last_event_at.toISOString(),
    snapshot: record.snapshot,
    access: record.access,
    moments: record.moments,
    family: record.family,
  };
}

/** The case view's queries (ADR 0017): the rows a list considers, in next-date order, and one case's row. */
@Injectable()
export class CaseViews {
  constructor(private readonly readModels: ServiceReadModels) {}

  private query(sql: string, parameters: unknown[]): Promise<CaseViewRecord[]> {
    return this.readModels.get().dataSource.query(sql, parameters);
  }

  async row(caseId: string): Promise<CaseViewRow | undefined> {
    const [record] = await this.query(`select ${COLUMNS} from "${CASE_VIEW_SCHEMA}".cases where case_id = $1`, [caseId]);
    return record ? rowOf(record) : undefined;
  }

  /** The ids of every case where the person or the organisations may stand (a search looks among them only). */
  async caseIdsOf(filter: Pick<CaseViewFilter, 'person' | 'organisations'>): Promise<string[]> {
    const rows: Array<{ case_id: string }> = await this.readModels
      .get()
      .dataSource.query(`select case_id from "${CASE_VIEW_SCHEMA}".cases where $1::text = any(people) or organiser = any($2::text[])`, [
        filter.person ?? null,
        filter.organisations ?? [],
      ]);
    return rows.map((r) => r.case_id);
  }

  /**
   * Up to `limit` rows after `after`, the nearest next date first (cases with none last), then by case id, so a
   * cursor resumes exactly where the page ended whatever changes meanwhile.
   */
  async rows(filter: CaseViewFilter, after: CaseViewKey | undefined, limit: number): Promise<CaseViewRow[]> {
    const [afterAt, afterId] = after ?? [null, null];
    const records = await this.query(
      `select ${COLUMNS} from "${CASE_VIEW_SCHEMA}".cases
        where ($1::text = any(people) or organiser = any($2::text[]))
          and ($3::text is null or phase = $3)
          and (not $4::boolean or phase <> 'closed')
          and ($5::text[] is null or case_id = any($5::text[]))
          and ($6::text is null or lower(municipality) = lower($6))
          and ($7::text is null or case_id like $7 || '%')
          and ($9::text is null
               or ($8::text = '' and next_date_at is null and case_id > $9)
               or ($8::text <> '' and (next_date_at > $8::timestamptz
                                       or (next_date_at = $8::timestamptz and case_id > $9)
                                       or next_date_at is null)))
        order by next_date_at nulls last, case_id
        limit $10`,
      [
        filter.person ?? null,
        filter.organisations ?? [],
        filter.phase ?? null,
        filter.open ?? false,
        filter.caseIds ?? null,
        filter.municipality ?? null,
        filter.caseNumber?.toLowerCase() ?? null,
        afterAt,
        afterId,
        limit,
      ],
    );
    return records.map(rowOf);
  }
}

/** The key a list resumes after, for this row. */
export const keyOf = (row: CaseViewRow): CaseViewKey => [row.nextDateAt ?? '', row.caseId];
