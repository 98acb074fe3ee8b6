import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** `npm run demo` as a newcomer runs it: it must start the embedded system, walk a family and print both results. */
describe('npm run demo', () => {
  it('should walk one family through the model and print its case history and the annual report', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'tools/demo/demo.ts'], {
      cwd: join(__dirname, '../..'),
      env: { PATH: process.env.PATH ?? '' },
      timeout: 240_000,
    });
    expect(stdout).toMatch(/Case [0-9a-f-]{36}: \d+ events across the services/);
    for (const type of [
      'ConcernRegistered',
      'ConsentGranted',
      'InvitationSent',
      'MeetingScheduled',
      'PlanAgreed',
      'MeetingReportRecorded',
      'OutcomeRecorded',
      'ReferralMade',
      'CaseClosed',
    ]) {
      expect(stdout).toContain(type);
    }
    expect(stdout).toMatch(/jointMeetings\s+counts\/first\s+1\n/);
    expect(stdout).toMatch(/jointMeetings\s+counts\/follow-up\s+1\n/);
    expect(stdout).toMatch(/municipalities\s+Pirkanmaa\/Kangasala\/adoptionStage\s+5\n/);
  }, 300_000);
});
