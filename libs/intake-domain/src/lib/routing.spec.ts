import { routingFacts } from './intake.fixtures';
import { recommendRoute, type RoutingFacts } from './routing';

const calm = routingFacts();

describe('recommendRoute', () => {
  it.each<[string, Partial<RoutingFacts>, string, RegExp]>([
    ['suspected violence', { suspectedViolence: true }, 'police-and-child-protection-notification', /violence against the child/],
    [
      'suspected sexual abuse, even with everything else calm',
      { suspectedSexualAbuse: true, zone: 1 },
      'police-and-child-protection-notification',
      /sexual abuse/,
    ],
    ['suspected substance abuse', { suspectedSubstanceAbuse: true }, 'police-and-child-protection-notification', /substance abuse/],
    ['zone 4', { zone: 4 }, 'child-protection-notification', /on-call child protection/],
    [
      'zone 4 even for an existing social-work client',
      { zone: 4, socialWorkClient: true },
      'child-protection-notification',
      /safety is at risk/,
    ],
    ['zone 3 and guardians who do not commit', { zone: 3, guardiansCommit: false }, 'child-protection-notification', /do not commit/],
    ['an existing social-work client', { socialWorkClient: true }, 'network-meeting', /network meeting/],
    [
      'zone 3 with other social work wished',
      { zone: 3, otherSocialWorkWished: true },
      'social-care-needs-assessment',
      /together with the parents/,
    ],
    ['zone 3 and the family wishes support', { zone: 3 }, 'joint-meeting', /convene the network/],
    ['zone 2 and the family wishes support', {}, 'joint-meeting', /zone 2/],
    ['zone 2 without the family wishing support', { familyWishesSupport: false }, 'follow-concern', /needs its wish/],
    ['zone 3 without the family wishing support', { zone: 3, familyWishesSupport: false }, 'follow-concern', /raise the concern again/],
    ['zone 1', { zone: 1 }, 'follow-concern', /no concern/],
  ])('should recommend for %s', (_case, facts, route, reason) => {
    const recommendation = recommendRoute({ ...calm, ...facts });
    expect(recommendation.route).toBe(route);
    expect(recommendation.reasons.join(' ')).toMatch(reason);
  });
});
