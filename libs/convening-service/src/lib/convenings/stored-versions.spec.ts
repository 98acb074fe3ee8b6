import { handleCommand, type PersonalDataProtection } from '@perheverkko/command-handling';
import { CONVENING_CONTRACTS, ContractRegistry } from '@perheverkko/contracts';
import {
  CONVENING_PERSONAL_FIELDS,
  CONVENING_SCHEMA_VERSIONS,
  CONVENING_UPCASTERS,
  conveningDecider,
  type ConveningCommand,
} from '@perheverkko/convening-domain';
import { DomainRuleViolation } from '@perheverkko/decider';
import type { EventStore, NewEvent, RecordedEvent } from '@perheverkko/event-store';

/**
 * Convening's write path over a stream written before the share vocabulary was closed: the stored v1 events are
 * never rewritten; they are upcast as they are read (the same configuration ConveningCommandHandler passes), fold,
 * and still publish under the current contracts.
 */
const caseId = '5d1f0c1e-7a3b-4c2d-9e8f-0a1b2c3d4e5f';
const streamId = `Convening-${caseId}`;
const terhi = { id: 'demo-terhi', name: 'Terhi', organisation: 'Kangasala child health clinic', sector: 'child health clinic' };
const olli = { kind: 'professional' as const, id: 'demo-olli', name: 'Olli', organisation: 'Kangasala school', sector: 'school' };

/** Sealing as the vault does it, without encryption: enough to see what is stored sealed and what plain. */
const protection: PersonalDataProtection = {
  async sealFields<T>(_caseId: string, data: T, paths: readonly string[]): Promise<T> {
    const copy = structuredClone(data) as Record<string, unknown>;
    for (const path of paths)
      if (copy[path] !== undefined) copy[path] = { $sealed: 1, iv: 'iv', ct: Buffer.from(JSON.stringify(copy[path])).toString('base64') };
    return copy as T;
  },
  async openFields<T>(_caseId: string, data: T): Promise<T> {
    const open = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(open);
      if (value && typeof value === 'object') {
        const sealed = value as { $sealed?: number; ct?: string };
        if (sealed.$sealed === 1) return JSON.parse(Buffer.from(String(sealed.ct), 'base64').toString());
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, open(v)]));
      }
      return value;
    };
    return open(data) as T;
  },
};

function memoryStore(): Pick<EventStore, 'readStream' | 'appendToStream'> & { events: RecordedEvent[] } {
  const events: RecordedEvent[] = [];
  return {
    events,
    async readStream(id: string) {
      return events.filter((e) => e.streamId === id);
    },
    async appendToStream(id: string, added: NewEvent[]) {
      for (const e of added)
        events.push({
          ...e,
          streamId: id,
          streamRevision: events.length,
          position: { commit: BigInt(events.length), prepare: 0n },
          recordedAt: e.metadata.occurredAt,
        });
      return {
        nextExpectedRevision: events.length - 1,
        position: { commit: BigInt(events.length - 1), prepare: 0n },
        alreadyAppended: false,
      };
    },
  };
}

/** What v1 sealed: the consent's guardians and children, an invitee. A v1 withdrawal named its withdrawer in clear text. */
const V1_PERSONAL_FIELDS: Record<string, string[]> = { ConsentGranted: ['guardians', 'children'], InvitationSent: ['invitee'] };

const stored = async (type: string, data: object, version: number, at: string, causationId = `old-${type}`): Promise<RecordedEvent> => ({
  type,
  data: await protection.sealFields(caseId, data, V1_PERSONAL_FIELDS[type] ?? []),
  metadata: {
    eventId: `e-${type}-${at}`,
    caseId,
    correlationId: 'c',
    causationId,
    actor: { id: terhi.id, role: 'professional', organisation: terhi.organisation },
    occurredAt: at,
    schemaVersion: version,
  },
  streamId,
  streamRevision: 0,
  position: { commit: 0n, prepare: 0n },
  recordedAt: at,
});

