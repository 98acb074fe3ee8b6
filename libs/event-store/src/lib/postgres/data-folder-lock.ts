import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeOf } from '@perheverkko/decider';

/** The file that names the process holding an embedded database folder. */
export const LOCK_FILE = 'perheverkko.pid';

/** The embedded database folder is open in another process: two PGlite backends on one folder lose each other's writes. */
export class EmbeddedDatabaseInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database in ${dataDir} is open in process ${pid} (npm start, or another command): stop it first. ` +
        `If no such process runs, remove ${join(dataDir, LOCK_FILE)}`,
    );
  }
}

/**
 * Takes the folder for this process, or throws EmbeddedDatabaseInUse while another live process holds it. A lock
 * left by a process that is gone (killed, crashed) is taken over. Returns the release. PGlite itself takes no lock:
 * a second process (an operator's `keys rotate` beside a running server) would open the same files and one of the
 * two would overwrite the other's changes.
 */
export function lockDataFolder(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE);
  for (;;) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => {
        if (holderOf(file) === process.pid) rmSync(file, { force: true });
      };
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw error;
      const holder = holderOf(file);
      if (holder !== undefined && holder !== process.pid && isAlive(holder)) throw new EmbeddedDatabaseInUse(dataDir, holder);
      // Gone, unreadable or this process's own (a start after an unclean stop in the same process): taken over.
      rmSync(file, { force: true });
    }
  }
}

function holderOf(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return codeOf(error) === 'EPERM';
  }
}
