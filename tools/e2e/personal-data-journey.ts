import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import type { KafkaClient as Kafka } from '@perheverkko/messaging';
import type { Api } from './api';
import { JOINT_MEETING_FACTS as FACTS } from './fixtures';
import { recordOrganiser, recordRoom, referenceNotKnown } from './rooms';

/**
 * Issue 17: a generated population of families walked through the five services, every personal value each sends
 * (names, identity codes, every free text) generated for this run, and the scanners that look for those values
 * wherever the services keep or send anything. Driven through the in-process chain on the embedded default
 * (personal-data-protection.int-spec.ts) and through the five services as separate processes over Kafka
 * (services-as-processes.e2e-spec.ts): the same journey, only `api` differs.
 */

const CHECK_CHARACTERS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

/** A valid Finnish personal identity code: a random birth date in the years given and a random individual number. */
export function randomIdentityCode(fromYear: number, toYear: number): string {
  const birth = new Date(Date.UTC(randomInt(fromYear, toYear + 1), 0, 1) + randomInt(0, 365) * 86_400_000);
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${two(birth.getUTCDate())}${two(birth.getUTCMonth() + 1)}${two(birth.getUTCFullYear() % 100)}`;
  const individual = String(randomInt(2, 900)).padStart(3, '0');
  return `${date}${birth.getUTCFullYear() >= 2000 ? 'A' : '-'}${individual}${CHECK_CHARACTERS[Number(`${date}${individual}`) % 31]}`;
}

export interface JourneyFamily {
  index: number;
  /** In every generated value of the family but its identity codes: found anywhere, part of a personal value leaked. */
  tag: string;
  /**
   * joint-meeting: the whole model, consent to withdrawal. follow-concern: the worker departs from the recommended
   * joint meeting at intake (with a reason, itself personal) and the case goes no further.
   */
  route: 'joint-meeting' | 'follow-concern';
  children: { name: string; identifier: string }[];
  guardians: { name: string; identifier: string }[];
  /** The family later adds a godparent to its consent by name (ConsentExtended) and invites them. */
  extendsConsent: boolean;
  /** Every personal value the family's journey sends, by what it is. */
  sent: Record<string, string>;
}

export interface Population {
  /** Names what is not personal but should not mix with other runs: the organizer and the rooms (the municipality is a real one). */
  run: string;
  organizer: string;
  municipality: string;
  families: JourneyFamily[];
}

/**
 * `count` families, each with values of its own: one or two children, one or two guardians, some extending their
 * consent, one (the second) routed elsewhere at intake; so a value that leaks only in some cases shows.
 */
export function generatePopulation(count = 4): Population {
  const run = randomBytes(4).toString('hex');
  const families = Array.from({ length: count }, (_, index): JourneyFamily => {
    // Letters only (no digits): no other number in a table, topic or log can contain it by chance.
    const tag = Array.from(randomBytes(10), (b) => 'BCDFGHJKLMNPQRSTVWXZ'[b % 20]).join('');
    const route = index === 1 ? 'follow-concern' : 'joint-meeting';
    const children = Array.from({ length: 1 + (index % 2) }, (_, i) => ({
      name: `Lapsi${i + 1}${tag}`,
      identifier: randomIdentityCode(2012, 2022),
    }));
    const guardians = Array.from({ length: index % 3 === 2 ? 2 : 1 }, (_, i) => ({
      name: `Huoltaja${i + 1}${tag}`,
      identifier: randomIdentityCode(1970, 1995),
    }));
    const extendsConsent = route === 'joint-meeting' && index % 2 === 0;
    const sent: Record<string, string> = {};
    children.forEach((child, i) => Object.assign(sent, { [`child${i + 1}`]: child.name, [`child${i + 1}Code`]: child.identifier }));
    guardians.forEach((guardian, i) =>
      Object.assign(sent, { [`guardian${i + 1}`]: guardian.name, [`guardian${i + 1}Code`]: guardian.identifier }),
    );
    Object.assign(sent, {
      description: `HUOLI${tag} nukkuu huonosti`,
      present: `Läsnä${tag}`,
      familyResponse: `VASTAUS${tag}`,
      nextStep: `SEURAAVA${tag}`,
      notified: `VIRANOMAINEN${tag}`,
    });
    if (route === 'follow-concern') Object.assign(sent, { deviationReason: `POIKKEAMA${tag} perhe ei halua tapaamista` });
    else {
      Object.assign(sent, {
        grandmother: `Mummo${tag}`,
        view: `NÄKEMYS${tag}`,
        childView: `LAPSEN${tag}`,
        starNote: `TÄHTI${tag}`,
        matter: `ASIA${tag}`,
        action: `TOIMI${tag}`,
        actionElsewhere: `HARRASTUS${tag}`,
        actionWhere: `Kotikatu 5 ${tag}`,
        contactsFamily: `PUHELU${tag}`,
        contactsWorker: `VIESTI${tag}`,
        revisionReason: `MUUTOS${tag}`,
        workerChange: `VAIHTO${tag}`,
        evaluationNote: `ARVIO${tag}`,
        remarks: `HUOMIO${tag}`,
        progressNote: `EDISTYS${tag}`,
        contactSummary: `YHTEYS${tag}`,
        followUpRequest: `SEURANTA${tag}`,
        followUpReason: `JATKO${tag}`,
        closureNote: `LOPPU${tag}`,
        reopenReason: `UUDELLEEN${tag}`,
        feedback: `PALAUTE${tag}`,
      });
      if (extendsConsent) Object.assign(sent, { godparent: `Kummi${tag}` });
    }
    return { index, tag, route, children, guardians, extendsConsent, sent };
  });
  // The municipality is reference data (an unknown one is refused at registration): the run is kept apart by its organiser.
  return { run, organizer: `Perhekeskus ${run}`, municipality: 'Kangasala', families };
}

export interface WalkedFamily {
  family: JourneyFamily;
  caseId: string;
  consentId?: string;
  feedbackId?: string;
  /** The last event of each service's topic for the case (each topic is keyed by case id) and how many of it. */
  lastEvents: Record<string, number>;
}

/**
 * A command that rests on facts another process learns through the broker (the convening it opened, the consents,
 * the responsible worker, the meeting) is refused until they arrive: sent again, with the same key, until then.
 */
const AWAITING_FACTS = [403, 404, 409, 422];
/** Reference data recorded at intake for the run (its rooms and organiser) reaches the other processes the same way. */
const REFERENCES = ['roomId', 'report.organizer', 'organizer'];

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** A family's meeting room (recorded by `drivePopulation`): rooms of the run, one per family. */
const roomOf = (population: Population, family: JourneyFamily) => `room-${population.run}-${family.index}`;

/** Walks one family through the model over HTTP, sending every personal value in `family.sent`. */
export async function walkPersonalDataFamily(
  api: Api,
  population: Population,
  family: JourneyFamily,
  factsTimeoutMs = 60_000,
): Promise<WalkedFamily> {
  const { sent, tag } = family;
  const label = (what: string) => `family ${family.index} (${tag}): ${what}`;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read field by field
  const ok = async (what: string, method: string, path: string, body?: unknown, user = 'terhi'): Promise<any> => {
    const key = randomUUID();
    const call = () => api(method, path, body, user, { 'idempotency-key': key });
    const response = await until(
      call,
      (r) => r.status < 300 || (!AWAITING_FACTS.includes(r.status) && !referenceNotKnown(r, REFERENCES)),
      label(what),
      factsTimeoutMs,
    ).catch(call);
    if (response.status >= 300) throw new Error(`${label(what)} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const room = roomOf(population, family);
  // Times from now: a meeting's record opens only when it is (about to be) held, a concern is raised with the family
  // after it was registered. The first meeting starts in a minute, the follow-up one an hour after it ends.
  const minute = Math.ceil(Date.now() / 60_000) * 60_000;
  const at = (minutesFromNow: number) => new Date(minute + minutesFromNow * 60_000).toISOString();

  const { caseId } = await ok('concern', 'POST', '/concerns', {
    channel: (['close-worker', 'electronic-contact', 'phone-line'] as const)[family.index % 3],
    sector: 'child health clinic',
    municipality: population.municipality,
    children: family.children,
    guardians: family.guardians,
    description: sent.description,
    zone: 3,
    ratedBy: 'worker',
  });
  await ok('raising with the family', 'POST', `/concerns/${caseId}/raisings`, {
    raisedAt: new Date().toISOString(),
    present: [sent.present],
    familyResponse: sent.familyResponse,
    nextStep: sent.nextStep,
  });
  await ok('mandatory notification', 'POST', `/concerns/${caseId}/mandatory-notifications`, {
    kind: 'child-protection',
    madeAt: new Date().toISOString(),
    recipient: sent.notified,
  });
  if (family.route === 'follow-concern') {
    await ok('route elsewhere', 'POST', `/concerns/${caseId}/route-decision`, {
      facts: FACTS,
      chosenRoute: 'follow-concern',
      deviationReason: sent.deviationReason,
    });
    return { family, caseId, lastEvents: { RouteDecided: 1 } };
  }
  await ok('route', 'POST', `/concerns/${caseId}/route-decision`, { facts: FACTS, chosenRoute: 'joint-meeting' });
  await until(
    () => api('GET', `/convenings/${caseId}`),
    (r) => r.status === 200,
    label('convening'),
    factsTimeoutMs,
  );
  const [guardian, secondGuardian] = family.guardians.map((g) => g.name);
  const { consentId } = await ok('consent', 'POST', `/convenings/${caseId}/consents`, {
    guardians: family.guardians.map((g) => g.name),
    children: family.children.map((c) => c.name),
    scopes: [
      { kind: 'person', value: 'demo-terhi', share: ['concern', 'joint-plan', 'follow-up'] },
      { kind: 'sector', value: 'school', share: ['concern', 'joint-plan'] },
      { kind: 'person', value: sent.grandmother, share: ['joint-plan'] },
      ...(secondGuardian ? [{ kind: 'person', value: secondGuardian, share: ['concern', 'joint-plan'] }] : []),
    ],
    validUntil: '2032-01-01T00:00:00.000Z',
    givenAs: family.index % 2 === 0 ? 'paper-form' : 'electronic',
  });
  await ok('inviting the grandmother', 'POST', `/convenings/${caseId}/invitations`, { kind: 'close-person', name: sent.grandmother });
  if (secondGuardian)
    await ok('inviting the other guardian', 'POST', `/convenings/${caseId}/invitations`, { kind: 'family-member', name: secondGuardian });
  if (family.extendsConsent) {
    await ok('consent extended to the godparent', 'POST', `/convenings/${caseId}/consents/${consentId}/extensions`, {
      scopes: [{ kind: 'person', value: sent.godparent, share: ['joint-plan'] }],
    });
    await ok('inviting the godparent', 'POST', `/convenings/${caseId}/invitations`, { kind: 'close-person', name: sent.godparent });
  }
  await ok('inviting the teacher', 'POST', `/convenings/${caseId}/invitations`, { kind: 'professional', directoryId: 'demo-olli' });
  const first = await ok('first meeting', 'POST', `/convenings/${caseId}/meetings`, {
    kind: 'first',
    startsAt: at(1),
    endsAt: at(61),
    roomId: room,
  });
  const meeting = `/cases/${caseId}/meetings/${first.meetingId}`;
  await until(
    () => api('GET', meeting),
    (r) => r.status === 200,
    label('meeting'),
    factsTimeoutMs,
  );
  await ok('attendance', 'POST', `${meeting}/attendance`, {
    participants: [
      ...family.guardians.map((g) => ({ name: g.name, role: 'family-member' })),
      { name: family.children[0].name, role: 'child' },
      { name: sent.grandmother, role: 'close-person' },
      ...(family.extendsConsent ? [{ name: sent.godparent, role: 'close-person' }] : []),
      { name: 'Terhi Terveydenhoitaja', role: 'professional', professionalId: 'demo-terhi' },
    ],
    childTookPart: true,
  });
  await ok('consent form', 'POST', `${meeting}/consent-form`, { signedBy: family.guardians.map((g) => g.name) });
  await ok('views', 'POST', `${meeting}/views`, {
    views: [
      { party: 'mother', view: sent.view },
      { party: 'child', view: sent.childView },
    ],
  });
  await ok('wellbeing star', 'POST', `${meeting}/wellbeing-star`, {
    configVersion: 'thl-2017-1',
    ratings: [{ area: 'parenting', score: 4, note: sent.starNote }],
  });
  const plan = {
    matters: [sent.matter],
    actions: [
      { arena: 'home', what: sent.action, who: guardian, by: '2031-03-20' },
      { arena: 'elsewhere', where: sent.actionWhere, what: sent.actionElsewhere, who: family.children[0].name, by: '2031-03-25' },
    ],
    followUp: { workerContactsFamily: sent.contactsFamily, familyContactsWorker: sent.contactsWorker },
    nextContactAt: '2031-03-17T10:00:00.000Z',
  };
  await ok('responsible worker', 'POST', `${meeting}/responsible-workers`, { workers: [{ professionalId: 'demo-terhi' }] });
  await ok('plan', 'POST', `${meeting}/plan`, { plan });
  // The teacher takes over (the school's scope of the consent covers him): the revised plan names him.
  await ok('responsible worker changed', 'POST', `${meeting}/responsible-workers`, {
    workers: [{ professionalId: 'demo-olli' }],
    reason: sent.workerChange,
    consentId,
  });
  await ok('plan revised', 'POST', `${meeting}/plan/revisions`, { plan, reason: sent.revisionReason });
  await ok('closing', 'POST', `${meeting}/closing`, {
    allMattersCovered: true,
    evaluationNote: sent.evaluationNote,
    report: {
      organizer: population.organizer,
      referred: false,
      referredToAssessmentOrSocialWork: false,
      familyGotHelp: 'yes',
      remarks: sent.remarks,
    },
  });
  const tracking = `/cases/${caseId}/plan-tracking`;
  await until(
    () => api('GET', tracking),
    (r) => r.status === 200,
    label('plan tracking'),
    factsTimeoutMs,
  );
  await ok('progress', 'POST', `${tracking}/progress`, { actionIndex: 0, status: 'under-way', note: sent.progressNote }, 'olli');
  await ok(
    'contact',
    'POST',
    `${tracking}/contacts`,
    { at: new Date().toISOString(), method: 'phone', summary: sent.contactSummary },
    'olli',
  );
  await ok('follow-up request', 'POST', `${tracking}/follow-up-requests`, { reason: sent.followUpRequest }, 'olli');
  await until(
    () => api('GET', `/convenings/${caseId}`),
    (r) => r.body?.followUpRequests?.length > 0,
    label('the follow-up request at convening'),
    factsTimeoutMs,
  );
  await ok('follow-up meeting', 'POST', `/convenings/${caseId}/meetings`, {
    kind: 'follow-up',
    startsAt: at(121),
    endsAt: at(181),
    roomId: room,
    followUpReason: sent.followUpReason,
  });
  await ok('outcome', 'POST', `${tracking}/outcome`, { outcome: 'sufficient' }, 'olli');
  await ok('closure', 'POST', `${tracking}/closure`, { reason: 'other', note: sent.closureNote }, 'olli');
  // Before the reopening: once CaseReopened reached reporting, plan follow-up's relay has published the feedback too.
  const { feedbackId } = await ok('feedback', 'POST', '/feedback', {
    formVersion: 'kangasala-2024-1',
    answers: [{ item: 'heard', score: 4 }],
    month: new Date().toISOString().slice(0, 7),
    organizer: population.organizer,
    freeText: sent.feedback,
  });
  await ok('reopening', 'POST', `${tracking}/reopening`, { reason: sent.reopenReason }, 'olli');
  await ok('withdrawal', 'POST', `/convenings/${caseId}/consents/${consentId}/withdrawal`, { withdrawnBy: secondGuardian ?? guardian });
  return {
    family,
    caseId,
    consentId,
    feedbackId,
    lastEvents: { JointMeetingRequested: 1, ConsentWithdrawn: 1, MeetingOpened: 2, CaseReopened: 1 },
  };
}

