export { handleCommand, type CommandOutcome, type HandleCommandOptions } from './lib/handle-command';
