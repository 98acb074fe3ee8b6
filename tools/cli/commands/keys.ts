import { Command } from 'commander';
import { runTool } from '../run-tool';

export function keysCommand(): Command {
  const keys = new Command('keys').description("the master keys wrapping each case's personal-data key");
  keys
    .command('rotate')
    .description('rewrap every case key under the active master key (as `npm run keys:rotate`)')
    .addHelpText(
      'after',
      `
Reads MASTER_KEYS (the old and the new key) and MASTER_KEY_ID (the new one); DATABASE_URL, or the embedded
database in DATA_DIR (default ./data) while the system is stopped (refused while a process holds it: two
processes on one embedded database lose each other's writes). Afterwards the old key can be removed.`,
    )
    .action(() => {
      process.exitCode = runTool('tools/keys/rotate-case-keys.ts');
    });
  return keys;
}
