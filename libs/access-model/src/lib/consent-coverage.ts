import { SHAREABLE_CATEGORIES, type ShareableCategory } from './categories';
import type { AccessScope, CaseAccessFacts, ConsentFacts } from './case-access-facts';

/**
 * Whom a consent may cover: a professional (by directory id, with their organisation and sector), or a service
 * (an organisation and a sector, no person). A person scope names a directory id only: a name is not an identity.
 */
interface CoveredParty {
  id?: string;
  organisation?: string;
  sector?: string;
}

interface CoveringConsent {
  consentId: string;
  /** What the consent's scopes that cover the party share with them (may be empty). */
  shares: ShareableCategory[];
}

/** Not withdrawn, and valid after `now`. */
function consentInForce(consent: ConsentFacts, now: string): boolean {
  return !consent.withdrawnAt && Date.parse(consent.validUntil) > Date.parse(now);
}

function scopeCovers(scope: AccessScope, party: CoveredParty): boolean {
  return (
    (scope.kind === 'person' && party.id !== undefined && scope.value === party.id) ||
    (scope.kind === 'organisation' && party.organisation !== undefined && scope.value === party.organisation) ||
    (scope.kind === 'sector' && party.sector !== undefined && scope.value === party.sector)
  );
}

/** What one consent shares with the party, or undefined when none of its scopes (granted or extended) covers them. */
export function consentSharesWith(consent: ConsentFacts, party: CoveredParty): ShareableCategory[] | undefined {
  const scopes = Object.values(consent.scopesByEvent)
    .flat()
    .filter((scope) => scopeCovers(scope, party));
  if (scopes.length === 0) return undefined;
  const shares = new Set(scopes.flatMap((scope) => scope.share));
  return SHAREABLE_CATEGORIES.filter((category) => shares.has(category));
}

/** The case's consents in force at `now` that cover the party, in the order the facts know them. */
export function consentsInForceCovering(facts: CaseAccessFacts, party: CoveredParty, now: string): CoveringConsent[] {
  const covering: CoveringConsent[] = [];
  for (const [consentId, consent] of Object.entries(facts.consents)) {
    if (!consentInForce(consent, now)) continue;
    const shares = consentSharesWith(consent, party);
    if (shares) covering.push({ consentId, shares });
  }
  return covering;
}

/** Why a cited consent cannot be relied on for this party at `now`, or undefined when it can. */
type CitedConsentProblem = 'unknown' | 'withdrawn' | 'expired' | 'does-not-cover';

/**
 * Checks a consent id someone cites (a referral's basis, the consent a responsible worker is named under): it must
 * have been granted in this case, be in force, and cover every party. A consent seen only through a later event
 * (its grant not yet known here) is unknown.
 */
export function citedConsentProblem(
  facts: CaseAccessFacts,
  consentId: string,
  parties: readonly CoveredParty[],
  now: string,
): CitedConsentProblem | undefined {
  const consent = Object.prototype.hasOwnProperty.call(facts.consents, consentId) ? facts.consents[consentId] : undefined;
  if (!consent || Object.keys(consent.scopesByEvent).length === 0) return 'unknown';
  if (consent.withdrawnAt) return 'withdrawn';
  if (!consentInForce(consent, now)) return 'expired';
  if (parties.some((party) => consentSharesWith(consent, party) === undefined)) return 'does-not-cover';
  return undefined;
}

/** Is the professional the case's convener, or invited (an invitation neither cancelled nor declined)? */
export function convenedOrInvited(facts: CaseAccessFacts, professionalId: string): 'convener' | 'invited' | undefined {
  if (facts.conveners.includes(professionalId)) return 'convener';
  const invited = Object.values(facts.invitations).some(
    (i) => i.inviteeId === professionalId && i.status !== 'cancelled' && i.status !== 'declined',
  );
  return invited ? 'invited' : undefined;
}
