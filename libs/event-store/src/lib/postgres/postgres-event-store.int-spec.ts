import { describeEventStoreContract } from '../contract/event-store.contract';
import { openPostgresContractSubject } from './postgres-contract-subject';

const url = process.env.TEST_DATABASE_URL;

describeEventStoreContract('PostgreSQL server', {
  skipReason: url ? undefined : 'set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run it',
  open: () => openPostgresContractSubject(url!),
});
