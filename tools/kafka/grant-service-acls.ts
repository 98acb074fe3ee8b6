/**
 * Grants the five services' Kafka accounts their least-privilege ACLs (libs/messaging kafka-service-acls.ts), as
 * an administrator: the connection comes from the environment (KAFKA_BROKERS, KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_*,
 * KAFKA_SASL_* of an account the brokers list in super.users). infra/kafka/start.sh runs it for the test broker;
 * a county runs it against its cluster once the accounts exist (docs/operations.md).
 */
import { grantServiceAcls, kafkaClient, requireKafkaConnection } from '@perheverkko/messaging';

async function main(): Promise<void> {
  const admin = kafkaClient('perheverkko-acls', requireKafkaConnection(), { log: 'error' }).admin();
  await admin.connect();
  try {
    const granted = await grantServiceAcls(admin);
    process.stdout.write(`granted ${granted} ACL entries to the service accounts\n`);
  } finally {
    await admin.disconnect();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`could not grant the service ACLs: ${error.message}\n`);
  process.exit(1);
});
