import { ConsoleLogger } from '@nestjs/common';

/**
 * Nest's start-up chatter: a line per module initialised and per route mapped (about 80 for the embedded default), which
 * buries the few lines a person starting the process needs. JSON logs (LOG_FORMAT=json, the images) keep them.
 */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** The text logger of a process run by hand: Nest's own, less its start-up chatter. */
export class QuietStartLogger extends ConsoleLogger {
  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (typeof context === 'string' && START_UP_CONTEXTS.has(context)) return;
    super.log(message, ...rest);
  }
}
