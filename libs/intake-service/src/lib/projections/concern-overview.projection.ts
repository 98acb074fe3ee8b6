import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@perheverkko/event-store';
import type { IntakeEvent } from '@perheverkko/intake-domain';
import { serviceReadModels, ServiceReadModels } from '@perheverkko/service-host';
import type { ProjectionDefinition, ReadModelTable } from '@perheverkko/read-model';

const CONCERN_OVERVIEW = 'concern-overview';
const OVERVIEW_SCHEMA = 'intake_overview';

/** One concern for worklists (no personal data): who raised it, its zone, when to raise it again, its route. */
export interface ConcernOverviewRow {
  caseId: string;
  raisedById: string;
  registeredAt: string;
  currentZone: number | null;
  reRaiseAt: string | null;
  route: string | null;
}

/** Intake's log holds intake's events only (concerns and reference data). */
const intakeEvent = (event: RecordedEvent) => ({ type: event.type, data: event.data }) as IntakeEvent;

const COUNTED = new Set<string>(['ConcernRegistered', 'ZoneRated', 'ConcernRaisedWithFamily', 'RouteDecided'] satisfies Array<
  IntakeEvent['type']
>);

/** How each of intake's events changes a concern's row: pure, so the live table and its rebuild agree. */
export const concernOverviewTable: ReadModelTable<ConcernOverviewRow> = {
  name: 'concern_overview',
  primaryKey: 'caseId',
  columns: {
    caseId: { type: 'text' },
    raisedById: { type: 'text', index: true },
    registeredAt: { type: 'timestamptz' },
    currentZone: { type: 'integer', nullable: true },
    reRaiseAt: { type: 'timestamptz', nullable: true, index: true },
    route: { type: 'text', nullable: true },
  },
  keyOf: (event) => (COUNTED.has(event.type) ? event.metadata.caseId : undefined),
  evolve(row, event) {
    const fact = intakeEvent(event);
    switch (fact.type) {
      case 'ConcernRegistered':
        return (
          row ?? {
            caseId: event.metadata.caseId,
            raisedById: fact.data.raisedBy.id,
            registeredAt: fact.data.registeredAt,
            currentZone: null,
            reRaiseAt: null,
            route: null,
          }
        );
      case 'ZoneRated':
        return row && { ...row, currentZone: fact.data.zone };
      case 'ConcernRaisedWithFamily':
        // The agreed date is not personal data (the discussion itself is sealed), so worklists can use it.
        return row && { ...row, reRaiseAt: typeof fact.data.reRaiseAt === 'string' ? fact.data.reRaiseAt : null };
      case 'RouteDecided':
        return row && { ...row, route: fact.data.chosenRoute };
      default:
        return row;
    }
  },
};

/** Rules version 1: as the table `intake.concern_overview` kept them before (ADR 0015). */
export const concernOverviewProjection = (schema = OVERVIEW_SCHEMA): ProjectionDefinition => ({
  name: CONCERN_OVERVIEW,
  schema,
  rulesVersion: 1,
  tables: [concernOverviewTable],
});

/** Intake's read models: the concern overview, listed and rebuilt at GET /projections. */
export const intakeReadModels = serviceReadModels({ service: 'intake', projections: () => [concernOverviewProjection()] });

/** The concern overview's queries. */
@Injectable()
export class ConcernOverview {
  constructor(private readonly readModels: ServiceReadModels) {}

  async reRaiseDue(now: Date, raisedById?: string): Promise<Array<{ caseId: string; reRaiseAt: string; currentZone: number | null }>> {
    const rows: Array<{ case_id: string; re_raise_at: Date; current_zone: number | null }> = await this.readModels.get().dataSource.query(
      `select case_id, re_raise_at, current_zone from "${OVERVIEW_SCHEMA}".concern_overview
        where re_raise_at <= $1 and ($2::text is null or raised_by_id = $2) order by re_raise_at, case_id`,
      [now, raisedById ?? null],
    );
    return rows.map((r) => ({ caseId: r.case_id, reRaiseAt: r.re_raise_at.toISOString(), currentZone: r.current_zone }));
  }
}
