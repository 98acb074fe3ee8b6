import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseAction, DeclaredCategory } from '@perheverkko/access-model';
import type { Api } from './api';
import { okOver, pollUntil } from './commands';
import { AADA_CONCERN as CONCERN, JOINT_MEETING_FACTS as FACTS, ONE_ACTION_PLAN as PLAN, familyConsent } from './fixtures';
import { onceRoomKnown, recordRoom } from './rooms';

/**
 * The role × category × action matrix, run over HTTP against whatever serves the API (the embedded default, or
 * the five services as separate processes). The operations come from /openapi.json: every operation whose path
 * carries {caseId} declares `x-case-data: { category, action }`, so a new endpoint is covered without editing
 * this file. What each persona may do is the explicit table below, not the access model's code, so a change of
 * the model (or of a declaration) fails here.
 */

/** What a call must show: the guard let it through (any status but 403), an auditor without X-Purpose (400), or 403 with this rule. */
export type Expected =
  | 'allowed'
  | 'purpose-required'
  | 'role-may-not-read'
  | 'role-may-not-act'
  | 'consent-does-not-share'
  | 'no-case-data-for-role'
  | 'no-relation-to-case'
  | 'consent-withdrawn';

export type Persona =
  | 'convener'
  | 'invitee'
  | 'organiser-coordinator'
  | 'auditor'
  | 'auditor-without-purpose'
  | 'analyst'
  | 'administrator'
  | 'unrelated-professional'
  | 'invitee-after-withdrawal';

/** Who plays each persona, in which case (the one olli is invited to, or another one he has nothing to do with). */
export const PERSONAS: Record<Persona, { user: string; headers?: Record<string, string>; inCase: 'shared' | 'other'; is: string }> = {
  convener: { user: 'terhi', inCase: 'shared', is: 'professional who registered the concern and convened the case' },
  invitee: { user: 'olli', inCase: 'shared', is: "professional invited under a consent naming him by person and sharing only 'concern'" },
  'organiser-coordinator': { user: 'kaisa', inCase: 'shared', is: "coordinator whose token lists the convener's organisation" },
  auditor: { user: 'aino', headers: { 'x-purpose': 'access matrix test' }, inCase: 'shared', is: 'auditor stating a purpose' },
  'auditor-without-purpose': { user: 'aino', inCase: 'shared', is: 'auditor stating no purpose' },
  analyst: { user: 'antti', inCase: 'shared', is: 'analyst' },
  administrator: { user: 'pekka', inCase: 'shared', is: 'administrator' },
  'unrelated-professional': {
    user: 'olli',
    inCase: 'other',
    is: 'professional neither convener, invitee nor responsible worker in the case',
  },
  'invitee-after-withdrawal': {
    user: 'olli',
    inCase: 'shared',
    is: 'the invitee once the family withdrew the consent his invitation rested on',
  },
};

// Short names, so the table reads as a table. Columns: read, act, reply.
const ok = 'allowed' as const;
const P = 'purpose-required' as const;
const NR = 'role-may-not-read' as const;
const NA = 'role-may-not-act' as const;
const NS = 'consent-does-not-share' as const;
const NO = 'no-case-data-for-role' as const;
const NX = 'no-relation-to-case' as const;
const W = 'consent-withdrawn' as const;
type Row = readonly [read: Expected, act: Expected, reply: Expected];
const all = (outcome: Expected): Row => [outcome, outcome, outcome];

/**
 * Where the convener, the invitee and the organiser's coordinator differ by category: a table by hand, one line per
 * category, the three personas' rows (read, act, reply) in columns.
 * - Convener: reads and acts on every shareable category, replies to invitations; never the processing history, nor
 *   the whole case across the services at once (the auditors' view).
 * - Invited participant: reads only what the consent shares with him ('concern'), acts on nothing, replies to his invitation;
 *   what no consent can share (the processing history, the whole case) is refused by his role, not by the consent.
 * - Coordinator of the organising organisation: identity, concern, routing, consents and the processing history; acts on consents.
 */
