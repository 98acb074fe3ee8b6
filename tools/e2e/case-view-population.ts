import { randomUUID } from 'node:crypto';
import type { Api } from './api';
import { expectOk, okOnceFactsArriveOver, okOver, pollUntil } from './commands';
import { JOINT_MEETING_FACTS as FACTS, ONE_ACTION_PLAN as PLAN, familyConsent } from './fixtures';
import { onceRoomKnown, recordRoom } from './rooms';

/**
 * The workers' case view (issue 20) over HTTP, on whatever serves the API (the embedded default, or the five services
 * apart over Kafka): a population of families left at every phase by two workers, each inviting the other; what
 * "my cases", the tasks, the overview and search answer each worker and the coordinator must equal what this file
 * works out from what it sent, and nobody sees a case, a part or a name the access model does not give them.
 */

const PHASES = ['concern', 'routed', 'convening', 'withdrawn', 'meeting-scheduled', 'plan-in-force', 'follow-up', 'closed'] as const;
type ScriptPhase = (typeof PHASES)[number];
type Worker = 'terhi' | 'olli';
const ID: Record<Worker, string> = { terhi: 'demo-terhi', olli: 'demo-olli' };
const other = (worker: Worker): Worker => (worker === 'terhi' ? 'olli' : 'terhi');
/** Phases taken as far as a plan: convened by terhi, who is the family's named responsible worker. */
const WITH_MEETING: readonly ScriptPhase[] = ['meeting-scheduled', 'plan-in-force', 'follow-up', 'closed'];

interface ScriptedFamily {
  phase: ScriptPhase;
  convener: Worker;
  child: { name: string; identifier: string };
  municipality: string;
  /** When the concern is to be raised again (families left before the route to a joint meeting). */
  reRaiseAt?: string;
  /** The first meeting's start (meeting-scheduled: days ahead). */
  meetingAt?: string;
  /** The next contact agreed at the last contact (follow-up). */
  nextContactAt?: string;
}

const GIVEN_NAMES = ['Aada', 'Eino', 'Helmi', 'Onni', 'Lilja', 'Väinö', 'Selma', 'Toivo', 'Hilla', 'Leevi', 'Iida', 'Otso'];

/** Letters only (names are names): the run's own surname, so its families are told apart from earlier runs'. */
export function runSurname(): string {
  return `${randomUUID()
    .replace(/[^a-f]/g, '')
    .slice(0, 6)
    .replace(/^./, (c) => c.toUpperCase())}lainen`;
}

/** The population: both workers convene families left at the early phases; terhi takes the rest through a meeting. */
export function scriptPopulation(surname: string, now = Date.now()): ScriptedFamily[] {
  const day = 86_400_000;
  const families: ScriptedFamily[] = [];
  PHASES.forEach((phase, p) => {
    const conveners: Worker[] = WITH_MEETING.includes(phase) ? ['terhi'] : ['terhi', 'olli'];
    conveners.forEach((convener, c) => {
      const i = families.length;
      families.push({
        phase,
        convener,
        child: { name: `${GIVEN_NAMES[i % GIVEN_NAMES.length]} ${surname}`, identifier: `TEMP-${randomUUID().slice(0, 8)}` },
        municipality: i % 2 === 0 ? 'Kangasala' : 'Tampere',
        ...(phase === 'concern' || phase === 'routed' ? { reRaiseAt: new Date(now + (10 + i) * day).toISOString() } : {}),
        ...(phase === 'meeting-scheduled' ? { meetingAt: new Date(now + (3 + p + c) * day).toISOString() } : {}),
        ...(phase === 'follow-up' || phase === 'closed' ? { nextContactAt: new Date(now + (20 + i) * day).toISOString() } : {}),
      });
    });
  });
  return families;
}

/** The child's mother, who gives the family's consent. */
export const guardianOf = (family: ScriptedFamily) => `Mari ${family.child.name.split(' ')[1]}`;