/** The stream as convening wrote it before issue 16: v1 shapes, free share words, a withdrawal in clear text. */
async function v1Stream() {
  const store = memoryStore();
  const history = [
    await stored(
      'ConveningOpened',
      { convener: terhi, zone: 3, concernRegisteredAt: '2026-03-01T09:00:00.000Z', requestedAt: '2026-03-02T09:00:00.000Z' },
      1,
      '2026-03-02T09:00:01.000Z',
    ),
    await stored(
      'ConsentGranted',
      {
        consentId: 'k-old',
        guardians: ['Mari'],
        children: ['Aada'],
        scopes: [{ kind: 'sector', value: 'school', share: ['concern', 'joint plan'] }],
        validUntil: '2030-01-01T00:00:00.000Z',
        givenAs: 'paper-form',
        recordedBy: terhi.id,
      },
      1,
      '2026-03-03T09:00:00.000Z',
    ),
    await stored(
      'InvitationSent',
      {
        invitationId: 'i-old',
        inviteeId: 'demo-kaisa',
        invitee: { kind: 'professional', id: 'demo-kaisa', name: 'Kaisa', sector: 'school' },
        consentId: 'k-old',
        share: ['concern', 'joint plan'],
        sentBy: terhi.id,
        sentAt: '2026-03-03T10:00:00.000Z',
      },
      1,
      '2026-03-03T10:00:00.000Z',
    ),
    await stored(
      'ConsentWithdrawn',
      { consentId: 'k-old', withdrawnBy: 'family', withdrawnAt: '2026-03-04T09:00:00.000Z' },
      1,
      '2026-03-04T09:00:00.000Z',
    ),
    await stored(
      'ConsentGranted',
      {
        consentId: 'k-1',
        guardians: ['Mari'],
        children: ['Aada'],
        scopes: [{ kind: 'sector', value: 'school', share: ['concern', 'joint plan', 'everything'] }],
        validUntil: '2030-01-01T00:00:00.000Z',
        givenAs: 'paper-form',
        recordedBy: terhi.id,
      },
      1,
      '2026-03-05T09:00:00.000Z',
      'old-grant-k-1',
    ),
    await stored(
      'ConsentExtended',
      {
        consentId: 'k-1',
        scopes: [{ kind: 'person', value: 'demo-antti', share: ['Meeting record'] }],
        validUntil: '2030-06-01T00:00:00.000Z',
        recordedBy: terhi.id,
      },
      1,
      '2026-03-06T09:00:00.000Z',
    ),
  ];
  history.forEach((e, i) => store.events.push({ ...e, streamRevision: i }));
  return store;
}

const run = (store: Pick<EventStore, 'readStream' | 'appendToStream'>, type: ConveningCommand['type'], data: object, commandId: string) =>
  handleCommand({
    store,
    decider: conveningDecider,
    streamId,
    command: {
      type,
      data,
      metadata: {
        commandId,
        caseId,
        correlationId: 'c',
        actor: { id: terhi.id, role: 'professional', organisation: terhi.organisation },
        now: '2026-04-01T09:00:00.000Z',
      },
    } as ConveningCommand,
    schemaVersions: CONVENING_SCHEMA_VERSIONS,
    upcasters: CONVENING_UPCASTERS,
    personalData: { protection, fields: CONVENING_PERSONAL_FIELDS },
  });

