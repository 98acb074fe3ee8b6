// Compiles the services, the embedded default and the operators' command line from TypeScript to JavaScript in
// dist/node (the same folder layout: dist/node/apps/intake/src/main.js), when that is missing or older than its
// sources, so processes start without compiling anything (SWC, as the tests compile: decorator metadata for Nest's
// dependency injection, the tsconfig's @perheverkko/* paths rewritten to relative requires). Safe when several
// processes run it at once: one compiles under a lock while the others wait (tools/build/built-folder.mjs).
//
//   node tools/build/ensure-compiled.mjs            compile if needed
//   node tools/build/ensure-compiled.mjs --force    compile even if up to date
import { transformFile } from '@swc/core';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { install, lock, newestMtime, stamp, upToDate } from './built-folder.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
const target = join(dist, 'node');
const lockFile = join(dist, '.node-build.lock');
const force = process.argv.includes('--force');

/** What runs in a process: every app but the browser's console, the libraries, and the CLI with the tools it starts. */
const SOURCE_FOLDERS = ['apps', 'libs', 'tools/cli', 'tools/audit', 'tools/keys'];
/** Files whose change changes the output without being in those folders. */
const BUILD_FILES = ['tsconfig.base.json', 'package.json', 'tools/build/ensure-compiled.mjs', 'tools/build/built-folder.mjs'];

const isTest = (name) => /\.(spec|int-spec|e2e-spec)\.ts$/.test(name);
const isSource = (path, isDirectory) =>
  isDirectory ? relative(root, path) !== join('apps', 'console') : (path.endsWith('.ts') && !isTest(path)) || path.endsWith('.json');

const say = (message) => console.log(`[compile] ${message}`);

function newestSource() {
  return Math.max(
    ...SOURCE_FOLDERS.map((folder) => newestMtime(join(root, folder), isSource)),
    ...BUILD_FILES.map((f) => statSync(join(root, f)).mtimeMs),
  );
}

/** Every file under `dir` that goes into the build, relative to the workspace. */
function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.name === 'node_modules' || !isSource(path, entry.isDirectory())) return [];
    return entry.isDirectory() ? sourceFiles(path) : [relative(root, path)];
  });
}

/** The SWC options @swc-node/register derives from tsconfig.json today (ES2022 class fields, class names kept). */
function swcOptions() {
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: root,
      paths: compilerOptions.paths,
    },
    module: { type: 'commonjs' },
    sourceMaps: true,
    swcrc: false,
    configFile: false,
  };
}

async function compileInto(out) {
  const options = swcOptions();
  const files = SOURCE_FOLDERS.flatMap((folder) => sourceFiles(join(root, folder)));
  await Promise.all(
    files.map(async (file) => {
      const destination = join(out, file);
      mkdirSync(dirname(destination), { recursive: true });
      if (file.endsWith('.json')) return copyFileSync(join(root, file), destination);
      const js = destination.replace(/\.ts$/, '.js');
      const { code, map } = await transformFile(join(root, file), {
        ...options,
        filename: join(root, file),
        sourceFileName: relative(dirname(js), join(root, file)),
      });
      writeFileSync(js, `${code}\n//# sourceMappingURL=${js.split('/').pop()}.map\n`);
      if (map) writeFileSync(`${js}.map`, map);
    }),
  );
  // The command line reads its version from the workspace's package.json, two folders up from tools/cli.
  copyFileSync(join(root, 'package.json'), join(out, 'package.json'));
  return files.length;
}

async function main() {
  const newest = newestSource();
  if (!force && upToDate(target, 'apps/standalone/src/main.js', newest)) return 0;
  mkdirSync(dist, { recursive: true });
  if (!(await lock(lockFile))) {
    say(`could not take ${relative(root, lockFile)}; not compiling`);
    return 1;
  }
  try {
    // Someone else may have compiled while this process waited for the lock.
    if (!force && upToDate(target, 'apps/standalone/src/main.js', newest)) return 0;
    const started = Date.now();
    const built = mkdtempSync(join(dist, '.node-build-'));
    try {
      const count = await compileInto(built);
      stamp(built, newest);
      install(built, target);
      say(`compiled ${count} files into ${relative(root, target)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      rmSync(built, { recursive: true, force: true });
    }
    return 0;
  } catch (error) {
    say(`compiling failed: ${error.message ?? error}`);
    return 1;
  } finally {
    rmSync(lockFile, { force: true });
  }
}

process.exitCode = await main();