const until = <T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 90_000) =>
  pollUntil(read, ok, what, timeoutMs, 200);

/** Takes one family as far as its phase, as its convener would; returns its case id. */
export async function walkToPhase(api: Api, family: ScriptedFamily): Promise<{ caseId: string; heldMeetingAt?: string }> {
  const ok = okOver(api);
  const as = family.convener;
  const okOnceFactsArrive = okOnceFactsArriveOver(
    api,
    ['attendee-not-covered-by-consent', 'responsible-worker-not-covered-by-consent'],
    until,
  );
  const early = family.reRaiseAt !== undefined;
  const { caseId } = await ok(
    'registering the concern',
    'POST',
    '/concerns',
    {
      channel: 'close-worker',
      sector: as === 'terhi' ? 'child health clinic' : 'school',
      municipality: family.municipality,
      children: [family.child],
      guardians: [{ name: guardianOf(family), identifier: `TEMP-${randomUUID().slice(0, 8)}` }],
      description: 'väsynyt aamuisin',
      zone: early ? 2 : 3,
      ratedBy: 'worker',
    },
    as,
  );
  if (early) {
    await ok(
      'raising the concern',
      'POST',
      `/concerns/${caseId}/raisings`,
      {
        raisedAt: new Date(Date.now() - 3_600_000).toISOString(),
        present: ['mother'],
        familyResponse: 'haluaa miettiä',
        nextStep: 'unipäiväkirja',
        reRaiseAt: family.reRaiseAt,
      },
      as,
    );
    if (family.phase === 'routed')
      await ok(
        'deciding the route',
        'POST',
        `/concerns/${caseId}/route-decision`,
        { facts: { ...FACTS, zone: 2 }, chosenRoute: 'follow-concern', deviationReason: 'the family prefers another way' },
        as,
      );
    return { caseId };
  }
  await ok('deciding the route', 'POST', `/concerns/${caseId}/route-decision`, { facts: FACTS, chosenRoute: 'joint-meeting' }, as);
  await until(
    () => api('GET', `/convenings/${caseId}`, undefined, as),
    (r) => r.status === 200,
    `convening of ${caseId}`,
  );
  const invitee = other(as);
  const scopes = [
    { kind: 'person', value: ID[invitee], share: ['concern'] },
    ...(as === 'terhi' ? [{ kind: 'person', value: ID.terhi, share: ['concern', 'joint-plan', 'follow-up'] }] : []),
  ];
  const consent = await ok(
    'recording consent',
    'POST',
    `/convenings/${caseId}/consents`,
    { ...familyConsent(scopes, [family.child.name]), guardians: [guardianOf(family)] },
    as,
  );
  await ok('inviting', 'POST', `/convenings/${caseId}/invitations`, { kind: 'professional', directoryId: ID[invitee] }, as);
  if (family.phase === 'withdrawn') {
    await ok(
      'withdrawing consent',
      'POST',
      `/convenings/${caseId}/consents/${consent.consentId}/withdrawal`,
      { withdrawnBy: guardianOf(family) },
      as,
    );
    return { caseId };
  }
  if (family.phase === 'convening') return { caseId };

  const startsAt = family.meetingAt ?? new Date(Date.now() + 60_000).toISOString();
  const roomId = await recordRoom(api);
  const slot = { kind: 'first', startsAt, endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString(), roomId };
  const key = randomUUID();
  const scheduled = await onceRoomKnown(() => api('POST', `/convenings/${caseId}/meetings`, slot, 'terhi', { 'idempotency-key': key }));
  expectOk(scheduled, 'scheduling the meeting');
  const meeting = `/cases/${caseId}/meetings/${scheduled.body.meetingId}`;
  await until(
    () => api('GET', meeting),
    (r) => r.status === 200,
    `meeting of ${caseId}`,
  );
  if (family.phase === 'meeting-scheduled') return { caseId };

  await okOnceFactsArrive('attendance', 'POST', `${meeting}/attendance`, {
    participants: [
      { name: guardianOf(family), role: 'family-member' },
      { name: 'Terhi', role: 'professional', professionalId: ID.terhi },
    ],
    childTookPart: true,
  });
  await ok('consent form', 'POST', `${meeting}/consent-form`, { signedBy: [guardianOf(family)] });
  await okOnceFactsArrive('responsible worker', 'POST', `${meeting}/responsible-workers`, { workers: [{ professionalId: ID.terhi }] });
  await ok('plan', 'POST', `${meeting}/plan`, { plan: PLAN });
  const tracking = `/cases/${caseId}/plan-tracking`;
  await until(
    () => api('GET', tracking),
    (r) => r.status === 200,
    'plan tracking',
  );
  if (family.phase === 'plan-in-force') return { caseId, heldMeetingAt: startsAt };

  await ok('contact', 'POST', `${tracking}/contacts`, {
    at: new Date().toISOString(),
    method: 'phone',
    summary: 'kuulumiset',
    nextContactAt: family.nextContactAt,
  });
  if (family.phase === 'follow-up') return { caseId, heldMeetingAt: startsAt };
  await ok('outcome', 'POST', `${tracking}/outcome`, { outcome: 'sufficient' });
  await ok('closure', 'POST', `${tracking}/closure`, { reason: 'everyday-life-runs-smoothly' });
  return { caseId, heldMeetingAt: startsAt };
}

