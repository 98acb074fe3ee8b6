import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventStore } from '@perheverkko/event-store';
import { DatabaseConnection, EVENT_STORE, HealthRegistry, Metrics, ReferenceData, eventsAfter } from '@perheverkko/platform';
import { positionOf } from '@perheverkko/read-model';
import { ReadModels } from '@perheverkko/read-model';
import { reportingProjections } from './reporting-projections';

/** Reporting's read models for the application's lifetime: opened and kept live at start, closed at shutdown. */
@Injectable()
export class ReportingReadModels implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private models?: ReadModels;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly database: DatabaseConnection,
    private readonly health: HealthRegistry,
    private readonly metrics: Metrics,
    private readonly referenceData: ReferenceData,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The process's book, kept current from intake's events: names and counties as it knows them when an event is applied.
    const reference = await this.referenceData.current();
    this.models = await ReadModels.open({ connectionString: this.database.connectionString, store: this.store, projections: reportingProjections(undefined, reference), poolSize: this.database.embedded ? 2 : 6 });
    this.models.start();
    for (const name of this.models.names()) {
      this.metrics.registerLag('projection', { projection: name }, async () => {
        const live = (await this.get().status()).find((p) => p.name === name);
        return eventsAfter(this.store, live?.position ? positionOf({ commitPosition: live.position.commit, preparePosition: live.position.prepare }) : undefined);
      });
    }
    this.health.register('read-models', async () => {
      const status = await this.get().status();
      return { projections: Object.fromEntries(status.map((p) => [p.name, { state: p.state, eventsApplied: p.eventsApplied }])) };
    });
  }

  get(): ReadModels {
    if (!this.models) throw new Error('the read models are not open yet');
    return this.models;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.models?.close();
  }
}
