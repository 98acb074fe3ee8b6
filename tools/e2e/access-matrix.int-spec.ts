import {
  CASE_DATA_CATEGORIES,
  CASE_ROLE_RIGHTS,
  SHAREABLE_CATEGORIES,
  ANY_PART,
  WHOLE_CASE,
  type CaseAction,
  type CaseDataCategory,
  type CaseRole,
  type DeclaredCategory,
} from '@perheverkko/access-model';
import {
  EXPECTED_ACCESS,
  PERSONAS,
  describeObservations,
  runAccessMatrix,
  saveReport,
  type MatrixReport,
  type OpenApiDocument,
  type Persona,
} from './access-matrix';
import { startServiceChain } from './standalone-chain';

/** The access matrix on the embedded default: all five services in one process, as `npm start` runs them. */
describe('access matrix: every case operation of /openapi.json × every persona (embedded default)', () => {
  const saved = { ...process.env };
  let chain: Awaited<ReturnType<typeof startServiceChain>>;
  let report: MatrixReport;

  beforeAll(async () => {
    chain = await startServiceChain(
      { KAFKA_BROKERS: undefined, DATABASE_URL: undefined, MASTER_KEYS: undefined, RATE_LIMIT_PER_MINUTE: '1000000' },
      { withReporting: true },
    );
    report = await runAccessMatrix({
      api: chain.call,
      openapi: async () => [(await (await fetch(`${chain.base}/openapi.json`)).json()) as OpenApiDocument],
    });
    saveReport(report, 'embedded');
  }, 120_000);

  afterAll(async () => {
    await chain?.close();
    process.env = { ...saved };
  });

  it('should find a declaration on every operation that carries a case id, and a real id for every path parameter', () => {
    expect(report.undeclared).toEqual([]);
    expect(report.unknownParameters).toEqual([]);
    // Every category and action an endpoint declares is a row of the table.
    for (const { category } of report.operations) expect(EXPECTED_ACCESS.convener[category]).toBeDefined();
    expect(new Set(report.operations.map((o) => o.action))).toEqual(new Set(['read', 'act', 'reply']));
    // Each service's case endpoints are there (a lost controller would quietly shrink the matrix).
    const prefixes = [
      '/concerns/{caseId}',
      '/convenings/{caseId}',
      '/cases/{caseId}/meetings/{meetingId}',
      '/cases/{caseId}/plan-tracking',
      '/audit/cases/{caseId}',
      '/cases/{caseId}/processing-history',
    ];
    for (const prefix of prefixes) expect(report.operations.some((o) => o.path.startsWith(prefix))).toBe(true);
  });

  it('should answer every operation for every persona as the table says', () => {
    const personas = Object.keys(PERSONAS).length;
    expect(report.observations).toHaveLength(report.operations.length * personas);
    if (report.mismatches.length > 0)
      throw new Error(
        `${report.mismatches.length} of ${report.observations.length} calls differ from the table:\n${describeObservations(report.mismatches)}`,
      );
  });

  it("should refuse the invitee everything with 'consent-withdrawn' at once after the family withdraws the consent", () => {
    const after = report.observations.filter((o) => o.persona === 'invitee-after-withdrawal');
    expect(after).toHaveLength(report.operations.length);
    expect(after.filter((o) => !o.ok)).toEqual([]);
    expect(Object.values(report.withdrawalPropagationMs).every((ms) => ms !== null)).toBe(true);
  });

  it('should keep the hand-written table equal to the model (CASE_ROLE_RIGHTS)', () => {
    const rows: Array<[Persona, CaseRole, CaseDataCategory[]]> = [
      ['convener', 'convener', []],
      ['invitee', 'invited-participant', ['concern']],
      ['organiser-coordinator', 'organiser-coordinator', []],
      ['auditor', 'auditor', []],
    ];
    const categories: DeclaredCategory[] = [...CASE_DATA_CATEGORIES, WHOLE_CASE, ANY_PART];
    for (const [persona, role, shares] of rows) {
      const rights = CASE_ROLE_RIGHTS[role];
      const reads = (c: CaseDataCategory) => rights.read.includes(c) || (rights.readsConsentShares && shares.includes(c));
      const permitted = (category: DeclaredCategory, action: CaseAction): boolean => {
        // The whole case at once is the auditors' view only.
        if (category === WHOLE_CASE)
          return role === 'auditor' && action === 'read' && SHAREABLE_CATEGORIES.every((c) => permitted(c, action));
        // The overview: whoever reads some part of the case.
        if (category === ANY_PART) return action === 'read' && CASE_DATA_CATEGORIES.some((c) => permitted(c, action));
        if (action === 'reply') return rights.reply && category === 'consents';
        return action === 'act' ? rights.act.includes(category) : reads(category);
      };
      const fromModel = categories.map((c) => [c, (['read', 'act', 'reply'] as const).map((a) => permitted(c, a))]);
      const fromTable = categories.map((c) => [c, EXPECTED_ACCESS[persona][c].map((outcome) => outcome === 'allowed')]);
      expect([persona, fromTable]).toEqual([persona, fromModel]);
    }
  });
});
