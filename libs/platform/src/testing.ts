// Test helpers: start services as separate processes (end-to-end specs).
export { ServiceProcess, freePort } from './testing/service-process';
export { serveWithDemoUsers, type ResponseBody } from './testing/api-client';
export { liveAndRebuilt, type LiveAndRebuilt, type ProjectionRows } from './testing/projection-rebuild';
/**
 * The master keys of every suite that runs on the shared PostgreSQL server and Kafka broker. Those suites' services
 * join the same consumer groups and share the `personal_data` schema: they are replicas of one deployment and must
 * hold the same keys, or one suite's instance fails (and dead-letters) a reaction to another suite's case.
 */
export const SHARED_SERVER_MASTER_KEYS = `shared-servers:${Buffer.alloc(32, 42).toString('base64')}`;

/** The access log's key of those suites: one log on the shared server, signed alike by every suite's processes. */
export const SHARED_SERVER_ACCESS_LOG_KEYS = `shared-servers:${Buffer.alloc(32, 43).toString('base64')}`;
