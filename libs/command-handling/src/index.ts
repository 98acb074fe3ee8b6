export { assertKeyNotReusedIn, handleCommand, type CommandOutcome, type IfMatch, type PersonalDataProtection } from './lib/handle-command';
export {
  CommandPathHandler,
  DirectCommandPathHandler,
  ExecuteCommand,
  commandOf,
  type Admission,
  type CommandData,
  type CommandPath,
} from './lib/command-path';
export { IdempotencyKeyReused } from './lib/idempotency';
