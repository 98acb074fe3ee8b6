import { readFileSync } from 'node:fs';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { kafkaClient, requireKafkaConnection } from './kafka-connection';

/**
 * The broker as production runs it (CI starts it so: infra/kafka/start.sh with KAFKA_SECURITY_PROTOCOL=SASL_SSL)
 * serves only clients that speak TLS to a certificate they verify and log in with SCRAM.
 */
const secured = process.env.KAFKA_BROKERS && process.env.KAFKA_SECURITY_PROTOCOL === 'SASL_SSL';
if (!secured) process.stderr.write('skipped: Kafka refuses clients without credentials — start the broker with KAFKA_SECURITY_PROTOCOL=SASL_SSL (see docs/operations.md)\n');

(secured ? describe : describe.skip)('a SASL_SSL broker', () => {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
  const ca = secured ? readFileSync(process.env.KAFKA_SSL_CA_FILE!, 'utf8') : '';
  const once = { retry: { retries: 0 }, connectionTimeout: 5_000, authenticationTimeout: 5_000, requestTimeout: 5_000, logLevel: logLevel.NOTHING };

  /** What a client configured so gets when it asks for the topics: the list, or the error that stopped it. */
  async function attempt(config: Omit<KafkaConfig, 'clientId' | 'brokers'> | Kafka): Promise<string[] | Error> {
    const kafka = config instanceof Kafka ? config : new Kafka({ clientId: 'kafka-security-spec', brokers, ...once, ...config });
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
    expect(await attempt(kafkaClient('kafka-security-spec', requireKafkaConnection(), once))).toEqual(expect.any(Array));
  });

  it('should refuse a client without credentials', async () => {
    const outcome = await attempt({ ssl: { ca: [ca] } });
    expect(outcome).toBeInstanceOf(Error);
  });

  it('should refuse a login with the wrong password', async () => {
    const outcome = await attempt({ ssl: { ca: [ca] }, sasl: { mechanism: 'scram-sha-512', username: process.env.KAFKA_SASL_USERNAME!, password: 'not-the-password' } });
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toMatch(/authentication failed/i);
  });

  it('should refuse an unknown user', async () => {
    const outcome = await attempt({ ssl: { ca: [ca] }, sasl: { mechanism: 'scram-sha-512', username: 'mallory', password: process.env.KAFKA_SASL_PASSWORD! } });
    expect((outcome as Error).message).toMatch(/authentication failed/i);
  });

  it('should refuse a client that does not speak TLS, even with the right login', async () => {
    const outcome = await attempt({ sasl: { mechanism: 'scram-sha-512', username: process.env.KAFKA_SASL_USERNAME!, password: process.env.KAFKA_SASL_PASSWORD! } });
    expect(outcome).toBeInstanceOf(Error);
  });

  it('should not be trusted by a client that does not trust the county’s certificate authority', async () => {
    const outcome = await attempt({ ssl: true, sasl: { mechanism: 'scram-sha-512', username: process.env.KAFKA_SASL_USERNAME!, password: process.env.KAFKA_SASL_PASSWORD! } });
    expect((outcome as Error).message).toMatch(/certificate/i);
  });
});
