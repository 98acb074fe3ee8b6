import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { EventStore, RecordedEvent } from '@perheverkko/event-store';
import { DatabaseConnection, EVENT_STORE, TableProjectionHost } from '@perheverkko/platform';

const TABLE = 'intake.concern_overview';
const CHECKPOINT = 'projection:concern-overview';

/**
 * One row per concern for worklists (no personal data): who raised it, its zone, when to raise it again, its
 * route. Follows intake's own log; each row change and the checkpoint commit together.
 */
@Injectable()
export class ConcernOverview extends TableProjectionHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly definition = {
    name: CHECKPOINT,
    schema: 'intake',
    tables: [
      `create table if not exists ${TABLE} (
        case_id text primary key,
        raised_by_id text not null,
        registered_at timestamptz not null,
        current_zone integer,
        re_raise_at timestamptz,
        route text)`,
    ],
  };

  constructor(@Inject(EVENT_STORE) store: EventStore, database: DatabaseConnection) {
    super(store, database.connectionString);
  }

  protected async apply(tx: PoolClient, event: RecordedEvent): Promise<void> {
    const caseId = event.metadata.caseId;
    const data = event.data as Record<string, unknown>;
    switch (event.type) {
      case 'ConcernRegistered':
        await tx.query(`insert into ${TABLE} (case_id, raised_by_id, registered_at) values ($1, $2, $3) on conflict (case_id) do nothing`, [
          caseId,
          (data.raisedBy as { id: string }).id,
          data.registeredAt,
        ]);
        return;
      case 'ZoneRated':
        await tx.query(`update ${TABLE} set current_zone = $2 where case_id = $1`, [caseId, data.zone]);
        return;
      case 'ConcernRaisedWithFamily':
        // The agreed date is not personal data (the discussion itself is sealed), so worklists can use it.
        await tx.query(`update ${TABLE} set re_raise_at = $2 where case_id = $1`, [caseId, typeof data.reRaiseAt === 'string' ? data.reRaiseAt : null]);
        return;
      case 'RouteDecided':
        await tx.query(`update ${TABLE} set route = $2 where case_id = $1`, [caseId, data.chosenRoute]);
        return;
    }
  }

  async reRaiseDue(now: Date, raisedById?: string): Promise<Array<{ caseId: string; reRaiseAt: string; currentZone: number | null }>> {
    const { rows } = await this.rows.query<{ case_id: string; re_raise_at: Date; current_zone: number | null }>(
      `select case_id, re_raise_at, current_zone from ${TABLE}
        where re_raise_at <= $1 and ($2::text is null or raised_by_id = $2) order by re_raise_at`,
      [now, raisedById ?? null],
    );
    return rows.map((r) => ({ caseId: r.case_id, reRaiseAt: r.re_raise_at.toISOString(), currentZone: r.current_zone }));
  }
}
