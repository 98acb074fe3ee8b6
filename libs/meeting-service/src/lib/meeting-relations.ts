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
      const events = await this.store.readByCase(caseId);
      const named = events.filter((e) => e.type === 'ResponsibleWorkersNamed').pop();
      const workers = (named?.data as { workers?: ResponsibleWorker[] } | undefined)?.workers ?? [];
      if (workers.some((w) => w.professionalId === user.id)) return 'responsible-worker';
      // Deployed apart from convening, this service knows the convener from the meetings it opened.
      return events.some((e) => e.type === 'ConvenerNoted' && (e.data as { convenerId?: string }).convenerId === user.id) ? 'convener' : undefined;
    });
  }
}