// prettier-ignore
const BY_CATEGORY: Record<DeclaredCategory, [convener: Row, invitee: Row, coordinator: Row]> = {
  //                     convener      invitee       coordinator
  identity:             [[ok, ok, NA], [NS, NA, NA], [ok, NA, NA]],
  concern:              [[ok, ok, NA], [ok, NA, NA], [ok, NA, NA]],
  routing:              [[ok, ok, NA], [NS, NA, NA], [ok, NA, NA]],
  consents:             [[ok, ok, ok], [NS, NA, ok], [ok, ok, NA]],
  'meeting-record':     [[ok, ok, NA], [NS, NA, NA], [NR, NA, NA]],
  'joint-plan':         [[ok, ok, NA], [NS, NA, NA], [NR, NA, NA]],
  'follow-up':          [[ok, ok, NA], [NS, NA, NA], [NR, NA, NA]],
  'processing-history': [[NR, NA, NA], [NR, NA, NA], [ok, NA, NA]],
  'whole-case':         [[NR, NA, NA], [NR, NA, NA], [NR, NA, NA]],
  'any-part':           [[ok, NA, NA], [ok, NA, NA], [ok, NA, NA]],
};
/** One persona's rows: its column of the table above. */
const column = (i: 0 | 1 | 2) =>
  Object.fromEntries(Object.entries(BY_CATEGORY).map(([category, rows]) => [category, rows[i]])) as Record<DeclaredCategory, Row>;
/** The same row in every category (the table above names each one). */
const everyCategory = (row: Row) =>
  Object.fromEntries(Object.keys(BY_CATEGORY).map((category) => [category, row])) as Record<DeclaredCategory, Row>;

/**
 * The matrix of the access model (docs/access.md, README "Who may see what"), per persona, written out by hand.
 * 'whole-case' is what the auditors' case history declares: every shareable category at once. 'any-part' is what the
 * workers' case overview declares: whoever reads some part of the case, shown only the parts they read.
 */
export const EXPECTED_ACCESS: Record<Persona, Record<DeclaredCategory, Row>> = {
  convener: column(0),
  invitee: column(1),
  'organiser-coordinator': column(2),
  // Auditor: reads everything (with a stated purpose), acts on nothing.
  auditor: everyCategory([ok, NA, NA]),
  // The same auditor without X-Purpose: what she could read answers 400; acting is refused as before.
  'auditor-without-purpose': everyCategory([P, NA, NA]),
  // Analysts and administrators never get case data.
  analyst: everyCategory(all(NO)),
  administrator: everyCategory(all(NO)),
  // A professional with no relation to the case: nothing.
  'unrelated-professional': everyCategory(all(NX)),
  // Once the family withdraws the consent: nothing, and the refusal says why.
  'invitee-after-withdrawal': everyCategory(all(W)),
};

const ACTIONS: readonly CaseAction[] = ['read', 'act', 'reply'];

export function expectedOutcome(persona: Persona, category: DeclaredCategory, action: CaseAction): Expected | undefined {
  return EXPECTED_ACCESS[persona][category]?.[ACTIONS.indexOf(action)];
}

