import type { ROUTES } from '@perheverkko/contracts';

export type Route = (typeof ROUTES)[number];

export type ConcernZone = 1 | 2 | 3 | 4;

/** The facts the worker records before deciding; the recommendation follows from them alone. */
export interface RoutingFacts {
  zone: ConcernZone;
  /** The family already is a client of social work. */
  socialWorkClient: boolean;
  /** The guardians commit to the agreed ways of working (and to making contacts together). */
  guardiansCommit: boolean;
  suspectedViolence: boolean;
  suspectedSexualAbuse: boolean;
  suspectedSubstanceAbuse: boolean;
  /** The family wishes support: without it no network is convened. */
  familyWishesSupport: boolean;
  /** Social work other than family work is wished (then a needs assessment, made with the parents). */
  otherSocialWorkWished: boolean;
}

export interface RouteRecommendation {
  route: Route;
  reasons: string[];
}

/**
 * The recommendation, strongest obligation first: a suspicion of a crime against the child, then immediate
 * danger, then a concern the guardians do not commit to, then an existing client relationship, then the model.
 */
export function recommendRoute(facts: RoutingFacts): RouteRecommendation {
  const suspicions = [
    facts.suspectedViolence && 'violence against the child',
    facts.suspectedSexualAbuse && 'sexual abuse',
    facts.suspectedSubstanceAbuse && 'substance abuse',
  ].filter(Boolean);
  if (suspicions.length > 0) {
    return {
      route: 'police-and-child-protection-notification',
      reasons: [`suspected ${suspicions.join(' and ')}: contact the police and make a child-protection notification`],
    };
  }
  if (facts.zone === 4) {
    return {
      route: 'child-protection-notification',
      reasons: ["zone 4: the child's safety is at risk; contact on-call child protection now"],
    };
  }
  if (facts.zone === 3 && !facts.guardiansCommit) {
    return {
      route: 'child-protection-notification',
      reasons: ['zone 3 and the guardians do not commit to the agreed ways of working or to contacting social care together'],
    };
  }
  if (facts.socialWorkClient) {
    return {
      route: 'network-meeting',
      reasons: [
        "the family already is a social-work client: arrange a network meeting with the family's social worker, with the family's permission",
      ],
    };
  }
  if (facts.zone === 3 && facts.otherSocialWorkWished) {
    return {
      route: 'social-care-needs-assessment',
      reasons: [
        'a high concern and social work other than family work is wished: contact social care for a needs assessment, together with the parents',
      ],
    };
  }
  if (facts.zone >= 2 && facts.familyWishesSupport) {
    return {
      route: 'joint-meeting',
      reasons: [`zone ${facts.zone} and the family wishes support: convene the network to a joint meeting`],
    };
  }
  if (facts.zone === 1) return { route: 'follow-concern', reasons: ['zone 1: no concern; promotive work continues'] };
  return {
    route: 'follow-concern',
    reasons: [
      `zone ${facts.zone}, but the family does not wish support yet: a joint meeting needs its wish; agree when to raise the concern again`,
    ],
  };
}

/** Routes that leave the model entirely; zone 4 and suspected violence may only go these ways. */
export const STATUTORY_ROUTES: readonly Route[] = ['child-protection-notification', 'police-and-child-protection-notification'];