/** A family of the population with its case id. */
/** A family of the population with its case id, and (taken to a plan) when its meeting was held. */
export type PlacedFamily = ScriptedFamily & { caseId: string; heldMeetingAt?: string };

/** The phase a worker's list must show for a scripted family. */

/** The categories `user` reads in the family's case (docs/access.md), as this file knows the case. */
function expectedReadable(f: ScriptedFamily, user: string): Set<string> {
  const roles = expectedRoles(f, user);
  if (roles.includes('convener'))
    return new Set(['identity', 'concern', 'routing', 'consents', 'meeting-record', 'joint-plan', 'follow-up']);
  if (roles.includes('organiser-coordinator')) return new Set(['identity', 'concern', 'routing', 'consents', 'processing-history']);
  return new Set(roles.includes('invited-participant') ? ['concern'] : []);
}

/** The case's phase and next date as its convener (who reads every category) knows them. */
function wholeProgress(f: PlacedFamily): { phase: string | null; nextDateAt: string | null } {
  const phase = f.phase === 'withdrawn' ? 'convening' : f.phase;
  if (f.reRaiseAt) return { phase, nextDateAt: f.reRaiseAt };
  if (f.phase === 'meeting-scheduled') return { phase, nextDateAt: f.meetingAt ?? null };
  if (f.phase === 'plan-in-force') return { phase, nextDateAt: PLAN.nextContactAt };
  if (f.phase === 'follow-up') return { phase, nextDateAt: f.nextContactAt ?? null };
  return { phase, nextDateAt: null };
}

/**
 * The phase and next date `user` may know, written out from the access model's table (docs/access.md): the convener
 * reads every category; the coordinator reads the concern, routing and consents, so a case taken on to a plan still
 * shows her the meeting she saw scheduled (its holding is the plan's and follow-up's to tell); an invitee whose
 * consent shares the concern sees the concern alone.
 */
function expectedProgress(f: PlacedFamily, user: string): { phase: string | null; nextDateAt: string | null } {
  const readable = expectedReadable(f, user);
  if (readable.has('follow-up')) return wholeProgress(f);
  if (readable.has('consents'))
    return ['plan-in-force', 'follow-up', 'closed'].includes(f.phase)
      ? { phase: 'meeting-scheduled', nextDateAt: f.heldMeetingAt ?? null }
      : wholeProgress(f);
  if (readable.has('concern')) return { phase: 'concern', nextDateAt: f.reRaiseAt ?? null };
  return { phase: null, nextDateAt: null };
}

