/** Fixtures the contract specs share: a stored event's envelope, a sealed value, a worker, a consent. */

/** What a sealed personal value looks like on the wire (the contracts check its shape, never its content). */
export const SEALED = { $sealed: 1, iv: 'AAAA', ct: 'AAAA' };

/** A stored event of case-1, as the registry reads and publishes it. */
export const envelopeOf = (type: string, version: number, data: unknown, occurredAt = '2026-03-01T09:00:00.000Z') => ({
  eventId: '6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e',
  type,
  version,
  caseId: 'case-1',
  occurredAt,
  correlationId: 'c',
  causationId: 'c',
  data,
});

/** A responsible worker in public service. */
export const terhi = { professionalId: 'demo-terhi', name: 'Terhi', organisation: 'Kangasala child health clinic', publicService: true };

/** ConsentGranted's data with the given scopes. */
export const consentGranted = (scopes: unknown[]) => ({
  consentId: 'k-1',
  guardians: SEALED,
  children: SEALED,
  scopes,
  validUntil: '2030-01-01T00:00:00.000Z',
  givenAs: 'paper-form',
  recordedBy: 'demo-terhi',
});
