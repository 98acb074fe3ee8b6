import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EventStore } from '@perheverkko/event-store';
import type { ResponsibleWorker } from '@perheverkko/meeting-domain';
import { CaseRelations, EVENT_STORE } from '@perheverkko/platform';

/** Meeting knows the responsible workers the family named; the latest naming in the case's meetings counts. */
@Injectable()
export class MeetingRelations implements OnModuleInit {
  constructor(
    private readonly relations: CaseRelations,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    this.relations.register(async (user, caseId) => {
      const named = (await this.store.readByCase(caseId)).filter((e) => e.type === 'ResponsibleWorkersNamed').pop();
      const workers = (named?.data as { workers?: ResponsibleWorker[] } | undefined)?.workers ?? [];
      return workers.some((w) => w.professionalId === user.id) ? 'responsible-worker' : undefined;
    });
  }
}