/** One operation of the API that carries a case id, with what it declares. */
export interface CaseOperation {
  method: string;
  /** The OpenAPI path template, e.g. /convenings/{caseId}/consents/{consentId}/withdrawal. */
  path: string;
  category: DeclaredCategory;
  action: CaseAction;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an OpenAPI document, read field by field
export type OpenApiDocument = { paths: Record<string, Record<string, any>> };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The case operations of one or more OpenAPI documents (the same operation in several is listed once). */
export function caseOperations(documents: OpenApiDocument[]): { operations: CaseOperation[]; undeclared: string[] } {
  const operations = new Map<string, CaseOperation>();
  const undeclared = new Set<string>();
  for (const document of documents) {
    for (const [path, item] of Object.entries(document.paths)) {
      if (!path.includes('{caseId}')) continue;
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const key = `${method.toUpperCase()} ${path}`;
        const declared = operation['x-case-data'] as { category: DeclaredCategory; action: CaseAction } | undefined;
        if (!declared) undeclared.add(key);
        else operations.set(key, { method: method.toUpperCase(), path, category: declared.category, action: declared.action });
      }
    }
  }
  return {
    operations: [...operations.values()].sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`)),
    undeclared: [...undeclared].sort(),
  };
}

/** The ids of one prepared case, by the path parameter that carries them. */
export type CaseIds = { caseId: string; meetingId: string; consentId: string; invitationId: string };

/** Named responsible worker: none of the personas, so no persona's standing changes with the plan. */
const RESPONSIBLE_WORKER = {
  professionalId: 'dir-varhaiskasvatus',
  name: 'Veera Varhaiskasvattaja',
  organisation: 'Päiväkoti Satakieli',
  publicService: true,
};

const until = <T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs: number) =>
  pollUntil(read, ok, what, timeoutMs, 100);

/**
 * terhi registers a concern, routes it to a joint meeting, records the family's consent (naming `inviteeId` by
 * person, sharing only 'concern'; and the responsible worker-to-be), invites that professional, schedules the meeting (its id as
 * convening lists it), and agrees the plan at it, so meeting and plan follow-up both hold the case.
 */
export async function prepareCase(api: Api, inviteeId: string, timeoutMs = 90_000): Promise<CaseIds> {
  const ok = okOver(api);
  // The meeting's room, recorded first: deployed apart, it reaches convening while the case is prepared.
  const roomId = await recordRoom(api, `room-${randomUUID()}`);
  const { caseId } = await ok('registering the concern', 'POST', '/concerns', CONCERN);
  await ok('deciding the route', 'POST', `/concerns/${caseId}/route-decision`, { facts: FACTS, chosenRoute: 'joint-meeting' });
  await until(
    () => api('GET', `/convenings/${caseId}`),
    (r) => r.status === 200,
    `convening of ${caseId}`,
    timeoutMs,
  );
  const { consentId } = await ok(
    'recording consent',
    'POST',
    `/convenings/${caseId}/consents`,
    familyConsent([
      { kind: 'person', value: inviteeId, share: ['concern'] },
      // The family names its responsible worker among those its consent covers.
      { kind: 'person', value: RESPONSIBLE_WORKER.professionalId, share: ['joint-plan', 'follow-up'] },
    ]),
  );
  const { invitationId } = await ok('inviting', 'POST', `/convenings/${caseId}/invitations`, {
    kind: 'professional',
    directoryId: inviteeId,
  });
  // Held as it is walked: a meeting's record opens 15 minutes before its start.
  const startsAt = Date.now() + 60_000;
  const slot = {
    kind: 'first',
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 90 * 60_000).toISOString(),
    roomId,
  };
  const key = randomUUID();
  const booked = await onceRoomKnown(
    () => api('POST', `/convenings/${caseId}/meetings`, slot, 'terhi', { 'idempotency-key': key }),
    timeoutMs,
  );
  if (booked.status >= 300) throw new Error(`scheduling the meeting answered ${booked.status}: ${JSON.stringify(booked.body)}`);
  const convening = await api('GET', `/convenings/${caseId}`);
  const meetingId = (convening.body.meetings as Array<{ meetingId?: string }> | undefined)?.[0]?.meetingId;
  if (!meetingId) throw new Error(`convening shows no meeting scheduled: ${JSON.stringify(convening.body).slice(0, 500)}`);
  const meeting = `/cases/${caseId}/meetings/${meetingId}`;
  await until(
    () => api('GET', meeting),
    (r) => r.status === 200,
    `meeting ${meetingId}`,
    timeoutMs,
  );
  await ok('attendance', 'POST', `${meeting}/attendance`, { participants: [{ name: 'Mari', role: 'family-member' }], childTookPart: true });
  await ok('consent form', 'POST', `${meeting}/consent-form`, { signedBy: ['Mari'] });
  await ok('responsible worker', 'POST', `${meeting}/responsible-workers`, { workers: [RESPONSIBLE_WORKER] });
  await ok('plan', 'POST', `${meeting}/plan`, { plan: PLAN });
  await until(
    () => api('GET', `/cases/${caseId}/plan-tracking`),
    (r) => r.status === 200,
    'plan tracking',
    timeoutMs,
  );
  return { caseId, meetingId, consentId, invitationId };
}

/** One call of the matrix and what it showed. */
export interface Observation {
  persona: Persona;
  operation: string;
  category: DeclaredCategory;
  action: CaseAction;
  expected: Expected;
  status: number;
  rule?: string;
  ok: boolean;
}

function showed(expected: Expected, status: number, rule: string | undefined): boolean {
  if (expected === 'allowed') return status !== 401 && status !== 403 && status !== 429 && status < 500;
  if (expected === 'purpose-required') return status === 400 && rule === 'auditor-purpose-required';
  return status === 403 && rule === expected;
}

export interface MatrixTarget {
  api: Api;
  /** The OpenAPI documents of everything that serves the API (one for the embedded default, five apart). */
  openapi: () => Promise<OpenApiDocument[]>;
  /** Which process answers a path; operations are grouped by it when waiting for facts to arrive. */
  serviceOf?: (path: string) => string;
  /** How long access facts may take to reach another process (0: they hold at once). */
  propagationMs?: number;
}

export interface MatrixReport {
  operations: CaseOperation[];
  undeclared: string[];
  /** Path parameters the runner had no real id for (filled with a fresh UUID). */
  unknownParameters: string[];
  cases: { shared: CaseIds; other: CaseIds };
  observations: Observation[];
  mismatches: Observation[];
  /** Per process: milliseconds from the withdrawal's answer until the invitee was refused with consent-withdrawn (null: not within propagationMs). */
  withdrawalPropagationMs: Record<string, number | null>;
}

/**
 * Prepares two cases (olli invited to one of them), calls every case operation as every persona with real ids
 * and an empty body, then withdraws the consent and calls everything again as the invitee.
 */
export async function runAccessMatrix(target: MatrixTarget): Promise<MatrixReport> {
  const { api, propagationMs = 0 } = target;
  const serviceOf = target.serviceOf ?? (() => 'all');
  const { operations, undeclared } = caseOperations(await target.openapi());
  const [shared, other] = await Promise.all([prepareCase(api, 'demo-olli'), prepareCase(api, 'dir-kuraattori')]);
  const unknownParameters = new Set<string>();

  const urlOf = (operation: CaseOperation, ids: CaseIds) =>
    operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (name in ids) return ids[name as keyof CaseIds];
      unknownParameters.add(`${operation.method} ${operation.path}: {${name}}`);
      return randomUUID();
    });
  const call = async (persona: Persona, operation: CaseOperation): Promise<Observation> => {
    const { user, headers, inCase } = PERSONAS[persona];
    const expected = expectedOutcome(persona, operation.category, operation.action);
    const response = await api(
      operation.method,
      urlOf(operation, inCase === 'shared' ? shared : other),
      operation.method === 'GET' ? undefined : {},
      user,
      headers ?? {},
    );
    const rule = typeof response.body?.rule === 'string' ? (response.body.rule as string) : undefined;
    const key = `${operation.method} ${operation.path}`;
    if (!expected)
      return {
        persona,
        operation: key,
        category: operation.category,
        action: operation.action,
        expected: 'allowed',
        status: response.status,
        rule,
        ok: false,
      };
    return {
      persona,
      operation: key,
      category: operation.category,
      action: operation.action,
      expected,
      status: response.status,
      rule,
      ok: showed(expected, response.status, rule),
    };
  };
  const byService = new Map<string, CaseOperation[]>();
  for (const operation of operations)
    byService.set(serviceOf(operation.path), [...(byService.get(serviceOf(operation.path)) ?? []), operation]);

  /**
   * Until an operation of each process shows the persona's expected outcome (the case's facts have arrived there):
   * milliseconds since `since`, or null if not within propagationMs. Any operation of the process will do (they
   * share its facts), so one that differs from the table for another reason does not hold the wait up.
   */
  const settle = async (persona: Persona, since: number) => {
    const arrived: Record<string, number | null> = {};
    await Promise.all(
      [...byService.entries()].map(async ([service, probes]) => {
        for (let attempt = 0; ; attempt++) {
          if ((await call(persona, probes[attempt % probes.length])).ok) return void (arrived[service] = Date.now() - since);
          if (Date.now() - since > propagationMs && attempt >= probes.length - 1) return void (arrived[service] = null);
          if (attempt % probes.length === probes.length - 1) await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }),
    );
    return arrived;
  };
  const matrix = async (persona: Persona) => {
    const observed: Observation[] = [];
    // Sequential per persona, personas side by side: a handful of requests at a time.
    for (const operation of operations) observed.push(await call(persona, operation));
    return observed;
  };

  const before = (Object.keys(PERSONAS) as Persona[]).filter((p) => p !== 'invitee-after-withdrawal');
  if (propagationMs > 0) for (const persona of before) await settle(persona, Date.now());
  const observations = (await Promise.all(before.map(matrix))).flat();

  const withdrawal = await api(
    'POST',
    `/convenings/${shared.caseId}/consents/${shared.consentId}/withdrawal`,
    { withdrawnBy: 'Mari' },
    'terhi',
    { 'idempotency-key': randomUUID() },
  );
  if (withdrawal.status !== 201)
    throw new Error(`withdrawing the consent answered ${withdrawal.status}: ${JSON.stringify(withdrawal.body)}`);
  const withdrawalPropagationMs = await settle('invitee-after-withdrawal', Date.now());
  observations.push(...(await matrix('invitee-after-withdrawal')));

  return {
    operations,
    undeclared,
    unknownParameters: [...unknownParameters].sort(),
    cases: { shared, other },
    observations,
    mismatches: observations.filter((o) => !o.ok),
    withdrawalPropagationMs,
  };
}

/** The matrix as observed, one line per operation and persona (for a failure message or a comparison of set-ups). */
export function describeObservations(observations: Observation[]): string {
  return observations
    .map(
      (o) =>
        `${o.ok ? 'ok  ' : 'FAIL'} ${o.persona.padEnd(24)} ${o.operation.padEnd(70)} ${o.category}/${o.action}: expected ${o.expected}, got ${o.status}${o.rule ? ` ${o.rule}` : ''}`,
    )
    .join('\n');
}

/** With ACCESS_MATRIX_OUT set, writes the report there as `<set-up>.json`, so two set-ups' answers can be compared. */
export function saveReport(report: MatrixReport, setUp: string): void {
  const folder = process.env.ACCESS_MATRIX_OUT;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${setUp}.json`), JSON.stringify(report, null, 2));
}
