export * from './lib/decider';
export * from './lib/domain-rule-violation';
export * from './lib/event-envelope';
export { eventIdFor } from './lib/event-ids';
export * from './lib/stored-data';
export * from './lib/thrown';
export * from './lib/finnish-time';
export { namePartsOf, normaliseIdentityCode } from './lib/person-names';
