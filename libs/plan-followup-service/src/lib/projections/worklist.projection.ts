import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@perheverkko/event-store';
import { serviceReadModels, ServiceReadModels } from '@perheverkko/service-host';
import type { PlanEvent } from '@perheverkko/plan-followup-domain';
import type { ProjectionDefinition, ReadModelTable } from '@perheverkko/read-model';

const WORKLIST = 'worklist';
const WORKLIST_SCHEMA = 'plan_followup_worklist';

/** A followed-up case for its responsible workers (no personal data): the next contact due, and whether it is tracked. */
export interface WorklistRow {
  caseId: string;
  responsibleWorkerIds: string[];
  nextContactAt: string | null;
  status: 'tracking' | 'closed';
}

/** Plan follow-up's log holds its own events only (plans and feedback). */
const planEvent = (event: RecordedEvent) => ({ type: event.type, data: event.data }) as PlanEvent;

const COUNTED = new Set<string>(['PlanTrackingUpdated', 'ContactRecorded', 'CaseClosed', 'CaseReopened'] satisfies Array<
  PlanEvent['type']
>);

/** How each of plan follow-up's events changes a case's row: pure, so the live table and its rebuild agree. */
export const worklistTable: ReadModelTable<WorklistRow> = {
  name: 'worklist',
  primaryKey: 'caseId',
  columns: {
    caseId: { type: 'text' },
    responsibleWorkerIds: { type: 'text[]' },
    nextContactAt: { type: 'timestamptz', nullable: true },
    status: { type: 'text' },
  },
  keyOf: (event) => (COUNTED.has(event.type) ? event.metadata.caseId : undefined),
  evolve(row, event) {
    const fact = planEvent(event);
    switch (fact.type) {
      case 'PlanTrackingUpdated':
        // A plan revised after closing leaves the case closed: only a reopening tracks it again.
        return {
          caseId: event.metadata.caseId,
          responsibleWorkerIds: fact.data.responsibleWorkerIds,
          nextContactAt: fact.data.nextContactAt ?? null,
          status: row?.status ?? 'tracking',
        };
      case 'ContactRecorded':
        return row && fact.data.nextContactAt ? { ...row, nextContactAt: fact.data.nextContactAt } : row;
      case 'CaseClosed':
        return row && { ...row, status: 'closed' };
      case 'CaseReopened':
        return row && { ...row, status: 'tracking' };
      default:
        return row;
    }
  },
};

/** Rules version 1: as the table `plan_followup.worklist` kept them before (ADR 0015). */
export const worklistProjection = (schema = WORKLIST_SCHEMA): ProjectionDefinition => ({
  name: WORKLIST,
  schema,
  rulesVersion: 1,
  tables: [worklistTable],
});

/** Plan follow-up's read models: the worklist, listed and rebuilt at GET /projections. */
export const planFollowupReadModels = serviceReadModels({ service: 'plan-followup', projections: () => [worklistProjection()] });

/** The worklist's queries: for each responsible worker, their cases and the next contact due. */
@Injectable()
export class Worklist {
  constructor(private readonly readModels: ServiceReadModels) {}

  async forWorker(workerId: string, now: Date) {
    const rows: Array<{ case_id: string; next_contact_at: Date | null }> = await this.readModels
      .get()
      .dataSource.query(
        `select case_id, next_contact_at from "${WORKLIST_SCHEMA}".worklist where $1 = any(responsible_worker_ids) and status = 'tracking' order by next_contact_at nulls last, case_id`,
        [workerId],
      );
    return rows.map((r) => ({
      caseId: r.case_id,
      nextContactAt: r.next_contact_at?.toISOString() ?? null,
      overdue: r.next_contact_at !== null && r.next_contact_at < now,
    }));
  }
}
