import type { ProjectionDefinition, ReadModelTable } from '@perheverkko/read-model';
import { caseViewKeyOf, evolveCaseView, type CaseViewRow } from '@perheverkko/reporting-domain';
import { asReported } from '../archive/published-events';

export const CASE_VIEW = 'case-view';
export const CASE_VIEW_SCHEMA = 'reporting_case_view';

const json = { type: 'jsonb' } as const;

/** One row per case: its phase, next date, the people who may stand in it, and the whole state for the overview. */
export const caseViewTable: ReadModelTable<CaseViewRow> = {
  name: 'cases',
  primaryKey: 'caseId',
  columns: {
    caseId: { type: 'text' },
    revision: { type: 'integer' },
    phase: { type: 'text', index: true },
    nextDateAt: { type: 'timestamptz', nullable: true },
    progress: json,
    coordinatorNextAt: { type: 'timestamptz', nullable: true, index: true },
    people: { type: 'text[]' },
    organiser: { type: 'text', nullable: true, index: true },
    municipality: { type: 'text', nullable: true, index: true },
    lastEventAt: { type: 'timestamptz' },
    snapshot: json,
    access: json,
    moments: json,
    family: { type: 'jsonb', nullable: true },
  },
  keyOf: (event) => caseViewKeyOf(asReported(event)),
  evolve: (row, event) => evolveCaseView(row, asReported(event)),
};

/**
 * The workers' case view (ADR 0017): a projection of reporting's archive, which holds every event of every service
 * about a case (ADR 0013), so one process answers "my cases", the overview and the tasks in both set-ups.
 */
export const caseViewProjection = (schema = CASE_VIEW_SCHEMA): ProjectionDefinition => ({
  name: CASE_VIEW,
  schema,
  // 2: the facts of progress by category (a caller's phase, dates and order come from their categories), the sealed
  // meeting record and plan.
  rulesVersion: 2,
  tables: [caseViewTable],
});
