import { Command, Option } from 'commander';
import { Api, print } from '../api';
import { connectionOf } from '../program-options';

const FILTERS = [
  ['from', 'DATE', 'start of the period, Finnish time (2026-01-01, 2026-01, 2026; analysts: whole months)'],
  ['to', 'DATE', 'end of the period (exclusive), read as --from is; default a year after --from'],
  ['organizer', 'NAME', "the organiser's name (reference data)"],
  ['municipality', 'NAME', 'a municipality of the reference data'],
  ['region', 'NAME', 'a region'],
  ['county', 'NAME', 'a wellbeing services county'],
] as const;

/** `report annual` and `report records`: GET /reports/{annual,records} with the API's own filters. */
export function reportCommand(): Command {
  const report = new Command('report').description('the annual report and the per-meeting records (GET /reports/…)');
  const kinds = [
    ['annual', 'the yearly compilation and effectiveness figures (analysts: small numbers suppressed; coordinators: exact)', 'antti'],
    ['records', 'one record per meeting (coordinators; "other remarks" opened for the case organiser\'s coordinators, logged)', 'kaisa'],
  ] as const;
  for (const [kind, description, demoUser] of kinds) {
    const command = report.command(kind).description(description);
    for (const [name, value, help] of FILTERS) command.option(`--${name} <${value}>`, help);
    command.addOption(new Option('--format <format>', 'json or csv').choices(['json', 'csv']).default('json'));
    if (kind === 'records')
      command.addOption(new Option('--lang <lang>', "the CSV's dates and times for readers of").choices(['fi', 'sv', 'en']));
    command.addHelpText('after', `\nAsks as demo user ${demoUser} only against a demo issuer when no credentials are given.`);
    command.action(async (options: Record<string, string | undefined>, self: Command) => {
      const query = new URLSearchParams();
      for (const name of [...FILTERS.map(([filter]) => filter), 'format', 'lang']) {
        const value = options[name];
        if (value !== undefined) query.set(name, value);
      }
      print(await new Api(connectionOf(self), demoUser).request('GET', `/reports/${kind}?${query}`));
    });
  }
  return report;
}
