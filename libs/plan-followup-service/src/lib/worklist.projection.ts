import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { EventStore, RecordedEvent } from '@perheverkko/event-store';
import { DatabaseConnection, EVENT_STORE, TableProjectionHost } from '@perheverkko/platform';

const TABLE = 'plan_followup.worklist';

/** For each responsible worker: their cases and the next contact due (no personal data). */
@Injectable()
export class Worklist extends TableProjectionHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly definition = {
    name: 'projection:worklist',
    schema: 'plan_followup',
    tables: [`create table if not exists ${TABLE} (case_id text primary key, responsible_worker_ids text[] not null, next_contact_at timestamptz, status text not null)`],
  };

  constructor(@Inject(EVENT_STORE) store: EventStore, database: DatabaseConnection) {
    super(store, database.connectionString);
  }

  protected async apply(tx: PoolClient, event: RecordedEvent): Promise<void> {
    const caseId = event.metadata.caseId;
    const data = event.data as { responsibleWorkerIds?: string[]; nextContactAt?: string };
    switch (event.type) {
      case 'PlanTrackingUpdated':
        await tx.query(
          `insert into ${TABLE} (case_id, responsible_worker_ids, next_contact_at, status) values ($1, $2, $3, 'tracking')
           on conflict (case_id) do update set responsible_worker_ids = excluded.responsible_worker_ids, next_contact_at = excluded.next_contact_at`,
          [caseId, data.responsibleWorkerIds, data.nextContactAt],
        );
        return;
      case 'ContactRecorded':
        if (data.nextContactAt) await tx.query(`update ${TABLE} set next_contact_at = $2 where case_id = $1`, [caseId, data.nextContactAt]);
        return;
      case 'CaseClosed':
        await tx.query(`update ${TABLE} set status = 'closed' where case_id = $1`, [caseId]);
        return;
      case 'CaseReopened':
        await tx.query(`update ${TABLE} set status = 'tracking' where case_id = $1`, [caseId]);
        return;
    }
  }

  async forWorker(workerId: string, now: Date) {
    const { rows } = await this.rows.query<{ case_id: string; next_contact_at: Date | null }>(
      `select case_id, next_contact_at from ${TABLE} where $1 = any(responsible_worker_ids) and status = 'tracking' order by next_contact_at nulls last`,
      [workerId],
    );
    return rows.map((r) => ({ caseId: r.case_id, nextContactAt: r.next_contact_at?.toISOString() ?? null, overdue: r.next_contact_at !== null && r.next_contact_at < now }));
  }
}
