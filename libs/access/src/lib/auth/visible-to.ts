import { visibleHistory, type CaseDataCategory, type HistoryLike } from '@perheverkko/access-model';

/**
 * A case's events as this caller may see them (the guard computed what they read): responses that mix categories
 * carry only those, and say in `withheld` what was left out. The same rule in every service.
 */
export function visibleTo<E extends HistoryLike>(
  request: { caseAccess?: { readable: ReadonlySet<CaseDataCategory> } },
  events: readonly E[],
): { events: E[]; withheld: string[] } {
  return visibleHistory(events, request.caseAccess?.readable ?? new Set());
}
