// Test helpers: start services in this process or as separate processes (end-to-end specs).
import { SHARED_KEYS } from './testing/in-process-app';

export { ServiceProcess, freePort } from './testing/service-process';
export { serveWithDemoUsers, type ResponseBody } from './testing/api-client';
export { serveInProcess } from './testing/in-process-app';
export { onEmbeddedApp, type ServedApp } from './testing/embedded-app';
export { caseEventsBy, liveAndRebuilt, seededRandom, type LiveAndRebuilt, type ProjectionRows } from './testing/projection-rebuild';
export { itRebuildsAsLive } from './testing/projection-rebuild';
export { generatedHistory, type GeneratedCase } from './testing/projection-rebuild';
export { recordedEventsOf } from './testing/recorded-events';
/**
 * The master keys of every suite that runs on the shared PostgreSQL server and Kafka broker. Those suites' services
 * join the same consumer groups and share the `personal_data` schema: they are replicas of one deployment and must
 * hold the same keys, or one suite's instance fails (and dead-letters) a reaction to another suite's case.
 */
export const SHARED_SERVER_MASTER_KEYS = SHARED_KEYS.MASTER_KEYS;

/** The access log's key of those suites: one log on the shared server, signed alike by every suite's processes. */
export const SHARED_SERVER_ACCESS_LOG_KEYS = SHARED_KEYS.ACCESS_LOG_KEYS;
