export { handleCommand, type CommandOutcome, type HandleCommandOptions, type PersonalDataProtection } from './lib/handle-command';
