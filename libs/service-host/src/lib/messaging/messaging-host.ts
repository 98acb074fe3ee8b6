import { setMaxListeners } from 'node:events';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Pool } from 'pg';
import { ContractRegistry, auditTopicOf, deadLetterTopicOf, topicOf, type EventContract } from '@perheverkko/contracts';
import { IDLE_CONNECTION_MS, type EventStore } from '@perheverkko/event-store';
import {
  AuditPublication,
  EmbeddedConsumerRunner,
  KafkaConsumerRunner,
  KafkaDeadLetters,
  KafkaPublisher,
  MessageProcessor,
  PostgresCheckpoints,
  PostgresDeadLetters,
  Publication,
  Relay,
  ensureTopics,
  kafkaClient,
  type KafkaAdmin as Admin,
  type KafkaConnection,
  type Subscription,
} from '@perheverkko/messaging';
import { DatabaseConnection, HealthRegistry, PlatformConfig } from '@perheverkko/runtime';
import { eventsAfter, Metrics } from '@perheverkko/observability';
import { messageOf } from '@perheverkko/decider';

interface PublishingService {
  service: string;
  schema: string;
  store: EventStore;
  /** Its integration events (`<service>.events.v1`). */
  publication: Publication;
  /** Its audit record (`<service>.audit.v1`): every other stored event about a case, as recorded. */
  audit: AuditPublication;
}

const topicFor = (consumer: Subscription) => (consumer.reads === 'audit' ? auditTopicOf : topicOf);

type LoopState = { state: 'running' } | { state: 'restarting'; error: string };

/** An embedded consumer's dead letters, and its processor, which replays them. */
export interface DeadLetterShelf {
  consumer: string;
  letters: PostgresDeadLetters;
  processor: MessageProcessor;
}

/**
 * Runs the process's messaging: with KAFKA_BROKERS a relay per publishing service and a Kafka consumer group per
 * consumer; without it (the embedded default) each consumer follows the publishing service's event store in
 * this process. Service modules only declare what they publish and what they consume.
 */
