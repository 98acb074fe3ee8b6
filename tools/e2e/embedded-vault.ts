import { Pool } from 'pg';
import { PostgresEventStore, startEmbeddedPostgres } from '@perheverkko/event-store';
import { MasterKeys, PersonalDataVault } from '@perheverkko/personal-data';

/**
 * An embedded PostgreSQL of the spec's own, a pool on it, one service's event store (`schema`) and a personal data
 * vault under a freshly generated master key, as the specs of the write path's personal data set them up; `close`
 * ends them in turn.
 */
export async function embeddedStoreAndVault(schema: string) {
  const embedded = await startEmbeddedPostgres();
  const pool = new Pool({ connectionString: embedded.connectionString, max: 3 });
  const store = await PostgresEventStore.open({ pool, schema });
  const vault = await PersonalDataVault.open(pool, MasterKeys.parse(MasterKeys.generateSpec()));
  const close = async () => {
    await store.close();
    await pool.end();
    await embedded.stop();
  };
  return { pool, store, vault, close };
}
