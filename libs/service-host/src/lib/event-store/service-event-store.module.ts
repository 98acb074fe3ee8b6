import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EventStoreDbEventStore, PostgresEventStore, type EventStore } from '@perheverkko/event-store';
import { DatabaseConnection, HealthRegistry, PlatformConfig } from '@perheverkko/runtime';
import { ACCESS_SOURCES, CaseAccessDirectory } from '@perheverkko/access';
import { measuredEventStore, Metrics } from '@perheverkko/observability';
import { MessagingHost } from '../messaging/messaging-host';
import { ReferenceData } from '../reference-data/reference-data';
import type { EventContract } from '@perheverkko/contracts';

/** Injection token of the owning service's event store. */
export const EVENT_STORE = Symbol('EVENT_STORE');

interface ServiceEventStoreOptions {
  /** The owning service: its PostgreSQL schema and its name in health reports. */
  service: string;
  /** The stream categories it writes (e.g. ["Concern"]), its slice of a shared EventStoreDB. */
  categories: string[];
  /** The integration events it publishes to its topic; a service without any runs no relay. */
  publishes?: EventContract[];
}

export function schemaOf(service: string): string {
  return service.replace(/-/g, '_');
}

const OPTIONS = Symbol('SERVICE_EVENT_STORE_OPTIONS');

async function openEventStore(
  options: ServiceEventStoreOptions,
  config: PlatformConfig,
  database: DatabaseConnection,
  metrics: Metrics,
): Promise<EventStore> {
  return measuredEventStore(await openAdapter(options, config, database), options.service, metrics);
}

async function openAdapter(options: ServiceEventStoreOptions, config: PlatformConfig, database: DatabaseConnection): Promise<EventStore> {
  if (config.EVENTSTOREDB_URL) {
    return EventStoreDbEventStore.open({ connectionString: config.EVENTSTOREDB_URL, categories: options.categories });
  }
  return PostgresEventStore.open({
    connectionString: database.connectionString,
    schema: schemaOf(options.service),
    // One embedded backend runs one statement at a time: more connections would only queue.
    poolSize: database.embedded ? 2 : 10,
  });
}

@Injectable()
class ServiceEventStoreLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(OPTIONS) private readonly options: ServiceEventStoreOptions,
    private readonly health: HealthRegistry,
    private readonly messaging: MessagingHost,
    private readonly caseAccess: CaseAccessDirectory,
    private readonly referenceData: ReferenceData,
  ) {}

  onModuleInit(): void {
    const { service, publishes = [] } = this.options;
    if (publishes.length > 0) this.messaging.registerPublisher(service, schemaOf(service), this.store, publishes);
    // Its own streams hold access facts (conveners, consents, responsible workers) that hold at once here.
    const caseAccessFeed = this.caseAccess.registerService(
      service,
      schemaOf(service),
      ACCESS_SOURCES.includes(service) ? this.store : undefined,
    );
    if (caseAccessFeed) this.messaging.registerConsumer(caseAccessFeed);
    this.referenceData.registerService(schemaOf(service));
    this.health.register(this.options.service, async () => {
      // A one-event read of the global log proves the store answers queries, not merely that a socket is open.
      await this.store.readAll({ maxCount: 1 });
      return { eventStore: 'up' };
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** The event store of one service: a schema of its own in PostgreSQL, or its categories in EventStoreDB. */
@Module({})
export class ServiceEventStoreModule {
  static forService(options: ServiceEventStoreOptions): DynamicModule {
    return {
      module: ServiceEventStoreModule,
      providers: [
        // The options value also keeps Nest from merging two services' modules into one instance.
        { provide: OPTIONS, useValue: options },
        {
          provide: EVENT_STORE,
          inject: [OPTIONS, PlatformConfig, DatabaseConnection, Metrics],
          useFactory: openEventStore,
        },
        ServiceEventStoreLifecycle,
      ],
      exports: [EVENT_STORE],
    };
  }
}
