import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EventStore } from '@perheverkko/event-store';
import { CaseRelations, EVENT_STORE } from '@perheverkko/platform';
import { planStream } from './plans/plan-commands';

/**
 * Plan follow-up knows the responsible workers of the plan revision it follows. In the embedded default the other
 * services' relations are known in the same process; deployed apart, this is what lets the worker in.
 */
@Injectable()
export class PlanFollowupRelations implements OnModuleInit {
  constructor(
    private readonly relations: CaseRelations,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    this.relations.register(async (user, caseId) => {
      const tracked = (await this.store.readStream(planStream(caseId))).filter((e) => e.type === 'PlanTrackingUpdated').pop();
      const workers = (tracked?.data as { responsibleWorkerIds?: string[] } | undefined)?.responsibleWorkerIds ?? [];
      return workers.includes(user.id) ? 'responsible-worker' : undefined;
    });
  }
}