/** The roles `user` holds in the family's case, by the access model, as this file knows the case. */
function expectedRoles(f: ScriptedFamily, user: string): string[] {
  if (user === 'kaisa') return ['organiser-coordinator'];
  const roles: string[] = [];
  if (f.convener === user) roles.push('convener');
  const planned = ['plan-in-force', 'follow-up', 'closed'].includes(f.phase);
  if (planned && user === 'terhi') roles.push('responsible-worker');
  const invited = f.reRaiseAt === undefined && other(f.convener) === user && f.phase !== 'withdrawn';
  if (invited) roles.push('invited-participant');
  return roles;
}

/** What "my cases" must list for `user` among the population, in its order (next date, none last; then case id). */
export function expectedCases(families: PlacedFamily[], user: string) {
  return (
    families
      .map((f) => ({ f, roles: expectedRoles(f, user) }))
      .filter(({ roles }) => roles.length > 0)
      .map(({ f, roles }) => {
        const readsIdentity = roles.some((r) => r !== 'invited-participant');
        return {
          caseId: f.caseId,
          caseNumber: f.caseId.slice(0, 8),
          ...expectedProgress(f, user),
          roles,
          municipality: f.municipality,
          ...(readsIdentity ? { familyName: f.child.name } : {}),
        };
      })
      // In the order of the next date the caller reads (none last), then case id (ADR 0017).
      .sort((a, b) => {
        const [first, second] = [a.nextDateAt, b.nextDateAt].map((d) => (d === null ? Infinity : Date.parse(d)));
        return first - second || a.caseId.localeCompare(b.caseId);
      })
  );
}

/** The tasks `user` must have among the population (the due date of a reply to an invitation is the server's). */
export function expectedTasks(families: PlacedFamily[], user: string) {
  return families
    .flatMap((f) => {
      const roles = expectedRoles(f, user);
      const tasks: Array<{ caseId: string; kind: string; dueAt?: string }> = [];
      if (roles.includes('convener') && f.reRaiseAt) tasks.push({ caseId: f.caseId, kind: 're-raise-concern', dueAt: f.reRaiseAt });
      if (roles.includes('convener') && f.phase === 'meeting-scheduled')
        tasks.push({ caseId: f.caseId, kind: 'hold-meeting', dueAt: f.meetingAt });
      // A reply is due within the reply period from when the invitation was sent (the server's time).
      // The invitee does not read the closure: the reply stays asked of him (nothing he cannot read changes his tasks).
      if (roles.includes('invited-participant')) tasks.push({ caseId: f.caseId, kind: 'reply-to-invitation' });
      const contact = expectedProgress(f, user).nextDateAt;
      if (roles.includes('responsible-worker') && (f.phase === 'plan-in-force' || f.phase === 'follow-up') && contact)
        tasks.push({ caseId: f.caseId, kind: 'next-contact', dueAt: contact });
      return tasks;
    })
    .sort((a, b) => `${a.caseId} ${a.kind}`.localeCompare(`${b.caseId} ${b.kind}`));
}

