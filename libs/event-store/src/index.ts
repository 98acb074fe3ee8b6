export * from './lib/recorded-event';
export * from './lib/event-store.port';
export * from './lib/errors';
export * from './lib/global-position';
export { MAX_EVENTS_PER_APPEND } from './lib/validate-arguments';
export { PostgresEventStore, type PostgresEventStoreOptions, type PostgresEventStoreTransaction } from './lib/postgres/postgres-event-store';
export { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from './lib/postgres/embedded-postgres';
export { migrate } from './lib/postgres/migrate';
export { EventStoreDbEventStore, type EventStoreDbEventStoreOptions } from './lib/eventstoredb/eventstoredb-event-store';
