/** What the intake specs share: Terhi of the child health clinic, her commands' metadata, the concern she registers, calm routing facts. */
import { specMetadata } from '@perheverkko/decider/testing';
import type { IntakeEvent, Worker } from './concern.decider';
import type { RoutingFacts } from './routing';

export const terhi: Worker = { id: 'w-terhi', name: 'Terhi', organisation: 'Neuvola', sector: 'child health clinic' };

/** Command `cmd` of case-1 in correlation `corr`, by a worker of Neuvola (Terhi unless named) at `now`. */
export const intakeMetadata = (now: string, actorId = terhi.id, role = 'professional') =>
  specMetadata(now, { id: actorId, role }, { commandId: 'cmd', correlationId: 'corr' });

/** Terhi registers a concern for Aada in Kangasala, with what `data` says of its children, guardians and time. */
export const concernRegistered = (
  data: Pick<Extract<IntakeEvent, { type: 'ConcernRegistered' }>['data'], 'children' | 'guardians' | 'registeredAt'>,
): IntakeEvent => ({
  type: 'ConcernRegistered',
  data: { channel: 'close-worker', raisedBy: terhi, municipality: 'Kangasala', childCount: 1, description: 'tired every morning', ...data },
});

const noSuspicion = { suspectedViolence: false, suspectedSexualAbuse: false, suspectedSubstanceAbuse: false };
/** Zone 2, no suspicion, the guardians commit and the family wishes support (no other social work): unless `facts` say otherwise. */
export const routingFacts = (facts: Partial<RoutingFacts> = {}): RoutingFacts => ({
  zone: 2,
  socialWorkClient: false,
  guardiansCommit: true,
  ...noSuspicion,
  familyWishesSupport: true,
  otherSocialWorkWished: false,
  ...facts,
});
