import { describeEventStoreContract } from '../contract/event-store.contract';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { openPostgresContractSubject } from './postgres-contract-subject';

let embedded: EmbeddedPostgres | undefined;

describeEventStoreContract(
  'PostgreSQL embedded on PGlite',
  async () => {
    embedded = await startEmbeddedPostgres();
    const subject = await openPostgresContractSubject(embedded.connectionString, 12);
    return {
      ...subject,
      async dispose() {
        await subject.dispose();
        await embedded?.stop();
      },
    };
  },
  'never: PGlite runs in-process',
);
