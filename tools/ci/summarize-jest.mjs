// Reads jest's --json report and enforces the CI rule: every suite runs here except EventStoreDB's, which
// needs a server this machine cannot have. Prints the closing line "N passed, N failed".
// With --leftovers=<file> (written by leftovers.mjs check), what the run left behind counts as one more failure.
import { existsSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const leftoversPath = args.find((arg) => arg.startsWith('--leftovers='))?.slice('--leftovers='.length);
const [reportPath, ...allowedSkips] = args.filter((arg) => !arg.startsWith('--leftovers='));
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const allowed = (file) => allowedSkips.some((pattern) => file.includes(pattern));

const skippedElsewhere = [];
for (const suite of report.testResults) {
  const skipped = suite.assertionResults.filter((t) => t.status === 'pending' || t.status === 'skipped' || t.status === 'todo');
  if (skipped.length > 0 && !allowed(suite.name)) skippedElsewhere.push(`${suite.name} (${skipped.length} skipped)`);
}
const suitesFailedToRun = report.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0);

// Schemas and folders the tests left: one failure for all of them (the list is printed above, by leftovers.mjs).
const leftovers = leftoversPath && existsSync(leftoversPath) ? JSON.parse(readFileSync(leftoversPath, 'utf8')).left : [];

const passed = report.numPassedTests;
const failed = report.numFailedTests + suitesFailedToRun.length + (leftovers.length > 0 ? 1 : 0);
const skipped = report.numPendingTests + report.numTodoTests;

if (skippedElsewhere.length > 0) {
  console.log('CI failure: these suites were skipped but must run in CI:');
  for (const line of skippedElsewhere) console.log(`  ${line}`);
}
for (const suite of suitesFailedToRun) console.log(`CI failure: suite could not run: ${suite.name}\n${suite.message}`);
if (report.numTotalTests === 0) console.log('CI failure: no test ran');
if (leftovers.length > 0) console.log(`CI failure: the tests left ${leftovers.length} schemas or folders behind: ${leftovers.join(', ')}`);

const ok = failed === 0 && skippedElsewhere.length === 0 && report.numTotalTests > 0 && report.success;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);
