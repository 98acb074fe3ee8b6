// What the two "build when the sources are newer" steps share (the web console, tools/console/ensure-built.mjs, and the
// services' compiled JavaScript, tools/build/ensure-compiled.mjs): how new the sources are, one build at a time under a
// lock file, and a finished build put in place whole, so a reader never sees a half-written folder.
import { closeSync, existsSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Written into each build: the newest source time it was built from. */
const STAMP = '.built-from';
/** A lock older than this is a build that died; it is taken over. */
const STALE_LOCK_MS = 10 * 60_000;

/**
 * The newest modification time under `dir` (node_modules left out), folders counted too: a deleted or renamed file
 * changes its folder's time. `include(path, isDirectory)` may leave paths out.
 */
export function newestMtime(dir, include = () => true) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (!include(path, entry.isDirectory())) continue;
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path, include) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether `target` holds a build (its `marker` file present) made from sources no newer than `newest`. */
export function upToDate(target, marker, newest) {
  try {
    return existsSync(join(target, marker)) && Number(readFileSync(join(target, STAMP), 'utf8')) >= newest;
  } catch {
    return false;
  }
}

/** Records in a finished build (still in its own folder) the newest source time it was made from. */
export function stamp(built, newest) {
  writeFileSync(join(built, STAMP), String(newest));
}

/** Takes `lockFile`, waiting while another live process holds it; false if it could not be had in time. */
export async function lock(lockFile) {
  const deadline = Date.now() + STALE_LOCK_MS;
  while (Date.now() < deadline) {
    try {
      closeSync(openSync(lockFile, 'wx'));
      writeFileSync(lockFile, String(process.pid));
      return true;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let stale = false;
      try {
        stale = Date.now() - statSync(lockFile).mtimeMs > STALE_LOCK_MS || !alive(Number(readFileSync(lockFile, 'utf8')));
      } catch {
        continue; // released between the two looks
      }
      if (stale) rmSync(lockFile, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return false;
}

function alive(pid) {
  if (!pid) return true; // just created, pid not written yet
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Puts a finished build (`built`, a folder next to `target`) in place of `target`: the old one is moved aside first, then removed. */
export function install(built, target) {
  const old = `${target}.old-${process.pid}-${Date.now()}`;
  try {
    renameSync(target, old);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  try {
    renameSync(built, target);
  } catch (error) {
    // Another process put its build there between the two renames: its build is as new as ours ("rename wins").
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    rmSync(built, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
}
