import { serviceReadModels } from '@perheverkko/platform';
import { reportingProjections } from './reporting-projections';

/**
 * Reporting's read models: the annual report and the per-meeting records, named and counted with the process's
 * reference book as it stands at start (kept current from intake's events); they report in the `read-models` check.
 */
export const reportingReadModels = serviceReadModels({
  service: 'reporting',
  healthCheck: 'read-models',
  projections: async ({ referenceData }) => reportingProjections(undefined, await referenceData.current()),
});
