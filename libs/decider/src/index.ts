export * from './lib/decider';
export * from './lib/domain-rule-violation';
export * from './lib/event-envelope';
export { eventIdFor } from './lib/event-ids';
export * from './lib/finnish-time';
