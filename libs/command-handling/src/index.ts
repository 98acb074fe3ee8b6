export { assertKeyNotReusedIn, handleCommand, type CommandOutcome, type HandleCommandOptions, type PersonalDataProtection } from './lib/handle-command';
export { CommandPathHandler, ExecuteCommand, commandOf, type Admission, type CommandData, type CommandOfType, type CommandPath } from './lib/command-path';
export { IdempotencyKeyReused, assertSameRequest, type ReuseDifference } from './lib/idempotency';
