import { SetMetadata } from '@nestjs/common';
import type { Role } from './authenticated-user';

export const PUBLIC = 'perheverkko:public';
export const ROLES_REQUIRED = 'perheverkko:roles';
export const CASE_DATA = 'perheverkko:case-data';

/** Reachable without a token: health, the demo issuer's discovery and token endpoints. */
export const Public = () => SetMetadata(PUBLIC, true);

/** Only these roles may call the endpoint; anyone else gets 403, and the refusal is logged. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_REQUIRED, roles);

export interface CaseDataRule {
  /** What data the endpoint returns, in words the access log and the family understand. */
  what: string;
  /** Route parameter holding the case id. */
  caseParam?: string;
  /** Roles that may read it at all; professionals additionally need a relation to the case. */
  allow: Role[];
  /** Shared with invited participants only where the family's consent shares this (e.g. "joint plan"). */
  share?: string;
}

/** The endpoint returns one case's data: need-to-know is checked first, and every read is logged. */
export const CaseData = (rule: CaseDataRule) => SetMetadata(CASE_DATA, { caseParam: 'caseId', ...rule });
