import { Command, Option } from 'commander';
import { Api } from '../api';
import { connectionOf } from '../program-options';
import { ProgressReporter } from '../progress-bar';
import { CommandFailed, UsageError } from '../usage-error';

/** GET /projections, one entry per projection of the process (libs/read-model ProjectionStatus). */
interface ProjectionStatus {
  service: string;
  name: string;
  state: 'building' | 'live' | 'rebuilding';
  eventsApplied: number | null;
  updatedAt: string | null;
  lastRebuild: { startedAt: string; finishedAt: string; events: number; eventsPerSecond: number } | null;
  /** While the shadow copy is built (absent from a server older than this command). */
  progress?: { eventsApplied: number; total: number | null; eventsPerSecond: number; secondsLeft: number | null } | null;
}

const PROJECTION_NAME = /^[a-z][a-z0-9-]{0,63}$/;
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

function table(projections: ProjectionStatus[]): string {
  const rows = [
    ['SERVICE', 'PROJECTION', 'STATE', 'EVENTS', 'UPDATED', 'LAST REBUILD'],
    ...projections.map((p) => [
      p.service,
      p.name,
      p.state,
      p.eventsApplied === null ? '–' : String(p.eventsApplied),
      p.updatedAt ?? '–',
      p.lastRebuild ? `${p.lastRebuild.finishedAt} (${p.lastRebuild.events} events, ${Math.round(p.lastRebuild.eventsPerSecond)}/s)` : '–',
    ]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return (
    rows
      .map((row) =>
        row
          .map((cell, column) => cell.padEnd(widths[column]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

export function projectionsCommand(): Command {
  const projections = new Command('projections').description(
    'read models: where each stands, rebuilding one from position 0 (administrators)',
  );

  projections
    .command('list')
    .description('each projection of the process: state, events applied, last rebuild (GET /projections)')
    .addOption(new Option('--format <format>', 'text (a table) or json').choices(['text', 'json']).default('text'))
    .action(async (options: { format: string }, self: Command) => {
      const listed = await new Api(connectionOf(self), 'pekka').json<ProjectionStatus[]>('GET', '/projections');
      process.stdout.write(options.format === 'json' ? `${JSON.stringify(listed, null, 2)}\n` : table(listed));
    });

  projections
    .command('rebuild')
    .description('rebuild a projection into a shadow copy while it keeps serving, then swap it in (POST /projections/{name}/rebuild)')
    .argument('<name>', 'the projection, as `projections list` names it')
    .option('--no-wait', 'answer once the rebuild has started')
    .option('--timeout <seconds>', 'give up waiting after this long (the rebuild goes on)', '3600')
    .option('--interval <ms>', 'how often GET /projections is asked', '1000')
    .addHelpText(
      'after',
      `
Progress: from GET /projections (events applied of the total the live copy has counted, events/s, time left),
as a bar on a terminal and as a line every few seconds otherwise (on stderr; the result on stdout). Any replica
answers: one rebuild of a projection runs at a time across all of them, and the others report its progress.`,
    )
    .action(async (name: string, options: { wait: boolean; timeout: string; interval: string }, self: Command) => {
      if (!PROJECTION_NAME.test(name))
        throw new UsageError(`<name>: "${name.slice(0, 40)}" is not a projection name (see projections list)`);
      const timeout = Number(options.timeout);
      const interval = Number(options.interval);
      if (!Number.isInteger(timeout) || timeout < 1) throw new UsageError('--timeout: whole seconds, at least 1');
      if (!Number.isInteger(interval) || interval < 50 || interval > 60_000) throw new UsageError('--interval: milliseconds, 50–60000');
      const api = new Api(connectionOf(self), 'pekka');
      const find = async () => (await api.json<ProjectionStatus[]>('GET', '/projections')).find((p) => p.name === name);
      const before = await find();
      if (!before) {
        const names = (await api.json<ProjectionStatus[]>('GET', '/projections')).map((p) => p.name);
        throw new UsageError(`no projection named ${name}; there are ${names.join(', ')}`);
      }
      const startedAt = Date.now();
      await api.request('POST', `/projections/${encodeURIComponent(name)}/rebuild`);
      process.stderr.write(`rebuild of ${name} (${before.service}) started\n`);
      if (!options.wait) return;

      const bar = new ProgressReporter(name, 'events');
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, interval));
        const now = await find();
        if (!now) throw new CommandFailed(`projection ${name} is no longer listed`);
        const finished = now.lastRebuild && now.lastRebuild.finishedAt !== before.lastRebuild?.finishedAt ? now.lastRebuild : undefined;
        if (finished && now.state === 'live') {
          bar.end();
          const took = Date.parse(finished.finishedAt) - Date.parse(finished.startedAt);
          process.stdout.write(
            `rebuilt ${name}: ${finished.events} events in ${seconds(took)} (${Math.round(finished.eventsPerSecond)} events/s)\n`,
          );
          return;
        }
        if (now.state === 'live' && !finished)
          throw new CommandFailed(
            `the rebuild of ${name} ended without swapping in: see the ${before.service} service's log ("rebuilding ${name} failed")`,
          );
        const progress = now.progress;
        if (progress)
          bar.update({
            done: progress.eventsApplied,
            total: progress.total,
            perSecond: progress.eventsPerSecond,
            secondsLeft: progress.secondsLeft,
          });
        if (Date.now() - startedAt > timeout * 1000) {
          bar.end();
          throw new CommandFailed(`still rebuilding after ${timeout} s; the rebuild goes on (projections list shows it)`);
        }
      }
    });
  return projections;
}
