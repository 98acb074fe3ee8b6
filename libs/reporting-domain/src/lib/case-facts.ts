import type { TableRules } from './reported-event';

/** One family's matter in the model, as the annual report counts it (no personal data). */
export interface CaseFacts {
  caseId: string;
  municipality: string | null;
  channel: string | null;
  childCount: number | null;
  concernAt: string | null;
  /** The worker's zone rating at intake: the one the route was decided on, or the latest before it. */
  zoneAtIntake: number | null;
  route: string | null;
  routedAt: string | null;
  firstMeetingAt: string | null;
  daysToFirstMeeting: number | null;
  consentWithdrawnAt: string | null;
  outcome: string | null;
  outcomeAt: string | null;
  closedAt: string | null;
}

const blank = (caseId: string): CaseFacts => ({
  caseId,
  municipality: null,
  channel: null,
  childCount: null,
  concernAt: null,
  zoneAtIntake: null,
  route: null,
  routedAt: null,
  firstMeetingAt: null,
  daysToFirstMeeting: null,
  consentWithdrawnAt: null,
  outcome: null,
  outcomeAt: null,
  closedAt: null,
});

const FACT_TYPES = new Set(['ConcernRegistered', 'ZoneRated', 'RouteDecided', 'MeetingScheduled', 'ConsentWithdrawn', 'OutcomeRecorded', 'CaseClosed', 'CaseReopened']);

/**
 * Each fact comes from one event type and does not depend on the order the services' events arrive in
 * (a case's events reach reporting over four topics): later-dated facts win, never later-arriving ones.
 */
export const caseFactsRules: TableRules<CaseFacts> = {
  keyOf: (event) => (FACT_TYPES.has(event.type) ? event.caseId : undefined),
  evolve(row, { type, caseId, data }) {
    const facts = row ?? blank(caseId);
    switch (type) {
      case 'ConcernRegistered':
        return { ...facts, municipality: data.municipality, channel: data.channel, childCount: data.childCount, concernAt: data.registeredAt };
      case 'ZoneRated':
        return data.ratedBy === 'worker' && facts.routedAt === null ? { ...facts, zoneAtIntake: data.zone } : facts;
      case 'RouteDecided':
        return isLater(data.decidedAt, facts.routedAt) ? { ...facts, route: data.chosenRoute, routedAt: data.decidedAt, zoneAtIntake: data.facts.zone } : facts;
      case 'MeetingScheduled':
        // A first meeting rescheduled is scheduled again: the latest schedule is the one held.
        return data.kind === 'first' ? { ...facts, firstMeetingAt: data.startsAt, daysToFirstMeeting: data.daysFromConcern } : facts;
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
};

function isLater(at: string, than: string | null): boolean {
  return than === null || Date.parse(at) >= Date.parse(than);
}
