import type { Feature } from '../../ui/nav';
import { MyCases } from './my-cases';
import { MyTasks } from './my-tasks';
import { CasePage } from './case-page';

export const worker: Feature = {
  routes: [
    { path: 'cases', element: <MyCases /> },
    { path: 'cases/:caseId', element: <CasePage /> },
    { path: 'tasks', element: <MyTasks /> },
  ],
  nav: [
    { to: '/cases', label: 'worker:myCases', roles: ['professional', 'coordinator'] },
    { to: '/tasks', label: 'worker:myTasks', roles: ['professional'] },
  ],
};
