import {
  ANY_PART,
  CASE_DATA_CATEGORIES,
  SHAREABLE_CATEGORIES,
  WHOLE_CASE,
  isShareableCategory,
  type CaseDataCategory,
  type DeclaredCategory,
  type ShareableCategory,
} from './categories';
import type { CaseAccessFacts, ConsentFacts } from './case-access-facts';
import { consentSharesWith, consentsInForceCovering } from './consent-coverage';

/** The roles a token can carry (the identity provider's); a person's role *in a case* follows from the facts. */
type PersonRole = 'professional' | 'coordinator' | 'auditor' | 'analyst' | 'administrator';

export interface Caller {
  id: string;
  roles: readonly PersonRole[];
  organisation: string;
  sector?: string;
  /** The organisations a coordinator answers for (default: their own). */
  coordinates?: readonly string[];
}

/** Read the category's data; act on it (commands); reply to one's own invitation. */
export type CaseAction = 'read' | 'act' | 'reply';

const CASE_ROLES = ['convener', 'responsible-worker', 'invited-participant', 'organiser-coordinator', 'auditor'] as const;
export type CaseRole = (typeof CASE_ROLES)[number];

interface Rights {
  read: readonly CaseDataCategory[];
  act: readonly CaseDataCategory[];
  /** Reads also what the consents in force share with this person. */
  readsConsentShares: boolean;
  reply: boolean;
}

/**
 * The role × category matrix of docs/access.md. An invited participant reads only what the family's consent
 * shares with them and acts on nothing but their own invitation; administrators and analysts hold no role in a case.
 */
export const CASE_ROLE_RIGHTS: Record<CaseRole, Rights> = {
  convener: { read: SHAREABLE_CATEGORIES, act: SHAREABLE_CATEGORIES, readsConsentShares: false, reply: true },
  'responsible-worker': {
    read: ['identity', 'meeting-record', 'joint-plan', 'follow-up'],
    act: ['joint-plan', 'follow-up'],
    readsConsentShares: true,
    reply: false,
  },
  'invited-participant': { read: [], act: [], readsConsentShares: true, reply: true },
  'organiser-coordinator': {
    read: ['identity', 'concern', 'routing', 'consents', 'processing-history'],
    act: ['consents'],
    readsConsentShares: false,
    reply: false,
  },
  auditor: { read: CASE_DATA_CATEGORIES, act: [], readsConsentShares: false, reply: false },
};

/** One way the caller stands in the case, and the consents it rests on. */
interface Standing {
  role: CaseRole;
  /** Consents in force this standing rests on (invitees and responsible workers). */
  consentIds: string[];
  /** What those consents share with the caller. */
  shares: ShareableCategory[];
}

type AccessDecision =
  | { allowed: true; as: CaseRole; basis: string; consentIds: string[] }
  | { allowed: false; rule: string; reason: string; wouldAllow: string };

/** Consents in force that cover the caller, with what each shares. */
function coveringConsents(facts: CaseAccessFacts, caller: Caller, now: string): Map<string, ShareableCategory[]> {
  return new Map(consentsInForceCovering(facts, caller, now).map((c) => [c.consentId, c.shares]));
}

function union(lists: Iterable<ShareableCategory[]>): ShareableCategory[] {
  const all = new Set([...lists].flat());
  return SHAREABLE_CATEGORIES.filter((c) => all.has(c));
}

/** Every way the caller stands in the case now. */
export function standingsOf(caller: Caller, facts: CaseAccessFacts, now: string): Standing[] {
  const standings: Standing[] = [];
  const professional = caller.roles.includes('professional');
  if (professional && facts.conveners.includes(caller.id)) standings.push({ role: 'convener', consentIds: [], shares: [] });
  if (professional) {
    const covering = coveringConsents(facts, caller, now);
    const workers = facts.responsibleWorkers;
    if (workers?.ids.includes(caller.id)) {
      // Named under a consent: that consent must be in force. Named before consents were recorded with the
      // naming: any consent in force that covers the worker.
      const basis = workers.consentId ? (covering.has(workers.consentId) ? [workers.consentId] : []) : [...covering.keys()];
      if (basis.length > 0)
        standings.push({ role: 'responsible-worker', consentIds: basis, shares: union(basis.map((id) => covering.get(id) ?? [])) });
    }
    // Invited (the invitation neither cancelled nor declined) and covered by a consent in force. Convening keeps an
    // invitation alive when another consent still covers the invitee; access follows the same rule.
    const invited = Object.values(facts.invitations).some(
      (i) => i.inviteeId === caller.id && i.status !== 'cancelled' && i.status !== 'declined',
    );
    if (invited && covering.size > 0) {
      // An invitee reads what every consent in force covering them shares, not only the one the invitation cited.
      standings.push({ role: 'invited-participant', consentIds: [...covering.keys()], shares: union(covering.values()) });
    }
  }
  const organisations = caller.coordinates ?? [caller.organisation];
  if (caller.roles.includes('coordinator') && facts.organiser !== undefined && organisations.includes(facts.organiser)) {
    standings.push({ role: 'organiser-coordinator', consentIds: [], shares: [] });
  }
  if (caller.roles.includes('auditor')) standings.push({ role: 'auditor', consentIds: [], shares: [] });
  return standings;
}

function permits(standing: Standing, category: CaseDataCategory, action: CaseAction): boolean {
  const rights = CASE_ROLE_RIGHTS[standing.role];
  if (action === 'reply') return rights.reply && category === 'consents';
  if (action === 'act') return rights.act.includes(category);
  return rights.read.includes(category) || (rights.readsConsentShares && standing.shares.some((shared) => shared === category));
}

