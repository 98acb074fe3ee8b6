import type { Provider } from '@nestjs/common';
import { CaseSearchIndex } from './case-search-index';

export { CASE_SEARCH_LIMIT, CaseSearchIndex } from './case-search-index';
export { CASE_SEARCH_KEYS } from './case-search-keys';
export { CaseSearchQueryRefused, MIN_PREFIX, caseSearchQueryProblem } from './search-terms';

/**
 * The case search's providers, for ReportingModule's `providers` (ADR 0018). The index needs the process's
 * event store (reporting's), DatabaseConnection, PlatformConfig and PersonalDataHost, as reporting's module has them.
 */
export const caseSearchProviders: Provider[] = [CaseSearchIndex];
