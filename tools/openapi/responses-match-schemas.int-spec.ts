import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { guardianOf, runSurname, scriptPopulation, walkToPhase } from '../e2e/case-view-population';
import { JOINT_MEETING_FACTS, ONE_ACTION_PLAN } from '../e2e/fixtures';
import { startServiceChain, type ServiceChain } from '../e2e/standalone-chain';
import { writtenPathOf } from './openapi-documents';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** How many of the embedded default's operations the walk reaches (raise it as the walk grows). */
const WALKED_AT_LEAST = 70;

interface MediaType {
  schema?: object;
}
interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, MediaType> }>;
}
interface Document {
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components: object;
}

/** One answer the walk got: which operation (by path template), its status, media type and body. */
interface Exchange {
  method: string;
  path: string;
  status: number;
  type: string;
  body: unknown;
}

/** The operation whose path template matches `path` (literal segments before parameters: /cases/search before /cases/{caseId}). */
function operationOf(document: Document, method: string, path: string): { template: string; operation: Operation } | undefined {
  const bare = path.split('?')[0];
  const templates = Object.keys(document.paths).sort((a, b) => a.split('{').length - b.split('{').length);
  for (const template of templates) {
    const pattern = new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    const operation = document.paths[template][method.toLowerCase() as (typeof METHODS)[number]];
    if (pattern.test(bare) && operation) return { template, operation };
  }
  return undefined;
}

/**
 * Real answers match the document (issue 22 item 1): a whole case walked on the embedded default (concern, route,
 * consent, invitation, meeting, plan, contact, outcome, closure) and every read of it, each answer's body validated
 * with ajv against the schema docs/api/standalone.openapi.json declares for its operation, status and media type.
 */
