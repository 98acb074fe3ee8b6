import { describeEventStoreContract } from '../contract/event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

const url = process.env.EVENTSTOREDB_URL;

describeEventStoreContract('EventStoreDB', {
  skipReason: url
    ? undefined
    : 'set EVENTSTOREDB_URL (e.g. kurrentdb://127.0.0.1:2113?tls=false; docker compose --profile eventstoredb up eventstoredb) to run it',
  async open() {
    const store = await EventStoreDbEventStore.open({ connectionString: url! });
    return {
      store,
      // An EventStoreDB append is one atomic write: there is no open transaction to hold, so the slow
      // writer writes at commit time and the suite checks that the follower still sees both in order.
      startSlowAppend(streamId, events) {
        return {
          written: Promise.resolve(),
          async commit() {
            await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
          },
        };
      },
      dispose: () => store.close(),
    };
  },
});
