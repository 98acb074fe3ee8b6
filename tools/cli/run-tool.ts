import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * Runs one of the workspace's maintenance tools (tools/audit, tools/keys) as its own process, in the caller's working
 * directory and environment (DATA_DIR, DATABASE_URL and the keys are read as the tool documents), and answers its exit code.
 * In a checkout the TypeScript source runs through @swc-node/register; the images carry only the compiled `.js` beside it.
 */
export function runTool(relativePath: string): number {
  const source = join(ROOT, relativePath);
  const args = existsSync(source)
    ? ['-r', require.resolve('@swc-node/register', { paths: [ROOT] }), source]
    : ['--enable-source-maps', source.replace(/\.ts$/, '.js')];
  const result = spawnSync(process.execPath, args, {
    stdio: 'inherit',
    env: { ...process.env, SWC_NODE_PROJECT: process.env.SWC_NODE_PROJECT ?? join(ROOT, 'tsconfig.json') },
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}
