import { SHARED_SERVER_ACCESS_LOG_KEYS, SHARED_SERVER_MASTER_KEYS } from '@perheverkko/platform/testing';

/**
 * Where a chain spec runs: on an embedded database by default; on the shared PostgreSQL server where
 * TEST_DATABASE_URL names it (with the keys every spec on it shares); through the real broker where KAFKA_BROKERS is
 * set as well.
 */

/** The settings of a chain on the shared PostgreSQL server at `databaseUrl`. */
export const onSharedServer = (databaseUrl: string) => ({
  DATABASE_URL: databaseUrl,
  MASTER_KEYS: SHARED_SERVER_MASTER_KEYS,
  ACCESS_LOG_KEYS: SHARED_SERVER_ACCESS_LOG_KEYS,
});

/** On the shared server where TEST_DATABASE_URL is set; otherwise `embedded` (the settings to clear for an embedded database). */
export const onSharedServerOr = <E extends Record<string, string | undefined>>(embedded: E) =>
  process.env.TEST_DATABASE_URL ? onSharedServer(process.env.TEST_DATABASE_URL) : embedded;

/**
 * `specs(label, env)` through the real broker on the shared server where KAFKA_BROKERS and TEST_DATABASE_URL are both
 * set; otherwise says on stderr that `what` was skipped, and lists the suite as skipped.
 */
export function specsThroughKafka(label: string, what: string, specs: (label: string, env: Record<string, string>) => void): void {
  const brokers = process.env.KAFKA_BROKERS;
  const databaseUrl = process.env.TEST_DATABASE_URL;
  if (brokers && databaseUrl) {
    specs(label, { KAFKA_BROKERS: brokers, ...onSharedServer(databaseUrl) });
  } else {
    process.stderr.write(`skipped: ${what} — set KAFKA_BROKERS and TEST_DATABASE_URL\n`);
    describe.skip(label, () => it('needs KAFKA_BROKERS and TEST_DATABASE_URL', () => undefined));
  }
}