/** The population's families side by side, as several professionals would work at once; fails with every family's error. */
export async function drivePopulation(api: Api, population: Population, factsTimeoutMs?: number): Promise<WalkedFamily[]> {
  // The run's organiser and rooms, recorded first: deployed apart, they reach the other services while the families start.
  await recordOrganiser(api, `perhekeskus-${population.run}`, population.organizer);
  await Promise.all(population.families.map((family) => recordRoom(api, roomOf(population, family))));
  const walked = await Promise.allSettled(
    population.families.map((family) => walkPersonalDataFamily(api, population, family, factsTimeoutMs)),
  );
  const failed = walked.flatMap((w) => (w.status === 'rejected' ? [String((w.reason as Error)?.stack ?? w.reason)] : []));
  if (failed.length > 0)
    throw new Error(`${failed.length} of ${walked.length} families did not complete their journey:\n${failed.join('\n')}`);
  return walked.map((w) => (w as PromiseFulfilledResult<WalkedFamily>).value);
}

/** Waits until reporting's archive holds each family's last event of every service (the auditor's case history). */
export async function untilInReporting(api: Api, walked: WalkedFamily[], timeoutMs = 120_000): Promise<void> {
  await Promise.all(
    walked.map(({ family, caseId, lastEvents }) =>
      until(
        () => api('GET', `/audit/cases/${caseId}/history`, undefined, 'aino', { 'x-purpose': 'personal data scan' }),
        (r) =>
          r.status === 200 &&
          Object.entries(lastEvents).every(([type, n]) => r.body.events.filter((e: { type: string }) => e.type === type).length >= n),
        `family ${family.index}'s case in reporting's archive (${JSON.stringify(lastEvents)})`,
        timeoutMs,
      ),
    ),
  );
}

