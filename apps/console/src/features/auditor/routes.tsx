import type { Feature } from '../../ui/nav';
import { PurposeGate } from './purpose';
import { FindCase } from './find-case';
import { AuditCaseHistory } from './case-history';
import { AccessLogVerification } from './access-log';
import './auditor.css';

/** The auditor's screens: each behind the purpose of access, asked once per session and sent with every request. */
export const auditor: Feature = {
  routes: [
    {
      path: 'audit',
      element: (
        <PurposeGate>
          <FindCase />
        </PurposeGate>
      ),
    },
    {
      path: 'audit/cases/:caseId',
      element: (
        <PurposeGate>
          <AuditCaseHistory />
        </PurposeGate>
      ),
    },
    {
      path: 'audit/access-log',
      element: (
        <PurposeGate>
          <AccessLogVerification />
        </PurposeGate>
      ),
    },
  ],
  nav: [
    { to: '/audit', label: 'auditor:findCase', roles: ['auditor'] },
    { to: '/audit/access-log', label: 'auditor:accessLog', roles: ['auditor'] },
  ],
};
