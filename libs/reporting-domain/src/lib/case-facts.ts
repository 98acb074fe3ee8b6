import type { TableRules } from './reported-event';
import { BASELINE_REFERENCE, municipalityNameOf, type ReportReference } from './report-reference';

/** One family's matter in the model, as the annual report counts it (no personal data). */
export interface CaseFacts {
  caseId: string;
  /** The classification's Finnish name of the concern's municipality (free text stored before it existed: as written). */
  municipality: string | null;
  /** The area that organises its services (wellbeing services county, Helsinki or Åland) by the reference data; `unknown` if not known. */
  county: string | null;
  channel: string | null;
  childCount: number | null;
  concernAt: string | null;
  /**
   * The zone at intake: the concern's first zone rating (the one given when it was registered, by the worker or
   * the family); later ratings, as the concern grows or eases, do not change what it came in as. Without any
   * rating, the zone the route was decided on.
   */
  zoneAtIntake: number | null;
  /** When that rating was given, and where it came from (`rating`, or `route` for the route decision's zone). */
  zoneRatedAt: string | null;
  zoneFrom: 'rating' | 'route' | null;
  route: string | null;
  routedAt: string | null;
  consentWithdrawnAt: string | null;
  outcome: string | null;
  outcomeAt: string | null;
  closedAt: string | null;
}

const blank = (caseId: string): CaseFacts => ({
  caseId,
  municipality: null,
  county: null,
  channel: null,
  childCount: null,
  concernAt: null,
  zoneAtIntake: null,
  zoneRatedAt: null,
  zoneFrom: null,
  route: null,
  routedAt: null,
  consentWithdrawnAt: null,
  outcome: null,
  outcomeAt: null,
  closedAt: null,
});

const FACT_TYPES = new Set([
  'ConcernRegistered',
  'ZoneRated',
  'RouteDecided',
  'ConsentWithdrawn',
  'OutcomeRecorded',
  'CaseClosed',
  'CaseReopened',
]);

/** A rating stands for the zone at intake over the route decision's zone. */
const ZONE_SOURCE_RANK = { rating: 2, route: 1 } as const;

/**
 * The zone at intake after one more rating: a rating over the route's zone, and of two ratings the earlier, however
 * the topics deliver them.
 */
function zoneAfter(facts: CaseFacts, zone: number, from: keyof typeof ZONE_SOURCE_RANK, at: string): CaseFacts {
  const current = facts.zoneFrom === null ? 0 : ZONE_SOURCE_RANK[facts.zoneFrom];
  const earlier = facts.zoneRatedAt === null || Date.parse(at) < Date.parse(facts.zoneRatedAt);
  if (ZONE_SOURCE_RANK[from] > current || (ZONE_SOURCE_RANK[from] === current && earlier))
    return { ...facts, zoneAtIntake: zone, zoneRatedAt: at, zoneFrom: from };
  return facts;
}

/**
 * Each fact comes from one event type and does not depend on the order the services' events arrive in
 * (a case's events reach reporting over four topics): later-dated facts win, never later-arriving ones.
 * The municipality and its county come from the reference data given (a municipality it does not know: county `unknown`).
 */
export const caseFactsRulesWith = (reference: ReportReference): TableRules<CaseFacts> => ({
  keyOf: (event) => (FACT_TYPES.has(event.type) ? event.caseId : undefined),
  evolve(row, { type, caseId, data }) {
    const facts = row ?? blank(caseId);
    switch (type) {
      case 'ConcernRegistered':
        return {
          ...facts,
          municipality: municipalityNameOf(reference, data.municipality),
          county: reference.countyOf(data.municipality),
          channel: data.channel,
          childCount: data.childCount ?? null,
          concernAt: data.registeredAt,
        };
      case 'ZoneRated':
        return zoneAfter(facts, data.zone, 'rating', data.ratedAt);
      case 'RouteDecided': {
        const routed = isLater(data.decidedAt, facts.routedAt) ? { ...facts, route: data.chosenRoute, routedAt: data.decidedAt } : facts;
        return typeof data.facts?.zone === 'number' ? zoneAfter(routed, data.facts.zone, 'route', data.decidedAt) : routed;
      }
      case 'ConsentWithdrawn':
        return facts.consentWithdrawnAt === null ? { ...facts, consentWithdrawnAt: data.withdrawnAt } : facts;
      case 'OutcomeRecorded':
        return isLater(data.recordedAt, facts.outcomeAt) ? { ...facts, outcome: data.outcome, outcomeAt: data.recordedAt } : facts;
      case 'CaseClosed':
        return { ...facts, closedAt: data.closedAt };
      case 'CaseReopened':
        return { ...facts, closedAt: null };
      default:
        return facts;
    }
  },
});

/** The rules with the shipped reference data. */
export const caseFactsRules = caseFactsRulesWith(BASELINE_REFERENCE);

function isLater(at: string, than: string | null): boolean {
  return than === null || Date.parse(at) >= Date.parse(than);
}
