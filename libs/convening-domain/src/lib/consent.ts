/** Who may be invited under a consent: a named person, anyone of an organisation, or anyone of a sector. */
export interface ConsentScope {
  kind: 'person' | 'organisation' | 'sector';
  value: string;
  /** What may be shared with them, e.g. ["concern", "joint plan"]. */
  share: string[];
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

/** The first active consent that covers the invitee at `now`, and by which of its scopes. */
export function coveringConsent(consents: Consent[], invitee: Invitee, now: string): { consent: Consent; scope: ConsentScope } | undefined {
  for (const consent of consents) {
    if (consent.withdrawn || Date.parse(consent.validUntil) <= Date.parse(now)) continue;
    const scope = consent.scopes.find(
      (s) =>
        (s.kind === 'person' && (s.value === invitee.id || s.value === invitee.name)) ||
        (s.kind === 'organisation' && invitee.organisation !== undefined && s.value === invitee.organisation) ||
        (s.kind === 'sector' && invitee.sector !== undefined && s.value === invitee.sector),
    );
    if (scope) return { consent, scope };
  }
  return undefined;
}

/** Everything the active consents allow sharing with the invitee at `now`, across all scopes that cover them. */
export function sharesFor(consents: Consent[], invitee: Invitee, now: string): Set<string> {
  const shares = new Set<string>();
  for (const consent of consents) {
    if (consent.withdrawn || Date.parse(consent.validUntil) <= Date.parse(now)) continue;
    for (const scope of consent.scopes) {
      const covers =
        (scope.kind === 'person' && (scope.value === invitee.id || scope.value === invitee.name)) ||
        (scope.kind === 'organisation' && scope.value === invitee.organisation) ||
        (scope.kind === 'sector' && scope.value === invitee.sector);
      if (covers) scope.share.forEach((s) => shares.add(s.toLowerCase()));
    }
  }
  return shares;
}
