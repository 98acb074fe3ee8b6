// Builds the web console (apps/console) into dist/console when it is missing or older than its sources, so that
// `npm start` serves the console it has. Safe when several processes run it at once (jest workers, two terminals):
// one builds under a lock while the others wait, each build goes to a folder of its own and is renamed into
// place whole, so dist/console is never half written.
//
//   node tools/console/ensure-built.mjs            build if needed; a failed build warns, `npm start` goes on
//   node tools/console/ensure-built.mjs --force    build even if up to date, and fail if the build fails
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { install, lock, newestMtime, stamp, upToDate as builtFrom } from '../build/built-folder.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sources = join(root, 'apps', 'console');
const dist = join(root, 'dist');
const target = join(dist, 'console');
const lockFile = join(dist, '.console-build.lock');
const force = process.argv.includes('--force');

const say = (message) => console.log(`[console] ${message}`);
const upToDate = (newest) => builtFrom(target, 'index.html', newest);

async function main() {
  if (!existsSync(join(sources, 'vite.config.ts'))) {
    say('no console sources (apps/console/vite.config.ts); nothing to build');
    return 0;
  }
  // This script is a source too: a change in how the console is built (its mode) builds it again.
  const newest = Math.max(newestMtime(sources), statSync(fileURLToPath(import.meta.url)).mtimeMs);
  if (!force && upToDate(newest)) return 0;
  mkdirSync(dist, { recursive: true });
  if (!(await lock(lockFile))) {
    say(`could not take ${relative(root, lockFile)}; not building`);
    return force ? 1 : 0;
  }
  try {
    // Someone else may have built it while this process waited for the lock.
    if (!force && upToDate(newest)) return 0;
    say(`building the web console into ${relative(root, target)} …`);
    const built = mkdtempSync(join(dist, '.console-build-'));
    try {
      const vite = spawnSync(
        'npx',
        ['vite', 'build', '--config', 'apps/console/vite.config.ts', '--outDir', built, '--emptyOutDir', '--logLevel', 'warn'],
        // Always the production build: run from jest (NODE_ENV=test) or a shell with NODE_ENV=development, Vite would
        // otherwise bundle React's development build (several times slower, its checks and warnings included), and
        // `npm start` would serve that build afterwards, since it is up to date.
        { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
      );
      if (vite.status !== 0 || !existsSync(join(built, 'index.html'))) {
        say(
          `the build failed (vite exited ${vite.status ?? vite.signal}); ${force ? '' : 'starting without a fresh console; '}see the output above`,
        );
        return force ? 1 : 0;
      }
      stamp(built, newest);
      // mkdtemp makes the folder private; a web server's own user (nginx in docker-compose) must read it.
      chmodSync(built, 0o755);
      install(built, target);
    } finally {
      rmSync(built, { recursive: true, force: true });
    }
    say(`built ${relative(root, target)}`);
    return 0;
  } finally {
    rmSync(lockFile, { force: true });
  }
}

process.exitCode = await main();