describe('answers of the embedded default match docs/api/standalone.openapi.json', () => {
  const saved = { ...process.env };
  const document = JSON.parse(readFileSync(writtenPathOf('standalone'), 'utf8')) as Document;
  const exchanges: Exchange[] = [];
  const laterReads: unknown[] = [];
  const erasedReads: unknown[] = [];
  let chain: ServiceChain;

  const call = async (method: string, path: string, body?: unknown, user = 'terhi', headers: Record<string, string> = {}) => {
    const answer = await chain.call(method, path, body, user, headers);
    const type = (answer.headers.get('content-type') ?? '').split(';')[0];
    exchanges.push({ method, path, status: answer.status, type, body: answer.body });
    return answer;
  };

  beforeAll(async () => {
    chain = await startServiceChain({ KAFKA_BROKERS: undefined, DATABASE_URL: undefined, MASTER_KEYS: undefined }, { withReporting: true });
    const family = scriptPopulation(runSurname()).find((f) => f.phase === 'closed')!;
    const { caseId } = await walkToPhase(call, family);
    const convening = await call('GET', `/convenings/${caseId}`);
    const meetingId = (convening.body.meetings as Array<{ meetingId: string }>)[0].meetingId;
    const meeting = `/cases/${caseId}/meetings/${meetingId}`;
    const reads: Array<[string, string?]> = [
      [`/concerns/${caseId}`],
      [`/concerns/${caseId}/history`],
      ['/concerns/re-raise-due'],
      [`/convenings/${caseId}`],
      [`/convenings/${caseId}/history`],
      ['/directory'],
      [meeting],
      [`${meeting}/history`],
      [`${meeting}/plan`],
      ['/wellbeing-star/configs'],
      [`/cases/${caseId}/plan-tracking`],
      [`/cases/${caseId}/plan-tracking/history`],
      ['/service-catalogue'],
      ['/feedback-forms'],
      ['/worklist'],
      ['/cases'],
      ['/tasks'],
      [`/cases/${caseId}/overview`],
      [`/cases/search?q=${encodeURIComponent(family.child.name)}`, 'aino'],
      [`/audit/cases/${caseId}/history`, 'aino'],
      [`/cases/${caseId}/processing-history`, 'aino'],
      ['/reports/annual', 'antti'],
      ['/reports/records', 'kaisa'],
      ['/municipalities/adoption', 'kaisa'],
      ['/reference-data'],
      ['/reference-data/municipalities'],
      ['/reference-data/municipalities/837'],
      ['/projections', 'pekka'],
    ];
    for (const [path, user] of reads) {
      const headers: Record<string, string> =
        path.startsWith('/audit/') || path.includes('processing-history') || path.startsWith('/cases/search')
          ? { 'x-purpose': 'spec' }
          : {};
      await call('GET', path, undefined, user, headers);
    }
    await call('POST', '/routing/recommendation', JOINT_MEETING_FACTS);
    await call('POST', `/concerns/${caseId}/zone-ratings`, { zone: 2, ratedBy: 'family' });
    // The steps the walk above leaves out, on the same case (a refusal is a problem, and checked as one).
    const { consents, invitations } = convening.body as {
      consents: Array<{ consentId: string }>;
      invitations: Array<{ invitationId: string }>;
    };
    const plan = {
      ...ONE_ACTION_PLAN,
      matters: ['Väsymys'],
      actions: [{ arena: 'home', what: 'Iltarutiini', who: 'Mari', by: '2031-03-20' }],
    };
    const steps: Array<[string, string, unknown?, string?]> = [
      ['POST', `${meeting}/views`, { views: [{ party: 'Mari', view: 'aamut ovat raskaita' }] }],
      ['POST', `${meeting}/wellbeing-star`, { configVersion: 'thl-2017-1', ratings: [{ area: 'parenting', score: 4, note: 'jaksaa' }] }],
      ['POST', `${meeting}/close-worker-tasks`, { tasks: [{ task: 'introduction-round', done: true }] }],
      ['POST', `${meeting}/plan/revisions`, { plan, reason: 'aamut' }],
      ['POST', `${meeting}/plan/confirmation`, { nextContactAt: '2031-05-01T09:00:00.000Z' }],
      [
        'POST',
        `${meeting}/closing`,
        {
          allMattersCovered: true,
          report: {
            organizer: 'Kangasala child health clinic',
            referred: false,
            referredToAssessmentOrSocialWork: false,
            familyGotHelp: 'too-early',
          },
        },
      ],
      [
        'POST',
        `/convenings/${caseId}/consents/${consents[0].consentId}/extensions`,
        { scopes: [{ kind: 'person', value: 'demo-olli', share: ['joint-plan'] }] },
      ],
      ['POST', `/convenings/${caseId}/invitations/${invitations[0].invitationId}/replies`, { reply: 'accept' }, 'olli'],
      [
        'POST',
        `/convenings/${caseId}/meetings/${meetingId}/rescheduling`,
        { startsAt: '2031-01-01T09:00:00.000Z', endsAt: '2031-01-01T10:00:00.000Z' },
      ],
      ['POST', `/convenings/${caseId}/meetings/${meetingId}/cancellation`, { reason: 'sairaus' }],
      ['POST', `/convenings/${caseId}/consents/${consents[0].consentId}/withdrawal`, { withdrawnBy: guardianOf(family) }],
      ['POST', `/cases/${caseId}/plan-tracking/reopening`, { reason: 'uusi huoli koulussa' }],
      ['POST', `/cases/${caseId}/plan-tracking/progress`, { actionIndex: 0, status: 'under-way' }],
      ['POST', `/cases/${caseId}/plan-tracking/follow-up-requests`, { reason: 'katsotaan miten aamut sujuvat' }],
      [
        'POST',
        `/concerns/${caseId}/raisings`,
        { raisedAt: new Date().toISOString(), present: ['mother'], familyResponse: 'ok', nextStep: 'x' },
      ],
      ['POST', `/concerns/${caseId}/mandatory-notifications`, { notifiedAt: new Date().toISOString(), to: 'child welfare' }],
      [
        'POST',
        `/concerns/${caseId}/service-contacts`,
        { service: { kind: 'family-counselling' }, relation: 'existing', how: 'phone', contactedAt: new Date().toISOString() },
      ],
      [
        'POST',
        `/concerns/${caseId}/needs-assessment-contacts`,
        { madeAt: new Date().toISOString(), parents: ['Mari'], recipient: 'social care', content: 'x' },
      ],
      [
        'POST',
        '/concerns/joins',
        {
          reference: 'none',
          children: [family.child],
          sector: 'school',
          channel: 'close-worker',
          description: 'x',
          zone: 2,
          ratedBy: 'worker',
        },
        'olli',
      ],
      [
        'POST',
        '/feedback',
        {
          formVersion: 'kangasala-2024-1',
          answers: [{ item: 'heard', score: 4 }],
          month: new Date().toISOString().slice(0, 7),
          organizer: 'Kangasala child health clinic',
        },
      ],
      ['POST', '/municipalities/Orivesi/adoption-stage', { region: 'Pirkanmaa', stage: 1 }, 'kaisa'],
      ['GET', '/municipalities/Orivesi/adoption', undefined, 'kaisa'],
      ['POST', '/projections/no-such-projection/rebuild', undefined, 'pekka'],
      ['POST', '/audit/access-log/verify', undefined, 'aino'],
      ['POST', '/erasures', { caseId: randomUUID(), reason: 'the family asked for it' }, 'pekka'],
      ['GET', '/health'],
      ['GET', '/health/live'],
      ['GET', '/health/ready'],
      ['GET', '/.well-known/openid-configuration'],
      ['GET', '/oidc/jwks'],
      ['POST', '/oidc/token', { username: 'terhi', password: 'demo-terhi' }],
      ['POST', '/oidc/token', { username: 'terhi', password: 'wrong' }],
      ['GET', `${meeting}/plan?format=html&lang=en`],
      ['GET', '/reports/annual?format=csv', undefined, 'antti'],
    ];
    for (const [method, path, body, user] of steps) await call(method, path, body, user);
    const room = `room-${randomUUID().slice(0, 8)}`;
    await call('PUT', `/reference-data/rooms/${room}`, { name: `Room ${room}`, organiser: 'kangasala-child-health-clinic' }, 'kaisa');
    await call('POST', `/reference-data/rooms/${room}/retirement`, { reason: 'the clinic moved' }, 'kaisa');
    // The views again, now that they hold what the steps recorded (a revised plan names the revision it `revises`
    // as an object), and once more after the case's key is destroyed: each personal field reads { erased: true }.
    const views = [`/concerns/${caseId}`, `/convenings/${caseId}`, meeting, `/cases/${caseId}/plan-tracking`];
    for (const path of views) laterReads.push((await call('GET', path)).body);
    await call('POST', '/erasures', { caseId, reason: 'the contract after erasure' }, 'pekka');
    // Every vault of the process sees the erasure within KEY_CACHE_MS (docs/operations.md).
    for (let tries = 0; tries < 50; tries++) {
      const concern = await chain.call('GET', `/concerns/${caseId}`, undefined, 'terhi');
      if (JSON.stringify(concern.body.description) === '{"erased":true}') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    for (const path of views) {
      const answer = await call('GET', path);
      erasedReads.push(answer.body);
    }
    // Refusals: a problem each.
    await call('GET', `/concerns/${randomUUID()}`);
    await call('GET', `/convenings/${caseId}`, undefined, 'antti');
    await call('POST', '/concerns', { children: 'none' });
    await call('POST', `/concerns/${caseId}/zone-ratings`, { zone: 2, ratedBy: 'worker' }, 'terhi', { 'if-match': '"0"' });
  }, 300_000);

  afterAll(async () => {
    await chain?.close();
    process.env = { ...saved };
  });

  it('answers with a body its operation declares, for each status, and that body validates', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ ...document, $id: 'openapi.json' });
    const validators = new Map<string, ValidateFunction>();
    const failures: string[] = [];
    let validated = 0;
    for (const exchange of exchanges) {
      const where = `${exchange.method} ${exchange.path.split('?')[0]} ${exchange.status}`;
      const found = operationOf(document, exchange.method, exchange.path);
      if (!found) {
        failures.push(`${where}: no operation in the document`);
        continue;
      }
      const response = found.operation.responses[String(exchange.status)];
      if (!response) {
        failures.push(`${where}: status not declared by ${found.operation.operationId}`);
        continue;
      }
      if (exchange.status === 304 || !exchange.type) continue;
      const media = response.content?.[exchange.type];
      if (!media?.schema) {
        failures.push(`${where}: ${exchange.type} not declared by ${found.operation.operationId}`);
        continue;
      }
      // A PDF, a page or a CSV: its media type is declared; only JSON bodies are validated.
      if (exchange.body === undefined) continue;
      const pointer = `openapi.json#/paths/${found.template.replace(/~/g, '~0').replace(/\//g, '~1')}/${exchange.method.toLowerCase()}/responses/${exchange.status}/content/${exchange.type.replace(/\//g, '~1')}/schema`;
      const validate = validators.get(pointer) ?? ajv.compile({ $ref: pointer });
      validators.set(pointer, validate);
      validated += 1;
      if (!validate(exchange.body)) {
        failures.push(
          `${where} (${found.operation.operationId}): ${ajv.errorsText(validate.errors, { dataVar: 'body' })} in ${JSON.stringify(exchange.body).slice(0, 400)}`,
        );
      }
    }
    expect(failures).toEqual([]);
    expect(validated).toBeGreaterThan(40);
    // The check can fail: a concern without its case id, a problem without its type.
    const concern = ajv.getSchema('openapi.json#/components/schemas/Concern')!;
    expect(concern({ revision: 0, withheld: [] })).toBe(false);
    const problem = ajv.getSchema('openapi.json#/components/schemas/Problem')!;
    expect(problem({ statusCode: 404, error: 'Not Found', message: 'gone' })).toBe(false);
  });

  it('read the meeting after its plan was revised, and the views of an erased case (personal fields { erased: true })', () => {
    const revised = { meetingId: expect.any(String), revision: expect.any(Number) };
    const [, , meeting] = laterReads as Array<{ plan: { revises: unknown }; planRevisions: Array<{ revises: unknown }> }>;
    expect(meeting.plan.revises).toEqual(revised);
    expect(meeting.planRevisions.map((r) => r.revises)).toEqual([null, revised]);
    const [concern, , erasedMeeting] = erasedReads as Array<Record<string, unknown>>;
    expect(concern.description).toEqual({ erased: true });
    expect(erasedMeeting.plan).toMatchObject({ erased: true, revises: revised, reason: { erased: true } });
    expect(erasedReads).toHaveLength(4);
  });

  it('walked most operations of the document (those it does not are listed)', () => {
    const walked = new Set(exchanges.map((exchange) => operationOf(document, exchange.method, exchange.path)?.operation.operationId));
    const all = Object.values(document.paths).flatMap((item) => METHODS.flatMap((method) => item[method]?.operationId ?? []));
    const notWalked = all.filter((id) => !walked.has(id)).sort();
    const succeeded = new Set(
      exchanges
        .filter((e) => e.status < 300)
        .map((exchange) => operationOf(document, exchange.method, exchange.path)?.operation.operationId),
    );
    const onlyRefused = all.filter((id) => walked.has(id) && !succeeded.has(id)).sort();
    console.log(
      `${all.length - notWalked.length} of ${all.length} operations walked; not here: ${notWalked.join(', ') || 'none'}; ` +
        `only refused (their 2xx body checked elsewhere or not at all): ${onlyRefused.join(', ') || 'none'}`,
    );
    expect(all.length - notWalked.length).toBeGreaterThanOrEqual(WALKED_AT_LEAST);
  });
});
