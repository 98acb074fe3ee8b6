import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConveningModule } from '@perheverkko/convening-service';
import { IntakeModule } from '@perheverkko/intake-service';
import { MeetingModule } from '@perheverkko/meeting-service';
import { PlanFollowupModule } from '@perheverkko/plan-followup-service';
import { PlatformModule } from '@perheverkko/platform';
import { ReportingModule } from '@perheverkko/reporting-service';
import { serveWithDemoUsers } from '@perheverkko/platform/testing';
import { AADA_CONCERN as concern, JOINT_MEETING_FACTS as facts, familyConsent } from './fixtures';
import { okOver } from './commands';
import { recordRoom } from './rooms';

export { concern, facts };

/** A joint plan as the meeting specs agree it. */
export const plan = {
  matters: ['Väsymys aamuisin'],
  actions: [
    { arena: 'home', what: 'Nukkumaanmeno klo 20.30', who: 'Mari', by: '2031-03-20' },
    { arena: 'everyday-environment', what: 'Päivittäinen tuokio koulussa', who: 'Olli', by: '2031-03-15' },
  ],
  followUp: { workerContactsFamily: 'puhelu joka toinen maanantai', familyContactsWorker: 'tekstiviesti neuvolaan' },
  nextContactAt: '2031-03-17T10:00:00.000Z',
};
/**
 * A meeting's times for a spec that records it at once: it starts a minute from now and lasts `minutes` (nothing is
 * recorded of a meeting earlier than 15 minutes before its start).
 */
export function heldNow(minutes = 60, fromNow = 1): { startsAt: string; endsAt: string } {
  const startsAt = Date.now() + fromNow * 60_000;
  return { startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + minutes * 60_000).toISOString() };
}
export const terhiAsResponsibleWorker = {
  professionalId: 'demo-terhi',
  name: 'Terhi Terveydenhoitaja',
  organisation: 'Kangasala child health clinic',
  publicService: true,
};

/**
 * The services in one application, as the standalone app composes them. Without KAFKA_BROKERS they hear each
 * other through the embedded transport; with it, through the real broker.
 */
export async function startServiceChain(extraEnv: Record<string, string | undefined> = {}, options: { withReporting?: boolean } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-chain-'));
  for (const [key, value] of Object.entries({ DATA_DIR: dataDir, ...extraEnv })) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  // The application is its own demo issuer, which a chain on the PostgreSQL server or Kafka must enable explicitly.
  delete process.env.OIDC_ISSUER;
  process.env.DEMO_ISSUER = 'enabled';
  @Module({
    imports: [
      PlatformModule,
      IntakeModule,
      ConveningModule,
      PlanFollowupModule,
      MeetingModule,
      ...(options.withReporting ? [ReportingModule] : []),
    ],
  })
  class App {}
  let app: INestApplication | undefined;
  let served: Awaited<ReturnType<typeof serveWithDemoUsers>>;
  try {
    app = await NestFactory.create(App, { logger: false });
    served = await serveWithDemoUsers(app);
  } catch (error) {
    // A chain that does not start leaves nothing behind: its caller's afterAll has no `close` to call.
    await app?.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { call, base, tokens } = served;

  async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (ok(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Until GET `path` answers 200 (as terhi): that answer. */
  const untilFound = (path: string, what: string) =>
    until(
      () => call('GET', path),
      (r) => r.status === 200,
      what,
    );

  /** A command (`what`, in the error) as `user` under an idempotency key of its own, which must succeed: the answer's body. */
  const ok = okOver(call);

  /** A concern routed to a joint meeting, and convening opened for it (waits for the reaction). */
  const routedCase = async () => {
    const created = await call('POST', '/concerns', concern, 'terhi', { 'idempotency-key': randomUUID() });
    const caseId = created.body.caseId as string;
    await call('POST', `/concerns/${caseId}/route-decision`, { facts, chosenRoute: 'joint-meeting' });
    await untilFound(`/convenings/${caseId}`, `convening of ${caseId}`);
    return caseId;
  };

  /** The family's consent to the case (see familyConsent), recorded with `ok`: the answer's body. */
  const consented = (caseId: string, scopes: unknown[], children?: string[], validUntil?: string) =>
    ok('consent', 'POST', `/convenings/${caseId}/consents`, familyConsent(scopes, children, validUntil));

  /** The teacher (demo-olli) invited to the case with `ok`: the answer's body. */
  const teacherInvited = (caseId: string) =>
    ok('inviting the teacher', 'POST', `/convenings/${caseId}/invitations`, { kind: 'professional', directoryId: 'demo-olli' });

  /** A meeting room of the spec's own, recorded in the reference data (known to convening at once: one process). */
  const room = (id?: string) => recordRoom(call, id);

  /**
   * `what`: schedules the case's meeting at `slot` (in a room of the spec's own unless it names one) with `ok`, and
   * waits until the meeting service opens it: its id and path.
   */
  const scheduledMeeting = async (
    what: string,
    caseId: string,
    slot: { kind: string; startsAt: string; endsAt: string; roomId?: string },
  ) => {
    const { meetingId } = await ok(what, 'POST', `/convenings/${caseId}/meetings`, { ...slot, roomId: slot.roomId ?? (await room()) });
    const meeting = `/cases/${caseId}/meetings/${meetingId}`;
    await untilFound(meeting, `meeting ${meetingId} to open`);
    return { meetingId: meetingId as string, meeting };
  };

  const started = app;
  const close = async () => {
    try {
      await started.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
  return { app: started, call, base, tokens, until, untilFound, ok, routedCase, consented, teacherInvited, room, scheduledMeeting, close };
}

/** The running chain, as a spec holds it. */
export type ServiceChain = Awaited<ReturnType<typeof startServiceChain>>;
