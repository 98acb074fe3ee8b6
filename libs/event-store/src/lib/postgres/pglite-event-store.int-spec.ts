import { describeEventStoreContract } from '../contract/event-store.contract';
import { startEmbeddedPostgres } from './embedded-postgres';
import { openPostgresContractSubject } from './postgres-contract-subject';

describeEventStoreContract('PostgreSQL embedded on PGlite', {
  async open() {
    const embedded = await startEmbeddedPostgres();
    const subject = await openPostgresContractSubject(embedded.connectionString);
    return {
      ...subject,
      async dispose() {
        await subject.dispose();
        await embedded.stop();
      },
    };
  },
});
