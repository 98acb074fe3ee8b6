import { randomUUID } from 'node:crypto';
import { handleCommand } from '@perheverkko/command-handling';
import type { PostgresEventStore } from '@perheverkko/event-store';
import { CaseErasedError, type PersonalDataVault } from '@perheverkko/personal-data';
import { PLAN_PERSONAL_FIELDS, planTrackingDecider, type PlanCommand } from '@perheverkko/plan-followup-domain';
import { embeddedStoreAndVault } from './embedded-vault';

/**
 * Issue 17: a write to a case whose key was destroyed used to crash plan follow-up's fold (its actions read as
 * `{ erased: true }`, not a list) and answer 500. Through the shared write path it now folds, and whatever would
 * record something personal is refused with the rule `case-erased` (HTTP 409), nothing appended.
 */
describe('writes to an erased case', () => {
  let store: PostgresEventStore;
  let vault: PersonalDataVault;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ store, vault, close } = await embeddedStoreAndVault('plan_followup'));
  }, 60_000);

  afterAll(() => close());

  it('should answer case-erased, never crash in the fold, and still decide what needs nothing personal', async () => {
    const caseId = randomUUID();
    const plan = (type: PlanCommand['type'], data: object) =>
      handleCommand({
        store,
        decider: planTrackingDecider,
        streamId: `Plan-${caseId}`,
        command: {
          type,
          data,
          metadata: {
            commandId: randomUUID(),
            caseId,
            correlationId: randomUUID(),
            actor: { id: 'w1', role: 'professional', organisation: 'Neuvola' },
            now: '2031-03-20T09:00:00.000Z',
          },
        } as PlanCommand,
        personalData: { protection: vault, fields: PLAN_PERSONAL_FIELDS },
      });
    const actions = [{ arena: 'home', what: 'Nukkumaanmeno klo 20.30', who: 'Mari', by: '2031-03-20' }];
    await plan('TrackPlanRevision', {
      meetingId: 'm-1',
      revision: 1,
      actions,
      responsibleWorkerIds: ['w1'],
      nextContactAt: '2031-03-17T10:00:00.000Z',
    });
    await plan('RecordContact', { at: '2031-03-17T10:00:00.000Z', method: 'phone', summary: 'puhelu äidin kanssa' });
    await vault.erase(caseId, 'erasure on request');

    await expect(plan('RecordContact', { at: '2031-03-18T10:00:00.000Z', method: 'phone', summary: 'more' })).rejects.toThrow(
      CaseErasedError,
    );
    await expect(plan('RecordProgress', { actionIndex: 0, status: 'done' })).rejects.toMatchObject({
      rule: 'case-erased',
      kind: 'conflict',
    });
    await expect(plan('CloseCase', { reason: 'other', note: 'family moved' })).rejects.toMatchObject({ rule: 'case-erased' });

    const noted = await plan('NoteMeetingScheduled', { meetingId: 'm-2', number: 2, startsAt: '2031-04-01T09:00:00.000Z' });
    expect(noted.events).toHaveLength(1);
    expect(noted.state).toMatchObject({ status: 'tracking', actions: [], actionsErased: true });
    expect(await store.readStream(`Plan-${caseId}`)).toHaveLength(3);
  });
});
