import type {
  Admin,
  Consumer,
  ConsumerConfig,
  ConsumerRunConfig,
  ConsumerSubscribeTopics,
  Kafka,
  KafkaConfig,
  Producer,
  ProducerBatch,
  ProducerConfig,
  ProducerRecord,
} from 'kafkajs';

type ITopicConfig = Parameters<Admin['createTopics']>[0];

type Loose = Record<string, unknown>;

/** The broker's TLS as the connection read it (PEM text): librdkafka takes it as its own settings. */
interface BrokerTls {
  tls?: { ca?: string; cert?: string; key?: string };
}

/**
 * `KAFKA_CLIENT=confluent`: the same kafkajs-shaped client over `@confluentinc/kafka-javascript` (librdkafka), for
 * the comparison in docs/adr/0021-kafka-client.md. Its KafkaJS API takes most settings at creation rather than per
 * call, so this moves them: `acks` to the producer, `fromBeginning` and `autoCommit` to the consumer. It is not a
 * dependency (its install builds librdkafka from source here, see the ADR), so it is loaded only when chosen. What it
 * lacks stays missing: no partitioner choice (its default, murmur2_random, places keys as kafkajs' does), no ACL admin,
 * no `waitForLeaders`, no describeCluster (answered from topic metadata).
 */
export function confluentKafka(config: KafkaConfig, connection: BrokerTls): Kafka {
  let confluent: {
    KafkaJS: { Kafka: new (config: Loose) => Loose & { producer(c: Loose): Loose; consumer(c: Loose): Loose; admin(): Loose } };
  };
  try {
    confluent = require('@confluentinc/kafka-javascript');
  } catch (error) {
    throw new Error(
      `KAFKA_CLIENT=confluent: @confluentinc/kafka-javascript cannot be loaded (${(error as Error).message.split('\n')[0]}); ` +
        'it is not installed with the project, see docs/adr/0021-kafka-client.md for how it was built',
    );
  }
  const { ssl: _tls, sasl, brokers, clientId, logLevel, connectionTimeout, authenticationTimeout } = config;
  const rdkafka: Loose = {};
  if (connection.tls?.ca) rdkafka['ssl.ca.pem'] = connection.tls.ca;
  if (connection.tls?.cert) Object.assign(rdkafka, { 'ssl.certificate.pem': connection.tls.cert, 'ssl.key.pem': connection.tls.key });
  // Only what is set: it reads a present `sasl: undefined` as a login to make.
  const kafkaJS = Object.fromEntries(
    Object.entries({ clientId, brokers, ssl: Boolean(connection.tls), sasl, logLevel, connectionTimeout, authenticationTimeout }).filter(
      ([, value]) => value !== undefined,
    ),
  );
  const kafka = new confluent.KafkaJS.Kafka({ kafkaJS, ...rdkafka });
  return {
    producer: (options: ProducerConfig = {}) => {
      const { createPartitioner: _partitioner, ...kafkaJS } = options;
      const producer = kafka.producer({ kafkaJS: { ...kafkaJS, acks: -1 } }) as unknown as Producer;
      return override(producer, {
        send: ({ acks: _acks, ...record }: ProducerRecord) => producer.send(record),
        sendBatch: ({ acks: _acks, ...batch }: ProducerBatch) => producer.sendBatch(batch),
      });
    },
    consumer: ({ retry, ...options }: ConsumerConfig) => {
      // It always retries on failure: kafkajs' restartOnFailure has no counterpart.
      const { restartOnFailure: _restart, ...retries } = retry ?? {};
      const kafkaJS = { ...options, ...(retry ? { retry: retries } : {}), fromBeginning: true, autoCommit: false };
      return consumerOf(kafka.consumer({ kafkaJS }) as unknown as Consumer);
    },
    admin: () => adminOf(kafka.admin() as unknown as Admin),
  } as unknown as Kafka;
}

/**
 * The client's object with some methods replaced. A proxy rather than an assignment: its own methods call each
 * other through `this` (fetchTopicOffsets calls fetchTopicMetadata) and reach private fields, so they run on the
 * original, unchanged.
 */
function override<T extends object>(target: T, replaced: Partial<Record<keyof T, unknown>>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(replaced, property)) return replaced[property as keyof T];
      const value = Reflect.get(object, property, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

/** Topics are created without `waitForLeaders` (ensureTopics waits itself); metadata comes back as kafkajs shapes it. */
function adminOf(admin: Admin): Admin {
  return override(admin, {
    createTopics: ({ waitForLeaders: _wait, ...options }: ITopicConfig) => admin.createTopics(options),
    fetchTopicMetadata: async (options?: { topics: string[] }) => ({ topics: await topicsOf(options) }),
    // It has no describeCluster (the health check's call): the brokers that lead a partition, as the cluster says.
    describeCluster: async () => {
      const leaders = (await topicsOf()).flatMap((topic) => topic.partitions.flatMap((p) => (p.leaderNode ? [p.leaderNode] : [])));
      const brokers = [...new Map(leaders.map(({ id, host, port }) => [id, { nodeId: id, host, port }])).values()];
      return { brokers, controller: null, clusterId: '' };
    },
  });

  async function topicsOf(options?: { topics: string[] }) {
    type Led = { partitions: Array<{ leader: number; leaderNode?: { id: number; host: string; port: number } | null }> };
    // kafkajs reads no topics as all of them; this client refuses an empty list.
    const described: unknown = await admin.fetchTopicMetadata(options?.topics.length ? options : undefined);
    return (Array.isArray(described) ? described : (described as { topics: unknown[] }).topics) as Led[];
  }
}

/** Every caller here reads from the beginning; kafkajs commits by default, so a run that does not opt out commits. */
function consumerOf(consumer: Consumer): Consumer {
  return override(consumer, {
    subscribe: ({ fromBeginning: _fromBeginning, ...topics }: ConsumerSubscribeTopics) => consumer.subscribe(topics),
    run: ({ autoCommit, ...options }: ConsumerRunConfig = {}) => {
      if (autoCommit === false || !options.eachMessage) return consumer.run(options);
      const eachMessage = options.eachMessage;
      return consumer.run({
        ...options,
        eachMessage: async (payload) => {
          await eachMessage(payload);
          const { topic, partition, message } = payload;
          await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
        },
      });
    },
  });
}
