import type { Feature } from '../../ui/nav';
import { AnnualReportDashboard } from './annual-report';
import './analyst.css';

export const analyst: Feature = {
  routes: [{ path: 'reports/annual', element: <AnnualReportDashboard /> }],
  nav: [{ to: '/reports/annual', label: 'analyst:annualReport', roles: ['analyst', 'coordinator'] }],
};
