import type { Feature } from '../../ui/nav';
import { AdoptionStages } from './adoption';
import { ReferenceData } from './reference-data';
import { OrganiserCases } from './organiser-cases';
import { ProcessingHistoryPage } from './processing-history';
import './coordinator.css';

export const coordinator: Feature = {
  routes: [
    { path: 'coordinator/adoption', element: <AdoptionStages /> },
    { path: 'coordinator/reference-data', element: <ReferenceData /> },
    { path: 'coordinator/reference-data/:kind', element: <ReferenceData /> },
    { path: 'coordinator/cases', element: <OrganiserCases /> },
    { path: 'coordinator/cases/:caseId/processing-history', element: <ProcessingHistoryPage /> },
  ],
  nav: [
    { to: '/coordinator/adoption', label: 'coordinator:adoption', roles: ['coordinator'] },
    { to: '/coordinator/reference-data', label: 'coordinator:referenceData', roles: ['coordinator', 'administrator'] },
    { to: '/coordinator/cases', label: 'coordinator:organiserCases', roles: ['coordinator'] },
  ],
};