/** Every page of a list, `limit` at a time, following `next` (each page no longer than asked). */
export async function allPages(
  api: Api,
  path: string,
  user: string,
  limit: number,
  headers: Record<string, string> = {},
): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await api(
      'GET',
      `${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      undefined,
      user,
      headers,
    );
    expectOk(page, `GET ${path}`);
    if (page.body.items.length > limit) throw new Error(`${path} gave ${page.body.items.length} rows for limit ${limit}`);
    items.push(...page.body.items);
    cursor = page.body.next;
  } while (cursor);
  return items;
}

/** "My cases" of `user`, only the population's (earlier runs on the same database may have left theirs). */
export async function listedCases(api: Api, families: PlacedFamily[], user: string, limit: number) {
  const ours = new Set(families.map((f) => f.caseId));
  const items = await allPages(api, '/cases', user, limit);
  return items
    .filter((item) => ours.has(String(item.caseId)))
    .map(({ caseId, caseNumber, phase, nextDateAt, roles, municipality, familyName }) => ({
      caseId,
      caseNumber,
      phase,
      nextDateAt,
      roles,
      municipality,
      ...(familyName === undefined ? {} : { familyName }),
    }));
}

/** The tasks of `user` among the population, as comparable rows (a reply's due date left out where the server sets it). */
export async function listedTasks(api: Api, families: PlacedFamily[], user: string, limit: number) {
  const ours = new Set(families.map((f) => f.caseId));
  const expectedDue = new Map(expectedTasks(families, user).map((t) => [`${t.caseId} ${t.kind}`, t.dueAt]));
  const items = await allPages(api, '/tasks', user, limit);
  return items
    .filter((item) => ours.has(String(item.caseId)))
    .map((item) => ({
      caseId: String(item.caseId),
      kind: String(item.kind),
      ...(expectedDue.get(`${item.caseId} ${item.kind}`) === undefined ? {} : { dueAt: String(item.dueAt) }),
    }))
    .sort((a, b) => `${a.caseId} ${a.kind}`.localeCompare(`${b.caseId} ${b.kind}`));
}

/** Waits until `user`'s list of the population equals what the script says (the view follows the services' events). */
export async function untilListed(api: Api, families: PlacedFamily[], user: string, limit: number, timeoutMs = 120_000) {
  const expected = JSON.stringify(expectedCases(families, user));
  return until(
    () => listedCases(api, families, user, limit),
    (listed) => JSON.stringify(listed) === expected,
    `${user}'s cases to be ${expected}`,
    timeoutMs,
  );
}

/** Walks the population four families at a time, as several workers work at once. */
export async function placePopulation(api: Api, scripted: ScriptedFamily[]): Promise<PlacedFamily[]> {
  const placed: PlacedFamily[] = [];
  for (let i = 0; i < scripted.length; i += 4)
    placed.push(
      ...(await Promise.all(scripted.slice(i, i + 4).map(async (family) => ({ ...family, ...(await walkToPhase(api, family)) })))),
    );
  return placed;
}

/** Waits until `user`'s tasks among the population equal what the script says. */
export function untilTasks(api: Api, families: PlacedFamily[], user: string, limit: number, timeoutMs = 120_000) {
  const expected = JSON.stringify(expectedTasks(families, user));
  return until(
    () => listedTasks(api, families, user, limit),
    (tasks) => JSON.stringify(tasks) === expected,
    `${user}'s tasks to be ${expected}`,
    timeoutMs,
  );
}

const PARTS = ['family', 'concern', 'routing', 'consents', 'meetingRecord', 'jointPlan', 'followUp'];
const PART_OF: Record<string, string> = {
  identity: 'family',
  concern: 'concern',
  routing: 'routing',
  consents: 'consents',
  'meeting-record': 'meetingRecord',
  'joint-plan': 'jointPlan',
  'follow-up': 'followUp',
};

/**
 * Every family's overview as each worker and the coordinator: the parts shown are exactly those of the categories the
 * caller reads (the convener all, the invitee what the consent shares, the coordinator hers), the phase is the
 * script's, and a caller who stands nowhere in the case is refused with the rule that says why.
 */
