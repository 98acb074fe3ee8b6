import type { TFunction } from 'i18next';
import type { CaseState } from './types';

/** One fact of the state as of a moment: its key, what the auditor reads, and the API's value (for the page's tests). */
export type StateFact = [key: string, shown: string, value: string];

const phaseKey = (phase: string) => `phase_${phase.replace(/ (\w)/g, (_, c: string) => c.toUpperCase())}`;

/**
 * The main facts of the state the API folded, in the auditor's language: the phase, zone, route, consents' status,
 * outcome and closure reason by their codes (auditor's `zone_…`, `route_…`, `outcome_…`, `closure_…`); a code the
 * console does not know is shown as the API wrote it.
 */
export function stateFacts(state: CaseState, t: TFunction): StateFact[] {
  const code = (prefix: string, value: string | number | null | undefined) =>
    value === null || value === undefined ? '–' : t(`${prefix}_${value}`, { defaultValue: String(value) });
  return [
    ['phase', t(phaseKey(state.phase), { defaultValue: state.phase }), state.phase],
    ['eventsSoFar', String(state.eventsSoFar), String(state.eventsSoFar)],
    ['zone', code('zone', state.zone), String(state.zone)],
    ['route', code('route', state.route), String(state.route)],
    [
      'consents',
      state.consents
        .map((c) => `${c.consentId.slice(0, 8)} ${t(`consent_${c.status.replace(' ', '')}`, { defaultValue: c.status })}`)
        .join(', ') || '–',
      state.consents.map((c) => c.status).join(','),
    ],
    ['meetings', String(state.meetings.length), String(state.meetings.length)],
    ['planRevision', state.plan ? String(state.plan.revision) : '–', String(state.plan?.revision ?? null)],
    ['outcome', code('outcome', state.outcome), String(state.outcome)],
    ['closure', code('closure', state.closure?.reason), String(state.closure?.reason ?? null)],
  ];
}
