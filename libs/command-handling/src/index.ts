export { assertKeyNotReusedIn, handleCommand, type CommandOutcome, type HandleCommandOptions, type PersonalDataProtection } from './lib/handle-command';
export { IdempotencyKeyReused, assertSameRequest, type ReuseDifference } from './lib/idempotency';