/**
 * Finds the population's personal values in a text, as `family n (tag) field "value"`. Looked for: each family's
 * tag (in every value but the identity codes: a value cut, escaped or cased differently still shows) and each
 * identity code, as they are, in lower case, and hex-encoded (as PostgreSQL prints bytea); where one is found, the
 * whole values it belongs to are named.
 */
export type Finder = ((text: string) => string[]) & { needles: string[] };

export function personalValueFinder(population: Population): Finder {
  const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');
  const variants = (text: string) => [...new Set([text, text.toLowerCase(), hex(text), hex(text.toLowerCase())])];
  const markers = population.families.map((family) => ({
    family,
    needles: [family.tag, ...family.children.map((c) => c.identifier), ...family.guardians.map((g) => g.identifier)].flatMap(variants),
  }));
  const find = (text: string): string[] => {
    const hits: string[] = [];
    for (const { family, needles } of markers) {
      if (!needles.some((needle) => text.includes(needle))) continue;
      const values = Object.entries(family.sent).filter(([, value]) => variants(value).some((v) => text.includes(v)));
      const name = `family ${family.index} (${family.tag})`;
      if (values.length > 0) hits.push(...values.map(([field, value]) => `${name} ${field} "${value}"`));
      else
        hits.push(
          `${name}: part of a personal value, ${needles
            .filter((needle) => text.includes(needle))
            .map((n) => `"${n}"`)
            .join(', ')}`,
        );
    }
    return hits;
  };
  return Object.assign(find, { needles: markers.flatMap((m) => m.needles) });
}

