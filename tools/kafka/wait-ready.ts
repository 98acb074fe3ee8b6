/**
 * Waits until the broker answers a real client request (metadata), not just an open port, connecting as the
 * services do (the environment's KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_*, KAFKA_SASL_*). Usage: wait-ready.ts <seconds>
 * with KAFKA_BROKERS set; exits 1 with the last error when the time is up.
 */
import { kafkaClient, requireKafkaConnection } from '@perheverkko/messaging';

async function main(seconds: number): Promise<void> {
  const kafka = kafkaClient('perheverkko-wait-ready', requireKafkaConnection(), { log: 'nothing', retries: 0 });
  let lastError: Error | undefined;
  for (const deadline = Date.now() + seconds * 1000; Date.now() < deadline;) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      // A metadata request answered: the one readiness question every client library behind the adapter can ask.
      await admin.listTopics();
      return;
    } catch (error) {
      lastError = error as Error;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw lastError ?? new Error('the broker did not answer');
}

main(Number(process.argv[2] ?? 60)).then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`the last attempt failed: ${error.message}\n`);
    process.exit(1);
  },
);
