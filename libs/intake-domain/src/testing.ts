// Fixtures of intake's domain for the specs that build on it: the service's API spec and the end-to-end specs.
import type { RoutingFacts } from './lib/routing';

/** Intake's facts for a concern the family wants support with, and no reason to route it elsewhere: a joint meeting. */
export const JOINT_MEETING_FACTS = {
  zone: 3,
  socialWorkClient: false,
  guardiansCommit: true,
  suspectedViolence: false,
  suspectedSexualAbuse: false,
  suspectedSubstanceAbuse: false,
  familyWishesSupport: true,
  otherSocialWorkWished: false,
} as const satisfies RoutingFacts;

/** The nurse's concern about Aada (Mari her guardian), with valid identity codes. */
export const AADA_CONCERN = {
  channel: 'close-worker',
  municipality: 'Kangasala',
  sector: 'child health clinic',
  children: [{ name: 'Aada', identifier: '010118A9989' }],
  guardians: [{ name: 'Mari', identifier: '131052-308T' }],
  description: 'tired every morning',
  zone: 3,
  ratedBy: 'worker',
};