/**
 * Every row of every table of every schema but PostgreSQL's own, as JSON text (bytea as hex), searched in the
 * database for the finder's needles: `table schema.name, column c: what` for each hit. Also counts the rows naming
 * any of `caseIds`, to show the scan saw them.
 */
export async function scanDatabase(
  pool: Pool,
  find: Finder,
  caseIds: string[],
): Promise<{ hits: string[]; tables: number; rowsOfCases: number }> {
  const { rows: tables } = await pool.query<{ schema: string; name: string }>(
    `select table_schema as schema, table_name as name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') and table_schema not like 'pg_toast%'
      order by 1, 2`,
  );
  const like = (values: string[]) => values.map((v) => `%${v.replace(/[\\%_]/g, '\\$&')}%`);
  const hits: string[] = [];
  let rowsOfCases = 0;
  let scanned = 0;
  for (const { schema, name } of tables) {
    const table = `"${schema.replace(/"/g, '""')}"."${name.replace(/"/g, '""')}"`;
    try {
      const { rows } = await pool.query<{ row: string | null; of_case: boolean }>(
        `select case when r like any($1) then r end as row, r like any($2) as of_case from (select to_jsonb(t)::text as r from ${table} t) s where r like any($1) or r like any($2)`,
        [like(find.needles), like(caseIds)],
      );
      scanned++;
      for (const { row, of_case } of rows) {
        if (of_case) rowsOfCases++;
        if (row === null) continue;
        for (const [column, value] of Object.entries(JSON.parse(row) as Record<string, unknown>)) {
          const text = typeof value === 'string' ? value : JSON.stringify(value);
          for (const what of find(text)) hits.push(`table ${schema}.${name}, column ${column}: ${what} in ${text.slice(0, 300)}`);
        }
      }
    } catch (error) {
      // Another suite on the shared server dropped it meanwhile: nothing is kept there any more.
      if (!['42P01', '3F000'].includes((error as { code?: string }).code ?? '')) throw error;
    }
  }
  return { hits, tables: scanned, rowsOfCases };
}

