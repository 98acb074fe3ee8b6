/**
 * `perheverkko`: the operators' and auditors' command line (tools/cli/perheverkko.js runs this file).
 * `perheverkko --help` lists the commands; each command and subcommand has its own --help.
 */
import 'reflect-metadata';
import { CommanderError } from 'commander';
import { buildProgram, exitCodeOf } from './program';
import { CommandFailed, UsageError } from './usage-error';

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = exitCodeOf(error);
      return;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`perheverkko: ${error.message}\n(perheverkko <command> --help shows the usage)\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`perheverkko: ${(error as Error).message}\n`);
    process.exitCode = error instanceof CommandFailed ? error.exitCode : 1;
  }
}

void main(process.argv);
