import { Command, CommanderError, Option } from 'commander';
import { auditCommand } from './commands/audit';
import { deadLettersCommand } from './commands/dead-letters';
import { keysCommand } from './commands/keys';
import { projectionsCommand } from './commands/projections';
import { reportCommand } from './commands/report';

const { version } = require('../../package.json') as { version: string };

const SIGN_IN = `
Signing in (the first that applies):
  --token / PERHEVERKKO_TOKEN               a bearer token a script already holds
  PERHEVERKKO_CLIENT_ID + PERHEVERKKO_CLIENT_SECRET (or --client-id/--client-secret)
                                            OIDC client credentials at the token endpoint of the issuer's discovery
                                            document (--issuer, OIDC_ISSUER, else the API's own demo issuer)
  --user <demo user>                        DEMO ONLY: the demo issuer's password shortcut (README's demo users)
  nothing, against a demo issuer            DEMO ONLY: the command's usual demo user, announced on stderr
Exit codes: 0 done, 1 refused or failed, 2 wrong usage (audit verify: 1 broken, 2 could not vouch).`;

/** The `perheverkko` command tree. Usage errors exit 2 with the usage on stderr; --help and --version exit 0. */
export function buildProgram(): Command {
  const program = new Command('perheverkko')
    .description('Perheverkko from a terminal or a pod: reports, audits, keys, projections, dead letters')
    .version(version, '-V, --version')
    .exitOverride()
    .showHelpAfterError()
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .addOption(
      new Option('--url <url>', 'the API (a service, or the embedded default)')
        .env('PERHEVERKKO_URL')
        .default(`http://localhost:${process.env.PORT || 3000}`),
    )
    .addOption(new Option('--token <token>', 'bearer token').env('PERHEVERKKO_TOKEN'))
    .addOption(new Option('--client-id <id>', 'OIDC client id (client credentials)').env('PERHEVERKKO_CLIENT_ID'))
    .addOption(
      new Option('--client-secret <secret>', 'its secret (prefer the variable: arguments show in ps)').env('PERHEVERKKO_CLIENT_SECRET'),
    )
    .addOption(new Option('--issuer <url>', 'OIDC issuer (default: OIDC_ISSUER, else the API itself)').env('OIDC_ISSUER'))
    .addOption(new Option('--scope <scope>', 'scope to ask for with client credentials').env('PERHEVERKKO_SCOPE'))
    .addOption(new Option('--user <demoUser>', 'DEMO ONLY: sign in as a demo user through the demo issuer'))
    .addHelpText('after', SIGN_IN);
  for (const command of [reportCommand(), auditCommand(), keysCommand(), projectionsCommand(), deadLettersCommand()])
    program.addCommand(command);
  // Settings the root was given apply to the subcommands added to it afterwards only: copy them down the tree.
  const inherit = (parent: Command) => {
    for (const child of parent.commands) {
      child.copyInheritedSettings(parent);
      inherit(child);
    }
  };
  inherit(program);
  return program;
}

/** commander's own exits: help and version are 0, every usage mistake 2. */
export function exitCodeOf(error: CommanderError): number {
  return ['commander.helpDisplayed', 'commander.version'].includes(error.code) ? 0 : 2;
}
