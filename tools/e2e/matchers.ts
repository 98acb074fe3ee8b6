/**
 * What the end-to-end specs expect of an answer, where more than one spec expects the same: Jest's asymmetric
 * matchers, built when a spec calls for them.
 */

/** A case's processing history that holds aino the auditor's read of the case history across services, for `purpose`. */
export const holdsAuditorsHistoryRead = (purpose: string) =>
  expect.arrayContaining([
    expect.objectContaining({
      who: expect.objectContaining({ id: 'demo-aino' }),
      action: 'read',
      what: 'case history across services',
      purpose,
    }),
  ]);
