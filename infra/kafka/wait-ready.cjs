// Waits until the broker answers a real client request (metadata through kafkajs), not just an open port. With
// KAFKA_SECURITY_PROTOCOL=SASL_SSL it connects as the services do (TLS trusting KAFKA_SSL_CA_FILE, SCRAM login).
const { readFileSync } = require('node:fs');
const { Kafka, logLevel } = require('kafkajs');

const [broker, seconds = '60'] = process.argv.slice(2);
const deadline = Date.now() + Number(seconds) * 1000;
const secured = process.env.KAFKA_SECURITY_PROTOCOL === 'SASL_SSL';
const security = secured
  ? {
      ssl: { ca: [readFileSync(process.env.KAFKA_SSL_CA_FILE, 'utf8')] },
      sasl: { mechanism: (process.env.KAFKA_SASL_MECHANISM ?? 'SCRAM-SHA-512').toLowerCase(), username: process.env.KAFKA_SASL_USERNAME, password: process.env.KAFKA_SASL_PASSWORD },
    }
  : {};
const kafka = new Kafka({ clientId: 'perheverkko-wait-ready', brokers: [broker], logLevel: logLevel.NOTHING, retry: { retries: 0 }, ...security });

(async () => {
  let lastError;
  while (Date.now() < deadline) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      await admin.disconnect();
      if (cluster.brokers.length > 0) process.exit(0);
    } catch (error) {
      lastError = error;
      await admin.disconnect().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (lastError) process.stderr.write(`the last attempt failed: ${lastError.message}\n`);
  process.exit(1);
})();
