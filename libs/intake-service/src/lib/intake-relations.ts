import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EventStore } from '@perheverkko/event-store';
import { CaseRelations, EVENT_STORE } from '@perheverkko/platform';
import { concernStream } from './concerns/intake-command.handler';

/**
 * Intake knows one relation: the worker who raised the concern is its convener (DOMAIN.md: the convener is the
 * worker with whom the family discussed the concern). Read from the stream itself, so it holds at once.
 */
@Injectable()
export class IntakeRelations implements OnModuleInit {
  constructor(
    private readonly relations: CaseRelations,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    this.relations.register(async (user, caseId) => {
      if (!/^[0-9a-f-]{36}$/i.test(caseId)) return undefined;
      const [registered] = await this.store.readStream(concernStream(caseId), { maxCount: 1 });
      const raisedBy = (registered?.data as { raisedBy?: { id: string } } | undefined)?.raisedBy;
      return raisedBy?.id === user.id ? 'convener' : undefined;
    });
  }
}