/** Files under `dir` (an embedded database's files, keys, anchors) holding any of the values, as `path: what`. */
export function scanFiles(dir: string, find: Finder): string[] {
  const hits: string[] = [];
  if (!existsSync(dir)) return hits;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) hits.push(...scanFiles(path, find));
    else if (entry.isFile()) {
      const bytes = readFileSync(path);
      // Byte for byte (latin1) the tag and codes show in any binary; as UTF-8 the whole values are named.
      const found = find(bytes.toString('latin1'));
      const named = found.length > 0 ? find(bytes.toString('utf8')) : [];
      for (const value of named.length > 0 ? named : found) hits.push(`file ${path}: ${value}`);
    }
  }
  return hits;
}

/** Each line of a process's output holding any of the values, as `log of <name>, line n: what`. */
export function scanLog(name: string, log: string, find: Finder): string[] {
  return log
    .split('\n')
    .flatMap((line, i) => find(line).map((value) => `log of ${name}, line ${i + 1}: ${value} in ${line.slice(0, 300)}`));
}

/**
 * Every message of every topic `topicFilter` accepts, read from the beginning with a consumer of a group of its own
 * (nothing is deleted or committed for anyone else): key, value and headers, as `topic partition/offset: what`.
 * Also the messages keyed by each of `caseIds`, to show the scan saw them.
 */