describe("convening's stream written with v1 shapes and free share words", () => {
  it('should fold with the words read as categories, unknown words kept apart and opening nothing', async () => {
    const store = await v1Stream();
    const outcome = await run(store, 'Invite', { invitationId: 'i-1', invitee: olli }, 'invite-olli');
    expect(outcome.state).toMatchObject({
      status: 'open',
      consents: [
        { consentId: 'k-old', withdrawn: true, scopes: [{ share: ['concern', 'joint-plan'] }] },
        {
          consentId: 'k-1',
          withdrawn: false,
          validUntil: '2030-06-01T00:00:00.000Z',
          scopes: [
            { kind: 'sector', value: 'school', share: ['concern', 'joint-plan'], unrecognisedShare: ['everything'] },
            { kind: 'person', value: 'demo-antti', share: ['meeting-record'] },
          ],
        },
      ],
      invitations: [
        { invitationId: 'i-old', consentId: 'k-old' },
        { invitationId: 'i-1', consentId: 'k-1' },
      ],
    });
    // The new invitation is stored at v2, with categories only.
    const sent = store.events[store.events.length - 1];
    expect(sent).toMatchObject({
      type: 'InvitationSent',
      data: { consentId: 'k-1', share: ['concern', 'joint-plan'] },
      metadata: { schemaVersion: 2 },
    });
    expect(sent.data).not.toHaveProperty('unrecognisedShare');
  });

  it('should answer a resent old command from the history, upcast', async () => {
    const store = await v1Stream();
    const again = await run(store, 'GrantConsent', {}, 'old-grant-k-1');
    expect(again.alreadyHandled).toBe(true);
    expect(again.events).toEqual([
      expect.objectContaining({
        type: 'ConsentGranted',
        data: expect.objectContaining({
          scopes: [{ kind: 'sector', value: 'school', share: ['concern', 'joint-plan'], unrecognisedShare: ['everything'] }],
        }),
      }),
    ]);
  });

  it("should store a withdrawal by one of the consent's guardians sealed at v2, and refuse anyone else", async () => {
    const store = await v1Stream();
    await expect(run(store, 'WithdrawConsent', { consentId: 'k-1', withdrawnBy: 'family' }, 'w-1')).rejects.toMatchObject({
      rule: 'withdrawn-by-consenting-guardian',
    });
    await expect(run(store, 'WithdrawConsent', { consentId: 'k-1', withdrawnBy: 'family' }, 'w-1')).rejects.toBeInstanceOf(
      DomainRuleViolation,
    );
    const outcome = await run(store, 'WithdrawConsent', { consentId: 'k-1', withdrawnBy: 'MARI' }, 'w-2');
    expect(outcome.events).toEqual([
      { type: 'ConsentWithdrawn', data: { consentId: 'k-1', withdrawnBy: 'Mari', withdrawnAt: '2026-04-01T09:00:00.000Z' } },
    ]);
    const withdrawn = store.events[store.events.length - 1];
    expect(withdrawn.metadata.schemaVersion).toBe(2);
    expect((withdrawn.data as { withdrawnBy: unknown }).withdrawnBy).toMatchObject({ $sealed: 1 });
    // The v1 withdrawal is history as written: its clear text stays.
    expect(store.events.find((e) => e.type === 'ConsentWithdrawn')!.data).toMatchObject({ withdrawnBy: 'family' });
  });

  it('should publish every stored event, v1 or v2, under the current contracts', async () => {
    const store = await v1Stream();
    await run(store, 'Invite', { invitationId: 'i-1', invitee: olli }, 'invite-olli');
    await run(store, 'WithdrawConsent', { consentId: 'k-1', withdrawnBy: 'Mari' }, 'withdraw');
    const registry = new ContractRegistry(CONVENING_CONTRACTS);
    const published = store.events.map((e) =>
      registry.upcast({
        eventId: e.metadata.eventId,
        type: e.type,
        version: e.metadata.schemaVersion,
        caseId,
        occurredAt: e.metadata.occurredAt,
        correlationId: 'c',
        causationId: 'c',
        data: e.data,
      }),
    );
    expect(published.map((e) => `${e.type} v${e.version}`)).toEqual([
      'ConveningOpened v2',
      'ConsentGranted v3',
      'InvitationSent v2',
      'ConsentWithdrawn v2',
      'ConsentGranted v3',
      'ConsentExtended v3',
      'InvitationSent v2',
      'ConsentWithdrawn v2',
      'InvitationCancelled v1',
    ]);
    expect(published[4].data).toMatchObject({ scopes: [{ share: ['concern', 'joint-plan'], unrecognisedShare: ['everything'] }] });
    expect(published[3].data).toMatchObject({ withdrawnBy: 'family' });
    expect(published[7].data).toMatchObject({ withdrawnBy: { $sealed: 1 } });
  });
});
