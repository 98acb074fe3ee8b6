// What a test run leaves behind: schemas in the test database that are not the services' own, and perheverkko-*
// folders in the temp folder. CI snapshots both before the tests and checks after them.
//
//   node tools/ci/leftovers.mjs snapshot <file>        records what is there now (name and identity of each)
//   node tools/ci/leftovers.mjs check <file> <out>     lists what the run left; writes <out> for the summary
//
// A schema or folder that is there after the run and was not there before (or was dropped and made again: its oid
// or inode changed) was left by this run: a failure, which summarize-jest.mjs counts. One that was already there
// before is only warned about: an earlier run left it, and failing every later run for it would hide new leaks.
// The test database is TEST_DATABASE_URL; the temp folder is os.tmpdir() (CI gives the tests one of their own, so
// whatever is in it came from the run).
import { readdirSync, statSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * The schemas the services make and keep (the services' own stores and consumers, their projections with the
 * shadow and retired copies a rebuild makes), PostgreSQL's own, and the extension schemas.
 */
const SERVICE_SCHEMAS = new Set([
  'public',
  'intake',
  'convening',
  'meeting',
  'plan_followup',
  'reporting',
  'reporting_search',
  'audit',
  'personal_data',
]);
const PROJECTION_SCHEMAS = ['intake_overview', 'plan_followup_worklist', 'reporting_annual', 'reporting_records', 'reporting_case_view'];
for (const schema of PROJECTION_SCHEMAS) for (const suffix of ['', '_next', '_retired']) SERVICE_SCHEMAS.add(`${schema}${suffix}`);
const isOwn = (schema) => SERVICE_SCHEMAS.has(schema) || schema === 'information_schema' || schema.startsWith('pg_');

const FOLDER_PREFIX = 'perheverkko-';

async function schemas() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return {};
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('select nspname as name, oid::text as id from pg_namespace order by nspname');
    return Object.fromEntries(rows.filter((r) => !isOwn(r.name)).map((r) => [r.name, r.id]));
  } finally {
    await client.end();
  }
}

function folders() {
  const dir = tmpdir();
  const found = {};
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(FOLDER_PREFIX)) continue;
    try {
      found[join(dir, name)] = String(statSync(join(dir, name)).ino);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

async function now() {
  return { schemas: await schemas(), folders: folders() };
}

/** Entries there now: those new in the run (absent before, or another identity), and those already there. */
function compare(before, after) {
  const fresh = [];
  const old = [];
  for (const [name, id] of Object.entries(after)) (before[name] === id ? old : fresh).push(name);
  return { fresh, old };
}

const [mode, file, out] = process.argv.slice(2);
if (mode === 'snapshot') {
  writeFileSync(file, JSON.stringify(await now()));
} else if (mode === 'check') {
  let before = { schemas: {}, folders: {} };
  try {
    before = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    console.log(`leftovers: no snapshot at ${file}; everything found counts as left by this run`);
  }
  const after = await now();
  const schemasLeft = compare(before.schemas, after.schemas);
  const foldersLeft = compare(before.folders, after.folders);
  const left = [...schemasLeft.fresh.map((s) => `schema ${s}`), ...foldersLeft.fresh.map((f) => `folder ${f}`)];
  const earlier = [...schemasLeft.old.map((s) => `schema ${s}`), ...foldersLeft.old.map((f) => `folder ${f}`)];
  if (left.length > 0) {
    console.log(`!!! The tests left ${left.length} things behind (every suite must drop its schemas and remove its folders in afterAll):`);
    for (const line of left) console.log(`!!!   ${line}`);
  } else {
    console.log('leftovers: the tests left no schema in the test database and no perheverkko-* folder in the temp folder');
  }
  if (earlier.length > 0) {
    console.log(`leftovers: ${earlier.length} left by an earlier run (not counted; drop or remove them by hand):`);
    for (const line of earlier) console.log(`  ${line}`);
  }
  if (out) writeFileSync(out, JSON.stringify({ left, earlier }));
} else {
  console.error('usage: leftovers.mjs snapshot <file> | check <file> [<out>]');
  process.exit(2);
}