@Injectable()
export class MessagingHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Messaging');
  private readonly publishing = new Map<string, PublishingService>();
  private readonly consuming: Subscription[] = [];
  private readonly loops = new Map<string, LoopState>();
  private readonly running: Promise<void>[] = [];
  private readonly stopping = new AbortController();
  private readonly kafkaRunners: KafkaConsumerRunner[] = [];
  private readonly shelves: DeadLetterShelf[] = [];
  private publisher?: KafkaPublisher;
  private admin?: Admin;
  private pool?: Pool;

  constructor(
    private readonly config: PlatformConfig,
    private readonly database: DatabaseConnection,
    private readonly health: HealthRegistry,
    private readonly metrics: Metrics,
  ) {
    // Every loop and consumer listens to the one shutdown signal: more than Node's default ten is expected here.
    setMaxListeners(100, this.stopping.signal);
  }

  /** A service publishing `contracts` also keeps an audit record of its other events (ADR 0013). */
  registerPublisher(service: string, schema: string, store: EventStore, contracts: EventContract[]): void {
    const publication = new Publication(topicOf(service), new ContractRegistry(contracts), service);
    this.publishing.set(service, { service, schema, store, publication, audit: new AuditPublication(service, publication) });
  }

  registerConsumer(consumer: Subscription): void {
    this.consuming.push(consumer);
  }

  async onApplicationBootstrap(): Promise<void> {
    // Embedded publishers need no relay (consumers read their stores directly): nothing to run without consumers.
    const relays = this.config.KAFKA_BROKERS ? this.publishing.size : 0;
    if (relays === 0 && this.consuming.length === 0) return;
    this.health.register('messaging', async () => {
      const loops = Object.fromEntries(this.loops);
      if (Object.values(loops).some((l) => l.state !== 'running')) throw new Error(`not all running: ${JSON.stringify(loops)}`);
      return { transport: this.config.KAFKA_BROKERS ? 'kafka' : 'embedded', loops };
    });
    const pool = new Pool({
      connectionString: this.database.connectionString,
      max: this.database.embedded ? 2 : 10,
      idleTimeoutMillis: IDLE_CONNECTION_MS,
    });
    pool.on('error', (error) => this.logger.warn(`an idle database connection failed: ${error.message}`));
    this.pool = pool;
    if (this.config.kafka) await this.startKafka(pool, this.config.kafka);
    else await this.startEmbedded(pool);
  }

  private async startKafka(pool: Pool, connection: KafkaConnection): Promise<void> {
    if (connection.protocol === 'PLAINTEXT') {
      this.logger.warn(
        'Kafka over PLAINTEXT: case ids, municipalities, zones and workers travel unencrypted and any client on the network may publish; set KAFKA_SECURITY_PROTOCOL=SASL_SSL (docs/operations.md)',
      );
    }
    const kafka = kafkaClient('perheverkko', connection);
    this.publisher = await KafkaPublisher.connect(kafka).catch((error: Error) => {
      const login = connection.sasl ? ` as ${connection.sasl.username} (${connection.sasl.mechanism})` : '';
      throw new Error(
        `could not reach Kafka at ${connection.brokers.join(',')} over ${connection.protocol}${login}: ${error.message}. ` +
          'Check KAFKA_BROKERS, KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_CA_FILE and KAFKA_SASL_* against the brokers’ listener',
      );
    });
    const publisher = this.publisher;
    const admin = kafka.admin();
    await admin.connect();
    this.admin = admin;
    this.health.register('kafka', async () => {
      const cluster = await admin.describeCluster();
      return { brokers: cluster.brokers.length, controller: cluster.controller };
    });
    // Every topic this process writes or reads, made (or found) at once: one administrator's round trips, not one
    // login per publication and consumer.
    const topicsOf = (consumer: Subscription) => consumer.sources.map(topicFor(consumer));
    const published = [...this.publishing.values()].flatMap(({ publication, audit }) => [publication.topic, audit.topic]);
    await ensureTopics(kafka, [...new Set([...published, ...this.consuming.flatMap(topicsOf)])]);
    for (const { service, schema, store, publication, audit } of this.publishing.values()) {
      const checkpoints = await PostgresCheckpoints.open(pool, schema);
      // Two relays over the one store, each with its own checkpoint: the events topic and the audit record.
      for (const [name, relayed, label] of [
        [`relay:${service}`, publication, service],
        [`relay:${service}:audit`, audit, `${service}:audit`],
      ] as const) {
        const relay = new Relay({ name, store, checkpoints, publication: relayed, publisher });
        this.metrics.registerLag('relay', { service: label }, async () => eventsAfter(store, await checkpoints.load(name)));
        this.keepRunning(name, (signal) => relay.run(signal));
      }
    }
    // Processors one after another (consumers of a service share its schema, whose tables they make), then every
    // consumer joins its group at once: each join is a connection, a login and a rebalance round trip to the brokers.
    const processors: MessageProcessor[] = [];
    for (const consumer of this.consuming) processors.push(await this.processorFor(pool, consumer, new KafkaDeadLetters(publisher)));
    await Promise.all(
      this.consuming.map(async (consumer, i) => {
        const runner = new KafkaConsumerRunner({ kafka, topics: topicsOf(consumer), processor: processors[i] });
        this.kafkaRunners.push(runner);
        await runner.start();
      }),
    );
    for (const consumer of this.consuming) {
      const group = consumer.handler.consumer;
      for (const topic of topicsOf(consumer))
        this.metrics.registerLag('consumer', { group, source: topic }, () => consumerLag(admin, group, topic));
      this.loops.set(`consumer:${consumer.handler.consumer}`, { state: 'running' });
    }
    // Every group reading a topic sets its letters aside in the one <topic>.dlq: one series per dead-letter topic, not
    // one per group (the same count once per group summed to a multiple, and the alert fired once per group).
    for (const dlq of new Set(this.consuming.flatMap(topicsOf).map(deadLetterTopicOf)))
      this.metrics.registerLag('dead-letters', { where: dlq }, () => topicSize(admin, dlq));
  }

  private async startEmbedded(pool: Pool): Promise<void> {
    for (const consumer of this.consuming) {
      const letters = await PostgresDeadLetters.open(pool, consumer.schema);
      const processor = await this.processorFor(pool, consumer, letters);
      this.shelves.push({ consumer: consumer.handler.consumer, letters, processor });
      // Letters still to see to: a replay that the consumer handled (or had handled) resolves its letter.
      this.metrics.registerLag('dead-letters', { where: `${consumer.schema}.dead_letters (${consumer.handler.consumer})` }, async () =>
        Number(
          (
            await pool.query(
              `select count(*) as n from "${consumer.schema}".dead_letters where headers->>'dlq-consumer' = $1
                and (replay_outcome is null or replay_outcome not in ('handled', 'duplicate', 'ignored'))`,
              [consumer.handler.consumer],
            )
          ).rows[0].n,
        ),
      );
      const checkpoints = await PostgresCheckpoints.open(pool, consumer.schema);
      for (const source of consumer.sources) {
        const publishing = this.publishing.get(source);
        if (!publishing && consumer.onlyHostedSourcesWhenEmbedded) continue;
        if (!publishing) {
          throw new Error(
            `${consumer.handler.consumer} consumes ${source}'s events, which this process does not host: ` +
              'run the standalone app, or set KAFKA_BROKERS',
          );
        }
        const runner = new EmbeddedConsumerRunner({
          source: { store: publishing.store, publication: consumer.reads === 'audit' ? publishing.audit : publishing.publication },
          processor,
          checkpoints,
        });
        this.metrics.registerLag('consumer', { group: consumer.handler.consumer, source: source }, async () =>
          eventsAfter(publishing.store, await checkpoints.load(runner.checkpointName)),
        );
        this.keepRunning(`consumer:${consumer.handler.consumer}:${source}`, (signal) => runner.run(signal));
      }
    }
  }

  /** The embedded consumers' dead letters; undefined on Kafka, where they are `<topic>.dlq` (`perheverkko dead-letters`). */
  deadLetterShelves(): DeadLetterShelf[] | undefined {
    return this.config.kafka ? undefined : this.shelves;
  }

  private async processorFor(
    pool: Pool,
    consumer: Subscription,
    deadLetters: KafkaDeadLetters | PostgresDeadLetters,
  ): Promise<MessageProcessor> {
    return MessageProcessor.open({
      pool,
      schema: consumer.schema,
      registry: new ContractRegistry(consumer.contracts),
      handler: consumer.handler,
      deadLetters,
      signal: this.stopping.signal,
      onRetry: (error, attempt) => this.logger.warn(`${consumer.handler.consumer}: attempt ${attempt} failed: ${error.message}`),
    });
  }

  /** Runs a loop until shutdown; if it fails it is logged, shown in /health and restarted after a pause. */
  private keepRunning(name: string, loop: (signal: AbortSignal) => Promise<void>): void {
    const signal = this.stopping.signal;
    this.loops.set(name, { state: 'running' });
    this.running.push(
      (async () => {
        while (!signal.aborted) {
          try {
            await loop(signal);
          } catch (error) {
            if (signal.aborted) break;
            this.loops.set(name, { state: 'restarting', error: messageOf(error) });
            this.logger.error(`${name} failed, restarting in 1 s: ${messageOf(error)}`);
            await new Promise((resolve) => setTimeout(resolve, 1000));
            this.loops.set(name, { state: 'running' });
          }
        }
      })(),
    );
  }

  /** Stops before the stores and the embedded database close, so no loop reads from a closed pool. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.running);
    await Promise.all(this.kafkaRunners.map((r) => r.stop()));
    await this.publisher?.disconnect();
    await this.admin?.disconnect();
    await this.pool?.end();
  }
}

/** Messages in a topic the group has not committed yet (its committed offset, or the start, to the end). */
async function consumerLag(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const ends = await admin.fetchTopicOffsets(topic);
  return ends.reduce((lag, { partition, high, low }) => {
    const offset = Number(committed?.partitions.find((p) => p.partition === partition)?.offset ?? -1);
    return lag + Number(high) - Math.max(offset, Number(low));
  }, 0);
}

/** Messages kept in a topic (0 when it does not exist yet: nothing was ever dead-lettered). */
async function topicSize(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
  return offsets.reduce((size, { high, low }) => size + Number(high) - Number(low), 0);
}
