import type { Feature } from '../../ui/nav';
import { NewConcern } from './new-concern';
import { PrintPlan } from './print-plan';

export const steps: Feature = {
  routes: [
    { path: 'concerns/new', element: <NewConcern /> },
    { path: 'cases/:caseId/meetings/:meetingId/plan', element: <PrintPlan /> },
  ],
  nav: [{ to: '/concerns/new', label: 'steps:newConcern', roles: ['professional'] }],
};
