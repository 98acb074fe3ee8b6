import { readFileSync } from 'node:fs';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { AclOperationTypes } from 'kafkajs';
import { kafkaClient, requireKafkaConnection } from './kafka-connection';
import { serviceAcls } from './kafka-service-acls';
import { ensureTopics } from './kafka-topics';

/**
 * The broker as production runs it (CI starts it so: infra/kafka/start.sh with KAFKA_SECURITY_PROTOCOL=SASL_SSL)
 * serves only clients that speak TLS to a certificate they verify and log in with SCRAM.
 */
const secured = process.env.KAFKA_BROKERS && process.env.KAFKA_SECURITY_PROTOCOL === 'SASL_SSL';
if (!secured)
  process.stderr.write(
    'skipped: Kafka refuses clients without credentials — start the broker with KAFKA_SECURITY_PROTOCOL=SASL_SSL (see docs/operations.md)\n',
  );

(secured ? describe : describe.skip)('a SASL_SSL broker', () => {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
  const ca = secured ? readFileSync(process.env.KAFKA_SSL_CA_FILE!, 'utf8') : '';
  /** One try, a short wait, no log: from the services' client (kafkaClient), and the same for a client of the spec's own. */
  const ONCE = { retries: 0, timeoutMs: 5_000, log: 'nothing' } as const;
  const once = {
    retry: { retries: 0 },
    connectionTimeout: 5_000,
    authenticationTimeout: 5_000,
    requestTimeout: 5_000,
    logLevel: logLevel.NOTHING,
  };

  /** What a client configured so (or the services' client, whichever library KAFKA_CLIENT chose) gets when it asks for the topics: the list, or the error that stopped it. */
  async function attempt(config: Omit<KafkaConfig, 'clientId' | 'brokers'> | Kafka): Promise<string[] | Error> {
    const kafka = 'admin' in config ? (config as Kafka) : new Kafka({ clientId: 'kafka-security-spec', brokers, ...once, ...config });
    const admin = kafka.admin();
    try {
      await admin.connect();
      return await admin.listTopics();
    } catch (error) {
      return error as Error;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  it('should serve the services’ client: TLS to the broker’s certificate, SCRAM login', async () => {
    expect(await attempt(kafkaClient('kafka-security-spec', requireKafkaConnection(), ONCE))).toEqual(expect.any(Array));
  });

  it('should refuse a client without credentials', async () => {
    const outcome = await attempt({ ssl: { ca: [ca] } });
    expect(outcome).toBeInstanceOf(Error);
  });

  it('should refuse a login with the wrong password', async () => {
    const outcome = await attempt({
      ssl: { ca: [ca] },
      sasl: { mechanism: 'scram-sha-512', username: process.env.KAFKA_SASL_USERNAME!, password: 'not-the-password' },
    });
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toMatch(/authentication failed/i);
  });

  it('should refuse an unknown user', async () => {
    const outcome = await attempt({
      ssl: { ca: [ca] },
      sasl: { mechanism: 'scram-sha-512', username: 'mallory', password: process.env.KAFKA_SASL_PASSWORD! },
    });
    expect((outcome as Error).message).toMatch(/authentication failed/i);
  });

  it('should refuse a client that does not speak TLS, even with the right login', async () => {
    const outcome = await attempt({
      sasl: { mechanism: 'scram-sha-512', username: process.env.KAFKA_SASL_USERNAME!, password: process.env.KAFKA_SASL_PASSWORD! },
    });
    expect(outcome).toBeInstanceOf(Error);
  });

  it('should not be trusted by a client that does not trust the county’s certificate authority', async () => {
    const outcome = await attempt({
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: process.env.KAFKA_SASL_USERNAME!, password: process.env.KAFKA_SASL_PASSWORD! },
    });
    expect((outcome as Error).message).toMatch(/certificate/i);
  });

  describe('each service’s own account (least privilege)', () => {
    /** The broker CI starts gives the five service accounts the administrator's password (infra/kafka/start.sh). */
    const as = (service: string) =>
      kafkaClient(
        `kafka-security-spec-${service}`,
        {
          ...requireKafkaConnection(),
          sasl: { mechanism: 'SCRAM-SHA-512', username: service, password: process.env.KAFKA_SASL_PASSWORD! },
        },
        { log: 'nothing' },
      );
    const publish = async (service: string, topic: string) => {
      const producer = as(service).producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      try {
        await producer.send({ topic, acks: -1, messages: [{ key: 'kafka-security-spec', value: '{}' }] });
        return 'published';
      } catch (error) {
        return (error as Error).message;
      } finally {
        await producer.disconnect();
      }
    };

    beforeAll(async () => {
      // Messages go only to topics of this spec's own, inside the services' prefixes; the real topics must exist (a
      // refusal is only a refusal for a topic that is there) but get nothing written.
      const topics = ['intake.kafka-security-spec.v1', 'convening.kafka-security-spec.v1', 'intake.events.v1', 'convening.events.v1'];
      await ensureTopics(kafkaClient('kafka-security-spec', requireKafkaConnection(), ONCE), topics);
    }, 60_000);

    it('should let a service publish its own events', async () => {
      expect(await publish('intake', 'intake.kafka-security-spec.v1')).toBe('published');
    });

    it('should refuse a service publishing as another (a forged consent on convening’s topic would open a case)', async () => {
      expect(await publish('intake', 'convening.events.v1')).toMatch(/not authorized|authorization failed/i);
      expect(await publish('meeting', 'convening.events.v1')).toMatch(/not authorized|authorization failed/i);
      expect(await publish('reporting', 'intake.events.v1')).toMatch(/not authorized|authorization failed/i);
      expect(await publish('intake', 'convening.kafka-security-spec.v1')).toMatch(/not authorized|authorization failed/i);
    });

    it('should let a service read other services’ topics and write the dead letters of only those', async () => {
      // A dead letter for a topic meeting does not read: refused; for the ones it reads, the ACL is that literal name.
      expect(await publish('meeting', 'convening.kafka-security-spec.v1.dlq')).toMatch(/not authorized|authorization failed/i);
      expect(serviceAcls('meeting', 'meeting')).toContainEqual(
        expect.objectContaining({ resourceName: 'convening.events.v1.dlq', principal: 'User:meeting', operation: AclOperationTypes.WRITE }),
      );
      const consumer = as('meeting').consumer({ groupId: `meeting.kafka-security-spec-${Date.now()}`, allowAutoTopicCreation: false });
      await consumer.connect();
      await expect(consumer.subscribe({ topics: ['convening.events.v1'], fromBeginning: true })).resolves.toBeUndefined();
      await consumer.disconnect();
    });

    it('should refuse a service joining another service’s consumer group, and let it join its own', async () => {
      /** What a consumer of the group gets: joined, or the error it stopped on (a coordinator still starting is waited for). */
      const join = async (groupId: string) => {
        for (let attempt = 1; ; attempt++) {
          const outcome = await joinOnce(groupId);
          if (attempt === 20 || !/loading|not the correct coordinator|coordinator is not available/i.test(outcome)) return outcome;
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
      };
      const joinOnce = async (groupId: string) => {
        const consumer = as('intake').consumer({
          groupId,
          allowAutoTopicCreation: false,
          retry: { retries: 3, restartOnFailure: async () => false },
        });
        await consumer.connect();
        await consumer.subscribe({ topics: ['convening.events.v1'] });
        const outcome = new Promise<string>((resolve) => {
          consumer.on(consumer.events.GROUP_JOIN, () => resolve('joined'));
          consumer.on(consumer.events.CRASH, (event) => resolve(event.payload.error.message));
        });
        await consumer.run({ eachMessage: async () => undefined }).catch(() => undefined);
        const result = await outcome;
        await consumer.disconnect();
        return result;
      };
      expect(await join(`intake.kafka-security-spec-${Date.now()}`)).toBe('joined');
      // The broker refuses the coordinator lookup for a group the account may not read; kafkajs words it so.
      expect(await join('convening.case-access')).toMatch(/not authorized|failed to find group coordinator/i);
    }, 60_000);
  });
});
