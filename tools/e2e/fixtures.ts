/**
 * The requests the end-to-end specs, drills and benchmarks send again and again, in one place. Plain data, nothing
 * imported: a spec that runs the services as processes takes these without loading any service module.
 */

export { AADA_CONCERN, JOINT_MEETING_FACTS } from '@perheverkko/intake-domain/testing';

/** A minimal concern, as load is made of: one child under a temporary identifier, no guardians. */
export const loadConcern = (identifier: string) => ({
  channel: 'close-worker',
  sector: 'school',
  municipality: 'Kuopio',
  children: [{ name: 'A', identifier }],
  guardians: [],
  description: 'x',
  zone: 3,
  ratedBy: 'worker',
});

/** A joint plan of one action at home. */
export const ONE_ACTION_PLAN = {
  matters: ['Väsymys aamuisin'],
  actions: [{ arena: 'home', what: 'Nukkumaanmeno klo 20.30', who: 'Mari', by: '2031-03-20' }],
  followUp: { workerContactsFamily: 'puhelu joka toinen maanantai', familyContactsWorker: 'tekstiviesti neuvolaan' },
  nextContactAt: '2031-03-17T10:00:00.000Z',
};

/** The family's consent as the specs record it: Mari's, on a paper form, valid until 2032 unless `validUntil` says otherwise. */
export const familyConsent = <S>(scopes: S, children: string[] = ['Aada'], validUntil = '2032-01-01T00:00:00.000Z') => ({
  guardians: ['Mari'],
  children,
  scopes,
  validUntil,
  givenAs: 'paper-form',
});

/** Who came to the meeting: Mari, Terhi the nurse and Olli the teacher; the child took part. */
export const MARI_TERHI_AND_OLLI_ATTEND = {
  participants: [
    { name: 'Mari', role: 'family-member' },
    { name: 'Terhi', role: 'professional', professionalId: 'demo-terhi' },
    { name: 'Olli', role: 'professional', professionalId: 'demo-olli' },
  ],
  childTookPart: true,
};
