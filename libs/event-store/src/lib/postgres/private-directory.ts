import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { codeOf } from '@perheverkko/decider';

/**
 * Makes `dir` readable by this process's user alone: created 0700 when missing, then it and every directory below it
 * 0700 and every file 0600 (symbolic links are left alone). Returns how many entries it changed. Entries that vanish
 * while it walks (a database removing a file) are skipped.
 */
export function makeDirectoryPrivate(dir: string): number {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return tighten(dir);
}

function tighten(path: string): number {
  try {
    const stat = lstatSync(path);
    if (!stat.isDirectory() && !stat.isFile()) return 0;
    const wanted = stat.isDirectory() ? 0o700 : 0o600;
    let changed = 0;
    if ((stat.mode & 0o777) !== wanted) {
      chmodSync(path, wanted);
      changed++;
    }
    if (stat.isDirectory()) for (const entry of readdirSync(path)) changed += tighten(join(path, entry));
    return changed;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return 0;
    throw error;
  }
}
