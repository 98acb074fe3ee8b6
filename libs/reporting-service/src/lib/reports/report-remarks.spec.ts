import { NO_FACTS, type Caller, type CaseAccessFacts } from '@perheverkko/access-model';
import type { StoredReportRecord } from './annual-report.queries';
import { recordsWithRemarks, remarksCell, type RemarksAccess } from './report-remarks';

const SEALED = { $sealed: 1, iv: 'AAAA', ct: 'AAAA' };
const record = (caseId: string, sealedRemarks: Record<string, unknown> | null, recordId = `r-${caseId}`): StoredReportRecord => ({
  recordId,
  caseId,
  meetingId: `m-${recordId}`,
  recordedAt: '2026-03-01T10:00:00.000Z',
  organizer: 'Kangasala child health clinic',
  municipality: 'Kangasala',
  region: 'Pirkanmaa',
  kind: 'first',
  participatingSectors: ['school'],
  referred: false,
  referredTo: null,
  referredToAssessmentOrSocialWork: false,
  familyGotHelp: 'yes',
  sealedRemarks,
});
const kaisa: Caller = {
  id: 'demo-kaisa',
  roles: ['coordinator'],
  organisation: 'Family centre',
  coordinates: ['Family centre', 'Kangasala child health clinic'],
};
const elsewhere: Caller = { id: 'demo-other', roles: ['coordinator'], organisation: 'Kuopio family centre' };
const organisedBy = (organiser: string): CaseAccessFacts => ({ ...NO_FACTS, conveners: ['demo-terhi'], organiser });

function access(facts: Record<string, CaseAccessFacts>, erased: string[] = []) {
  const logged: string[] = [];
  const opened: string[] = [];
  const port: RemarksAccess = {
    factsOf: async (caseId) => facts[caseId] ?? NO_FACTS,
    open: async (caseId) => {
      if (!logged.includes(caseId)) throw new Error(`opened ${caseId} before its read was logged`);
      opened.push(caseId);
      return erased.includes(caseId) ? { erased: true } : `remarks of ${caseId}`;
    },
    logRead: async (caseId) => {
      logged.push(caseId);
    },
  };
  return { port, logged, opened };
}

describe("the records' other remarks", () => {
  const facts = {
    a: organisedBy('Kangasala child health clinic'),
    b: organisedBy('Kangasala child health clinic'),
    c: organisedBy('Kuopio family centre'),
  };
  const records = [record('a', SEALED), record('a', SEALED, 'r-a2'), record('b', SEALED), record('c', SEALED), record('d', null)];

  it("should open them for the coordinator of the case's organiser, logging each case's read first (once), and drop the case ids", async () => {
    const { port, logged, opened } = access(facts, ['b']);
    const shown = await recordsWithRemarks(records, kaisa, port);
    expect(shown.map((r) => r.remarks)).toEqual(['remarks of a', 'remarks of a', { erased: true }, { withheld: 'remarks' }, null]);
    expect(logged).toEqual(['a', 'b']);
    expect(opened).toEqual(['a', 'a', 'b']);
    for (const row of shown) expect(Object.keys(row)).not.toEqual(expect.arrayContaining(['caseId', 'sealedRemarks']));
    expect(shown[0]).toMatchObject({ recordId: 'r-a', meetingId: 'm-r-a' });
  });

  it('should withhold them from a coordinator of another organisation, opening and logging nothing', async () => {
    const { port, logged, opened } = access(facts);
    const shown = await recordsWithRemarks(records, elsewhere, port);
    expect(shown.map((r) => r.remarks)).toEqual([
      { withheld: 'remarks' },
      { withheld: 'remarks' },
      { withheld: 'remarks' },
      'remarks of c',
      null,
    ]);
    expect([logged, opened]).toEqual([['c'], ['c']]);
  });

  it('should write them into a CSV cell as text, or a marker', () => {
    expect(['x', null, { erased: true as const }, { withheld: 'remarks' as const }].map(remarksCell)).toEqual([
      'x',
      '',
      '[erased]',
      '[withheld]',
    ]);
  });
});
