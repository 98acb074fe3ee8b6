// Waits until the broker answers a real client request (metadata through kafkajs), not just an open port.
const { Kafka, logLevel } = require('kafkajs');

const [broker, seconds = '60'] = process.argv.slice(2);
const deadline = Date.now() + Number(seconds) * 1000;
const kafka = new Kafka({ clientId: 'perheverkko-wait-ready', brokers: [broker], logLevel: logLevel.NOTHING, retry: { retries: 0 } });

(async () => {
  while (Date.now() < deadline) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      await admin.disconnect();
      if (cluster.brokers.length > 0) process.exit(0);
    } catch {
      await admin.disconnect().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  process.exit(1);
})();
