import { Injectable, Module, type INestApplicationContext, type OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { topicOf } from '@perheverkko/contracts';
import type { EventStore } from '@perheverkko/event-store';
import { ScratchSchemas, StepEffects, appendSteps, stepRecordedContract, until, uniqueName } from '@perheverkko/messaging/testing';
import { DatabaseConnection } from '@perheverkko/runtime';
import { EVENT_STORE, MessagingHost, schemaOf, ServiceEventStoreModule } from '@perheverkko/service-host';
import { PlatformModule } from './platform.module';
import { SHARED_SERVER_ACCESS_LOG_KEYS, SHARED_SERVER_MASTER_KEYS } from '../testing';

/** Two throw-away services: one publishes StepRecorded, the other keeps a count of steps as its effect. */
function services() {
  const publisher = uniqueName('steps');
  const consumer = uniqueName('tally');
  const contract = stepRecordedContract(topicOf(publisher));

  @Injectable()
  class StepTally extends StepEffects implements OnModuleInit {
    constructor(private readonly messaging: MessagingHost) {
      super(`${consumer}-steps`, schemaOf(consumer));
    }
    onModuleInit() {
      this.messaging.registerConsumer({ schema: schemaOf(consumer), handler: this, sources: [publisher], contracts: [contract] });
    }
  }

  @Injectable()
  class Installer implements OnModuleInit {
    constructor(
      private readonly tally: StepTally,
      private readonly database: DatabaseConnection,
    ) {}
    async onModuleInit() {
      const pool = new Pool({ connectionString: this.database.connectionString, max: 1 });
      await this.tally.install(pool);
      await pool.end();
    }
  }

  @Module({
    imports: [ServiceEventStoreModule.forService({ service: publisher, categories: ['Plan'], publishes: [contract] })],
    providers: [{ provide: 'STORE', useFactory: (s: EventStore) => s, inject: [EVENT_STORE] }],
    exports: ['STORE'],
  })
  class PublisherModule {}

  @Module({ providers: [StepTally, Installer], exports: [StepTally] })
  class ConsumerModule {}

  return { PublisherModule, ConsumerModule, StepTally, schemas: [schemaOf(publisher), schemaOf(consumer)] };
}

async function countEffects(app: INestApplicationContext, tally: StepEffects): Promise<number> {
  const pool = new Pool({ connectionString: app.get(DatabaseConnection).connectionString, max: 1 });
  try {
    return (await tally.count(pool)).effects;
  } finally {
    await pool.end();
  }
}

describe('MessagingHost', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('should deliver a service’s events to another service in the same process without a broker (embedded default)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-messaging-'));
    delete process.env.DATABASE_URL;
    delete process.env.KAFKA_BROKERS;
    process.env.DATA_DIR = dataDir;
    const { PublisherModule, ConsumerModule, StepTally } = services();
    @Module({ imports: [PlatformModule, PublisherModule, ConsumerModule] })
    class Standalone {}
    let app: INestApplicationContext | undefined;
    try {
      app = await NestFactory.createApplicationContext(Standalone, { logger: false });
      await app.init();
      const started = app;
      await appendSteps(started.get('STORE'), 10, 10);
      await until(async () => (await countEffects(started, started.get(StepTally))) === 100, 60_000, '100 effects in process');
    } finally {
      try {
        await app?.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  }, 120_000);

  const brokers = process.env.KAFKA_BROKERS;
  const databaseUrl = process.env.TEST_DATABASE_URL;
  if (!brokers || !databaseUrl) process.stderr.write('skipped: MessagingHost through Kafka — set KAFKA_BROKERS and TEST_DATABASE_URL\n');
  (brokers && databaseUrl ? it : it.skip)(
    'should deliver between two separately composed applications through Kafka',
    async () => {
      process.env.KAFKA_BROKERS = brokers;
      process.env.DATABASE_URL = databaseUrl;
      process.env.MASTER_KEYS = SHARED_SERVER_MASTER_KEYS;
      process.env.ACCESS_LOG_KEYS = SHARED_SERVER_ACCESS_LOG_KEYS;
      process.env.DEMO_ISSUER = 'enabled';
      const { PublisherModule, ConsumerModule, StepTally, schemas } = services();
      const scratch = new ScratchSchemas();
      schemas.forEach((schema) => scratch.add(schema));
      @Module({ imports: [PlatformModule, PublisherModule] })
      class PublishingApp {}
      @Module({ imports: [PlatformModule, ConsumerModule] })
      class ConsumingApp {}
      let publishing: INestApplicationContext | undefined;
      let consuming: INestApplicationContext | undefined;
      try {
        publishing = await NestFactory.createApplicationContext(PublishingApp, { logger: false });
        consuming = await NestFactory.createApplicationContext(ConsumingApp, { logger: false });
        await Promise.all([publishing.init(), consuming.init()]);
        const [from, to] = [publishing, consuming];
        await appendSteps(from.get('STORE'), 10, 10);
        await until(async () => (await countEffects(to, to.get(StepTally))) === 100, 120_000, '100 effects through Kafka');
      } finally {
        try {
          await Promise.all([publishing?.close(), consuming?.close()]);
        } finally {
          // The two services' schemas on the shared server go with the test, passed or failed.
          await scratch.dropAt(databaseUrl!);
        }
      }
    },
    180_000,
  );
});
