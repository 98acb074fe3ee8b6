import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { DECORATORS } from '@nestjs/swagger/dist/constants';
import { ApiProblems } from './openapi';
import type { CaseAction, DeclaredCategory } from '@perheverkko/access-model';
import type { Role } from './authenticated-user';

export const PUBLIC = 'perheverkko:public';
export const ROLES_REQUIRED = 'perheverkko:roles';
export const CASE_DATA = 'perheverkko:case-data';

/** In /openapi.json: `security: []`, overriding the document's bearer requirement. */
const noSecurityRequired =
  (): ClassDecorator & MethodDecorator => (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    Reflect.defineMetadata(DECORATORS.API_SECURITY, [], descriptor ? (descriptor.value as object) : target);
  };

/** Reachable without a token: health, the demo issuer's discovery and token endpoints. */
export const Public = () => applyDecorators(SetMetadata(PUBLIC, true), noSecurityRequired());

/** Only these roles may call the endpoint; anyone else gets 403, and the refusal is logged. */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES_REQUIRED, roles), ApiProblems(403));

export interface CaseDataRule {
  /** The data category the endpoint reads or acts on (docs/access.md). A response mixing categories carries only those the caller reads. */
  category: DeclaredCategory;
  /** read: returns the category's data; act: changes it; reply: a participant answers their own invitation. */
  action: CaseAction;
  /** What, in words the access log and the family understand; defaults to the category. */
  what?: string;
  /** Route parameter holding the case id. */
  caseParam?: string;
}

/**
 * The endpoint reads or acts on one case's data: the caller's role in the case, and for invited participants the
 * family's consent, decide (libs/access-model); every allowed call and every refusal is logged.
 */
export const CaseData = (rule: CaseDataRule) =>
  applyDecorators(
    SetMetadata(CASE_DATA, { caseParam: 'caseId', ...rule }),
    // Published in /openapi.json, so clients and the access-matrix test read the same declaration.
    ApiExtension('x-case-data', { category: rule.category, action: rule.action }),
    // Refused by the role, the relation or the consent; an unknown case is not found.
    ApiProblems(403, 404),
  );
