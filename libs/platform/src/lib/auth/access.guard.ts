import { BadRequestException, ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AccessLogHost } from '../audit/access-log-host';
import type { Problem } from '../http/problem';
import { invalidField } from '../http/validation';
import { CASE_DATA, PUBLIC, ROLES_REQUIRED, type CaseDataRule } from './access-rules.decorators';
import type { AuthenticatedUser, Role } from './authenticated-user';
import { CaseRelations } from './case-relations';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the read logger needs to know about an allowed case read. */
export interface CaseAccess {
  caseId: string;
  what: string;
  purpose?: string;
}

export type AuthenticatedRequest = Request & { user?: AuthenticatedUser; caseAccess?: CaseAccess };

export const PURPOSE_HEADER = 'x-purpose';

/**
 * Every endpoint but the public ones: a valid bearer token (401), a role the endpoint allows (403), and for case
 * data the need to know (403). Every refusal is written to the access log too.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly relations: CaseRelations,
    private readonly accessLog: AccessLogHost,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const user = await this.authenticate(request);
    request.user = user;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_REQUIRED, targets);
    const caseRule = this.reflector.getAllAndOverride<CaseDataRule | undefined>(CASE_DATA, targets);
    const what = caseRule?.what ?? `${request.method} ${request.route?.path ?? request.path}`;
    const caseId = caseRule ? String(request.params[caseRule.caseParam ?? 'caseId']) : undefined;
    // Checked before anything looks the case up or logs it: every case id is a UUID.
    if (caseId !== undefined && !CASE_ID.test(caseId)) throw invalidField(caseRule?.caseParam ?? 'caseId', 'must be a UUID');

    if (roles && !roles.some((role) => user.roles.includes(role))) {
      await this.refuse(user, what, caseId, `this needs one of the roles ${roles.join(', ')}`);
    }
    if (caseRule && caseId) request.caseAccess = await this.checkNeedToKnow(request, user, caseRule, caseId);
    return true;
  }

  private async authenticate(request: Request): Promise<AuthenticatedUser> {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
    if (!token) throw this.unauthenticated('send "Authorization: Bearer <access token>"; the demo issuer gives one at POST /oidc/token');
    try {
      return await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw this.unauthenticated(error.message);
      throw error;
    }
  }

  private async checkNeedToKnow(request: Request, user: AuthenticatedUser, rule: CaseDataRule, caseId: string): Promise<CaseAccess> {
    const purposeHeader = request.headers[PURPOSE_HEADER];
    const purpose = typeof purposeHeader === 'string' && purposeHeader.trim() ? purposeHeader.trim().slice(0, 500) : undefined;
    const allowed = rule.allow.filter((role) => user.roles.includes(role));
    if (allowed.length === 0 || user.roles.every((role) => role === 'analyst')) {
      await this.refuse(user, rule.what, caseId, `${rule.what} is not available to the roles ${user.roles.join(', ')}`);
    }
    if (allowed.includes('auditor') && !purpose) {
      await this.accessLog.record({ actorId: user.id, actorRole: user.roles.join(','), organisation: user.organisation, caseId, action: 'refused', what: rule.what, purpose: 'none stated' });
      const problem: Problem = {
        statusCode: 400,
        error: 'Bad Request',
        message: 'An auditor states the purpose of reading a case history in the X-Purpose header',
        violations: [{ field: 'X-Purpose', reason: 'required for auditors' }],
      };
      throw new BadRequestException(problem);
    }
    if (allowed.length === 1 && allowed[0] === 'professional') {
      const relation = await this.relations.relationOf(user, caseId, rule.share);
      if (!relation) {
        await this.refuse(user, rule.what, caseId, 'you are not this case’s convener, an invited participant covered by the family’s consent, or its responsible worker');
      }
      return { caseId, what: rule.what, purpose: purpose ?? `work as ${relation}` };
    }
    return { caseId, what: rule.what, purpose: purpose ?? `work as ${allowed.join(', ')}` };
  }

  private async refuse(user: AuthenticatedUser, what: string, caseId: string | undefined, reason: string): Promise<never> {
    await this.accessLog.record({ actorId: user.id, actorRole: user.roles.join(','), organisation: user.organisation, caseId, action: 'refused', what, purpose: reason });
    const problem: Problem = { statusCode: 403, error: 'Forbidden', message: `Refused: ${reason}. The refusal is logged.` };
    throw new ForbiddenException(problem);
  }

  private unauthenticated(message: string): UnauthorizedException {
    const problem: Problem = { statusCode: 401, error: 'Unauthorized', message };
    return new UnauthorizedException(problem);
  }
}
