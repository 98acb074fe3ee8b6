import type { ShareableCategory } from '@perheverkko/access-model';

/** Who may be invited under a consent: a named person, anyone of an organisation, or anyone of a sector. */
export interface ConsentScope {
  kind: 'person' | 'organisation' | 'sector';
  /**
   * A professional's directory id, an organisation or a sector: clear, the access model matches it. Absent when
   * the scope names a family member or close person by `name` (ConsentGranted/ConsentExtended v3).
   */
  value?: string;
  /** A family member or close person the family named (not a directory id): personal data, sealed (v3). */
  name?: string;
  /** What may be shared with them: categories of the case's data (docs/access.md), e.g. ["concern", "joint-plan"]. */
  share: ShareableCategory[];
  /**
   * Only in consents recorded before the vocabulary was closed (ConsentGranted/ConsentExtended v1): the words
   * written then that name no category. They open nothing; they are kept so an auditor sees what was written.
   */
  unrecognisedShare?: string[];
}

export interface Consent {
  consentId: string;
  guardians: string[];
  children: string[];
  scopes: ConsentScope[];
  validUntil: string;
  givenAs: 'paper-form' | 'electronic';
  recordedBy: string;
  withdrawn: boolean;
}

export interface Invitee {
  kind: 'professional' | 'family-member' | 'close-person';
  /** Directory id of a professional; a family member or close person is identified by name. */
  id?: string;
  name: string;
  organisation?: string;
  sector?: string;
}

/** How a guardian's name is compared: case, surrounding and repeated spaces do not make another person. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('fi');
  return norm(a) === norm(b);
}

function inForce(consent: Consent, now: string): boolean {
  return !consent.withdrawn && Date.parse(consent.validUntil) > Date.parse(now);
}

function scopeCovers(scope: ConsentScope, invitee: Invitee): boolean {
  return (
    // A professional is named by directory id, as the access model matches them (a name is not an identity: a
    // consent naming "Olli Opettaja" would send him an invitation the access model then never honours). A family
    // member or close person is named by name; a v2 person scope may hold it in `value`, from v3 on it is `name`.
    (scope.kind === 'person' && (invitee.id !== undefined ? scope.value === invitee.id : (scope.name ?? scope.value) === invitee.name)) ||
    (scope.kind === 'organisation' && invitee.organisation !== undefined && scope.value === invitee.organisation) ||
    (scope.kind === 'sector' && invitee.sector !== undefined && scope.value === invitee.sector)
  );
}

/** The first active consent that covers the invitee at `now`, and by which of its scopes. */
export function coveringConsent(consents: Consent[], invitee: Invitee, now: string): { consent: Consent; scope: ConsentScope } | undefined {
  for (const consent of consents) {
    if (!inForce(consent, now)) continue;
    const scope = consent.scopes.find((s) => scopeCovers(s, invitee));
    if (scope) return { consent, scope };
  }
  return undefined;
}