export async function overviewsAsScripted(api: Api, families: PlacedFamily[]) {
  const seen: Array<{
    caseId: string;
    user: string;
    status: number;
    rule?: string;
    phase?: string;
    parts?: string[];
    readable?: string[];
  }> = [];
  const expected: typeof seen = [];
  for (const f of families) {
    for (const user of ['terhi', 'olli', 'kaisa']) {
      const answer = await api('GET', `/cases/${f.caseId}/overview`, undefined, user);
      const shown = PARTS.filter((part) => answer.body?.[part] !== undefined);
      seen.push({
        caseId: f.caseId,
        user,
        status: answer.status,
        ...(answer.status === 200
          ? { phase: answer.body.phase ?? undefined, parts: shown, readable: answer.body.readableCategories }
          : { rule: answer.body?.rule }),
      });
      const roles = expectedRoles(f, user);
      if (roles.length === 0) {
        const hadInvitation = f.phase === 'withdrawn' && other(f.convener) === user;
        expected.push({ caseId: f.caseId, user, status: 403, rule: hadInvitation ? 'consent-withdrawn' : 'no-relation-to-case' });
        continue;
      }
      const readable = [...expectedReadable(f, user)];
      expected.push({
        caseId: f.caseId,
        user,
        status: 200,
        phase: expectedProgress(f, user).phase ?? undefined,
        parts: PARTS.filter((part) => readable.some((category) => PART_OF[category] === part)),
        readable,
      });
    }
  }
  return { seen, expected };
}

/**
 * Searches as each worker and the coordinator, and what each must find among the population: by the run's surname
 * (a prefix), by each child's identity code, by case number and by municipality. A name or a code finds only cases
 * where the caller reads identity; a municipality only where they read the concern; a case number any case where they
 * stand. Nothing else, not even a case they once stood in.
 */
export async function searchesAsScripted(api: Api, families: PlacedFamily[]) {
  const ours = new Set(families.map((f) => f.caseId));
  const purpose = { 'x-purpose': 'finding a family I work with' };
  const found = async (user: string, query: string) =>
    (await allPages(api, `/cases/search?${query}`, user, 50, purpose))
      .map((item) => String(item.caseId))
      .filter((id) => ours.has(id))
      .sort();
  const readsIdentity = (f: PlacedFamily, user: string) => expectedRoles(f, user).some((r) => r !== 'invited-participant');
  const stands = (f: PlacedFamily, user: string) => expectedRoles(f, user).length > 0;
  const ids = (list: PlacedFamily[]) => list.map((f) => f.caseId).sort();
  const surname = families[0].child.name.split(' ')[1];
  const seen: Record<string, string[]> = {};
  const expected: Record<string, string[]> = {};
  for (const user of ['terhi', 'olli', 'kaisa']) {
    seen[`${user} by surname`] = await found(user, `q=${encodeURIComponent(surname.slice(0, 5).toLowerCase())}`);
    expected[`${user} by surname`] = ids(families.filter((f) => readsIdentity(f, user)));
    seen[`${user} in Tampere`] = await found(user, 'municipality=Tampere');
    expected[`${user} in Tampere`] = ids(families.filter((f) => stands(f, user) && f.municipality === 'Tampere'));
  }
  // An auditor stands in no case but reads every case with a purpose: a search finds any family, by each term.
  seen['aino by surname'] = await found('aino', `q=${encodeURIComponent(surname.slice(0, 5).toLowerCase())}`);
  expected['aino by surname'] = ids(families);
  for (const f of families.slice(0, 3)) {
    seen[`aino by ${f.phase}/${f.convener}'s code`] = await found('aino', `q=${f.child.identifier}`);
    expected[`aino by ${f.phase}/${f.convener}'s code`] = [f.caseId];
    seen[`aino by ${f.phase}/${f.convener}'s number`] = await found('aino', `caseNumber=${f.caseId.slice(0, 8)}`);
    expected[`aino by ${f.phase}/${f.convener}'s number`] = [f.caseId];
  }
  for (const f of families) {
    seen[`olli by ${f.phase}/${f.convener}'s code`] = await found('olli', `q=${f.child.identifier}`);
    expected[`olli by ${f.phase}/${f.convener}'s code`] = readsIdentity(f, 'olli') ? [f.caseId] : [];
    seen[`olli by ${f.phase}/${f.convener}'s number`] = await found('olli', `caseNumber=${f.caseId.slice(0, 8)}`);
    expected[`olli by ${f.phase}/${f.convener}'s number`] = stands(f, 'olli') ? [f.caseId] : [];
  }
  return { seen, expected };
}
