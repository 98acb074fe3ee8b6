import { Command, Option } from 'commander';
import { Api, print } from '../api';
import { connectionOf } from '../program-options';
import { UsageError } from '../usage-error';
import { runTool } from '../run-tool';

const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

interface ChainVerification {
  ok: boolean;
  checked: number;
  brokenAt?: number;
  keyedFrom: number;
  findings: Array<{ kind: string; detail: string }>;
  anchors: { file?: string; valid: number; lastSeq?: number };
}

/** The verification as `npm run audit:verify` words it, and its exit code: 0 intact, 1 broken, 2 could not vouch. */
function report(result: ChainVerification): number {
  const { anchors } = result;
  const unanchored =
    result.ok && anchors.lastSeq !== undefined && result.checked > anchors.lastSeq
      ? `; entries ${anchors.lastSeq + 1}–${result.checked} not anchored yet`
      : '';
  const anchored = anchors.valid > 0 ? `${anchors.valid} anchors, the last at entry ${anchors.lastSeq}${unanchored}` : 'no anchors yet';
  const context = `keyed chain from entry ${result.keyedFrom}; ${anchored} in ${anchors.file ?? '(no anchor file)'}`;
  const broken = result.findings.filter((finding) => finding.kind !== 'no-anchor');
  if (result.ok) {
    process.stdout.write(`access log intact: ${result.checked} entries checked (${context})\n`);
    return 0;
  }
  if (broken.length === 0) {
    process.stderr.write(
      `cannot vouch for the access log: its ${result.checked} entries link up, but no valid anchor covers them (${context})\n`,
    );
    for (const finding of result.findings) process.stderr.write(`  ${finding.kind}: ${finding.detail}\n`);
    return 2;
  }
  process.stdout.write(
    `access log BROKEN at entry ${result.brokenAt ?? '–'} (${result.checked} entries before it are intact; ${context})\n`,
  );
  for (const finding of result.findings) process.stdout.write(`  ${finding.kind}: ${finding.detail}\n`);
  return 1;
}

export function auditCommand(): Command {
  const audit = new Command('audit').description("an auditor's reads: a case's whole history, the access log's chain");

  audit
    .command('case')
    .description('every event of a case across the services, private ones too, in causal order (auditors; the read is logged)')
    .argument('<caseId>', 'the case id')
    .requiredOption('--purpose <why>', 'why the history is read (sent as X-Purpose and logged)')
    .option('--as-of <time>', 'the state as of this moment (ISO 8601 with an offset, 2026-03-01T12:00:00Z)')
    .addOption(new Option('--format <format>', 'text (English, Finnish time) or json').choices(['text', 'json']).default('text'))
    .action(async (caseId: string, options: { purpose: string; asOf?: string; format: string }, self: Command) => {
      if (!CASE_ID.test(caseId)) throw new UsageError(`caseId: "${caseId.slice(0, 40)}" is not a case id (letters, digits, '-', '_')`);
      const purpose = options.purpose.trim();
      if (purpose.length < 3 || purpose.length > 500) throw new UsageError('--purpose: say why the history is read (3–500 characters)');
      // An HTTP header carries Latin-1 (ä, ö, å are in it), without control characters.
      if (/[^\x20-\x7e\xa0-\xff]/.test(purpose))
        throw new UsageError('--purpose: letters, digits and punctuation of Latin-1 only (no line breaks)');
      if (options.asOf !== undefined && Number.isNaN(Date.parse(options.asOf)))
        throw new UsageError(`--as-of: "${options.asOf}" is not a moment (ISO 8601, e.g. 2026-03-01T12:00:00Z)`);
      const query = new URLSearchParams({ format: options.format, ...(options.asOf ? { asOf: options.asOf } : {}) });
      const api = new Api(connectionOf(self), 'aino');
      print(await api.request('GET', `/audit/cases/${encodeURIComponent(caseId)}/history?${query}`, { 'x-purpose': purpose }));
    });

  audit
    .command('verify')
    .description("verify the access log's HMAC chain against its anchors: exit 0 intact, 1 broken (each finding named), 2 could not vouch")
    .option(
      '--local',
      'check the database directly, as `npm run audit:verify` (DATABASE_URL or the embedded DATA_DIR while stopped; ACCESS_LOG_KEYS, ACCESS_LOG_ANCHOR_FILE)',
    )
    .addOption(new Option('--format <format>', "text or json (the API's answer)").choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      "\nWithout --local: POST /audit/access-log/verify as an auditor or administrator (the serving process's anchor file).",
    )
    .action(async (options: { local?: boolean; format: string }, self: Command) => {
      if (options.local) {
        if (options.format === 'json') throw new UsageError('--format json: only through the API (leave out --local)');
        process.exitCode = runTool('tools/audit/verify-access-log.ts');
        return;
      }
      const result = await new Api(connectionOf(self), 'aino').json<ChainVerification>('POST', '/audit/access-log/verify');
      if (options.format === 'json') {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        process.exitCode = result.ok ? 0 : result.findings.every((f) => f.kind === 'no-anchor') ? 2 : 1;
      } else process.exitCode = report(result);
    });
  return audit;
}