export async function scanTopics(
  kafka: Kafka,
  topicFilter: (topic: string) => boolean,
  find: Finder,
  caseIds: string[],
  timeoutMs = 90_000,
) {
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter(topicFilter).sort();
  const ends = new Map<string, number>();
  try {
    for (const topic of topics)
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic))
        if (Number(high) > Number(low)) ends.set(`${topic}/${partition}`, Number(high));
  } finally {
    await admin.disconnect();
  }
  const reader = kafka.consumer({ groupId: `personal-data-scan-${randomUUID()}` });
  const hits: string[] = [];
  const ofCase = new Map<string, number>(caseIds.map((id) => [id, 0]));
  let messages = 0;
  await reader.connect();
  try {
    await reader.subscribe({ topics, fromBeginning: true });
    await reader.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        messages++;
        const key = message.key?.toString('utf8') ?? '';
        if (ofCase.has(key)) ofCase.set(key, (ofCase.get(key) ?? 0) + 1);
        const headers = Object.entries(message.headers ?? {}).map(
          ([name, value]) => `${name}=${Array.isArray(value) ? value.map(String).join(',') : String(value)}`,
        );
        const value = message.value ?? Buffer.alloc(0);
        const text = `${key}\n${value.toString('utf8')}\n${value.toString('latin1')}\n${headers.join('\n')}`;
        for (const what of find(text)) hits.push(`topic ${topic} ${partition}/${message.offset}: ${what} in ${text.slice(0, 300)}`);
        if (Number(message.offset) + 1 >= (ends.get(`${topic}/${partition}`) ?? 0)) ends.delete(`${topic}/${partition}`);
      },
    });
    const deadline = Date.now() + timeoutMs;
    while (ends.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    await reader.disconnect();
  }
  return { topics, messages, unread: [...ends.keys()], ofCase: Object.fromEntries(ofCase), hits };
}

/**
 * Waits until every active consumer group whose name `groupFilter` accepts has committed, on each of `topics` it
 * consumes, at least up to the end the topic had when the wait began: every reaction to the journey's events has
 * been made (and its effects written) before anything is scanned.
 */
export async function untilConsumersCaughtUp(
  kafka: Kafka,
  topics: string[],
  groupFilter: (group: string) => boolean,
  timeoutMs = 120_000,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const listed = (await admin.listGroups()).groups.map((g) => g.groupId).filter(groupFilter);
    const groups = (await admin.describeGroups(listed)).groups.filter((g) => g.members.length > 0).map((g) => g.groupId);
    const ends = new Map<string, { high: number; low: number }>();
    for (const topic of topics)
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic))
        ends.set(`${topic}/${partition}`, { high: Number(high), low: Number(low) });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const behind: string[] = [];
      for (const groupId of groups) {
        for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
          // A topic the group never committed on is one it does not consume.
          if (partitions.every((p) => Number(p.offset) < 0)) continue;
          for (const { partition, offset } of partitions) {
            const end = ends.get(`${topic}/${partition}`);
            if (end && Math.max(Number(offset), end.low) < end.high)
              behind.push(`${groupId} on ${topic}/${partition}: ${offset} of ${end.high}`);
          }
        }
      }
      if (behind.length === 0) return;
      if (Date.now() > deadline) throw new Error(`consumers still behind after ${timeoutMs} ms:\n${behind.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await admin.disconnect();
  }
}