/** The categories the caller may read in this case now (what a mixed response may carry). */
export function readableCategories(caller: Caller, facts: CaseAccessFacts, now: string): Set<CaseDataCategory> {
  const standings = standingsOf(caller, facts, now);
  return new Set(CASE_DATA_CATEGORIES.filter((category) => standings.some((s) => permits(s, category, 'read'))));
}

/** Who may do this at all, in words for a refusal. */
function whoMay(category: CaseDataCategory, action: CaseAction): string {
  const roles = CASE_ROLES.filter((role) => permits({ role, consentIds: [], shares: [] }, category, action));
  const consentShared = action === 'read' && category !== 'processing-history';
  const named = roles.map((r) => r.replace(/-/g, ' '));
  if (consentShared) named.push('a participant invited under a consent in force that shares it with them');
  return named.length ? named.join(', or ') : 'no one';
}

/**
 * May the caller read or act on this category of this case now? A refusal names its rule and what would allow it.
 * Auditors' purpose is the guard's to check (it is a header, not a fact of the case).
 */
export function decideAccess(
  caller: Caller,
  facts: CaseAccessFacts,
  category: DeclaredCategory,
  action: CaseAction,
  now: string,
): AccessDecision {
  if (category === WHOLE_CASE) {
    // The whole case across the services at once is the auditors' view; everyone else reads each part where it is.
    const auditorsView = { reason: 'the whole case across the services is the auditors’ view', wouldAllow: 'auditor' };
    const refusal = SHAREABLE_CATEGORIES.map((c) => decideAccess(caller, facts, c, action, now)).find((d) => !d.allowed);
    // The rule says why this caller stands where they do (withdrawn, no relation, …); the words speak of the whole.
    // A consent that does not share a part is not why: no consent shares the whole case.
    if (refusal && refusal.rule !== 'consent-does-not-share') return { ...refusal, ...auditorsView };
    if (action === 'read' && caller.roles.includes('auditor')) return { allowed: true, as: 'auditor', basis: 'auditor', consentIds: [] };
    return { allowed: false, rule: 'role-may-not-read', ...auditorsView };
  }
  if (category === ANY_PART) {
    // Read: allowed by the first category the caller reads. Refused, or any other action: as the processing history
    // would be, which no consent opens, so the rule says why the caller stands nowhere (or may not act).
    const reading =
      action === 'read' ? CASE_DATA_CATEGORIES.map((c) => decideAccess(caller, facts, c, action, now)).find((d) => d.allowed) : undefined;
    const decision = reading ?? decideAccess(caller, facts, 'processing-history', action, now);
    return decision.allowed ? decision : { ...decision, wouldAllow: 'anyone who holds a role in the case' };
  }
  const standings = standingsOf(caller, facts, now);
  const allowing = standings.find((s) => permits(s, category, action));
  if (allowing) {
    const basis = allowing.consentIds.length ? `${allowing.role} under consent ${allowing.consentIds.join(', ')}` : allowing.role;
    return { allowed: true, as: allowing.role, basis, consentIds: allowing.consentIds };
  }
  const wouldAllow = whoMay(category, action);
  if (caller.roles.every((r) => r === 'analyst' || r === 'administrator')) {
    return {
      allowed: false,
      rule: 'no-case-data-for-role',
      reason: `the roles ${caller.roles.join(', ')} hold no role in a case`,
      wouldAllow,
    };
  }
  if (standings.length === 0) {
    const ended = endedStanding(caller, facts, now);
    if (ended) return { allowed: false, ...ended, wouldAllow };
    return { allowed: false, rule: 'no-relation-to-case', reason: 'you hold no role in this case', wouldAllow };
  }
  const roles = standings.map((s) => s.role).join(', ');
  // Only a category a consent can share is one the family's consent withholds; the others no consent opens.
  if (
    action === 'read' &&
    isShareableCategory(category) &&
    standings.some((s) => s.role === 'invited-participant' || s.role === 'responsible-worker')
  ) {
    return {
      allowed: false,
      rule: 'consent-does-not-share',
      reason: `the family's consent does not share ${category} with you (you are ${roles})`,
      wouldAllow,
    };
  }
  return {
    allowed: false,
    rule: action === 'read' ? 'role-may-not-read' : 'role-may-not-act',
    reason: `as ${roles} you may not ${action === 'read' ? 'read' : 'change'} ${category}`,
    wouldAllow,
  };
}

/** A standing the caller had and lost: their consent was withdrawn or expired. */
function endedStanding(caller: Caller, facts: CaseAccessFacts, now: string): { rule: string; reason: string } | undefined {
  if (!caller.roles.includes('professional')) return undefined;
  const consentIds = [
    ...Object.values(facts.invitations)
      .filter((i) => i.inviteeId === caller.id)
      .flatMap((i) => (i.consentId ? [i.consentId] : [])),
    ...(facts.responsibleWorkers?.ids.includes(caller.id)
      ? facts.responsibleWorkers.consentId
        ? [facts.responsibleWorkers.consentId]
        : Object.keys(facts.consents)
      : []),
  ];
  const consents = consentIds
    .map((id) => facts.consents[id])
    .filter((c): c is ConsentFacts => c !== undefined && consentSharesWith(c, caller) !== undefined);
  if (consents.some((c) => c.withdrawnAt))
    return { rule: 'consent-withdrawn', reason: 'the family withdrew the consent your access rested on' };
  if (consents.some((c) => Date.parse(c.validUntil) <= Date.parse(now)))
    return { rule: 'consent-expired', reason: 'the consent your access rested on has expired' };
  return undefined;
}
