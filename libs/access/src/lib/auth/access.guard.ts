import {
  BadRequestException,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import {
  CATEGORY_LABELS,
  ANY_PART,
  WHOLE_CASE,
  decideAccess,
  readableCategories,
  type CaseAction,
  type CaseDataCategory,
  type DeclaredCategory,
} from '@perheverkko/access-model';
import { AccessLogHost } from '../audit/access-log-host';
import {
  type AuthenticatedUser,
  bearerTokenOf,
  CASE_DATA,
  type CaseDataRule,
  invalidField,
  isUuid,
  type ProblemBody,
  PUBLIC,
  type Role,
  ROLES_REQUIRED,
} from '@perheverkko/http';
import { CaseAccessDirectory } from './case-access-directory';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

/** What the handler and the read logger know about an allowed call on a case. */
interface CaseAccess {
  caseId: string;
  what: string;
  category: DeclaredCategory;
  action: CaseAction;
  purpose?: string;
  /** The categories the caller may read in this case: a response mixing categories carries only these. */
  readable: ReadonlySet<CaseDataCategory>;
  /** The consents the access rests on (invitees, responsible workers). */
  consentIds: string[];
}

/** A declared category in the access log's words. */
function describe(category: DeclaredCategory): string {
  if (category === WHOLE_CASE) return 'the whole case';
  if (category === ANY_PART) return 'the case as the caller may read it';
  return CATEGORY_LABELS[category].en;
}

/** Once the guard let it through: who is calling, and for case data what they may see. */
export type AuthenticatedRequest = Request & { user: AuthenticatedUser; caseAccess?: CaseAccess };

const PURPOSE_HEADER = 'x-purpose';

/** A refusal's body: the rule that refused and what would have allowed the call. */
export interface Refusal extends ProblemBody {
  rule: string;
  wouldAllow: string;
}

/**
 * Every endpoint but the public ones: a valid bearer token (401), a role the endpoint allows (403), and for case
 * data the caller's role in the case and the family's consent (403, naming the rule). Every refusal is logged.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly directory: CaseAccessDirectory,
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
    const what = caseRule ? (caseRule.what ?? describe(caseRule.category)) : `${request.method} ${request.route?.path ?? request.path}`;
    if (!caseRule && request.params?.caseId !== undefined) {
      // Fail closed: an endpoint that carries a case id and declares no category opens nothing.
      await this.refuse(
        user,
        what,
        undefined,
        'endpoint-declares-no-category',
        'this endpoint declares no data category',
        'a declaration of its data category',
      );
    }
    const caseParam = caseRule?.caseParam ?? 'caseId';
    const caseId = caseRule ? String(request.params[caseParam]).toLowerCase() : undefined;
    // Checked before anything looks the case up or logs it: every case id is a UUID, and one case has one id (upper
    // case is the same case: the endpoint, the access facts and the access log all see it in lower case).
    if (caseId !== undefined && !isUuid(caseId)) throw invalidField(caseParam, 'must be a UUID');
    if (caseId !== undefined) request.params[caseParam] = caseId;

    if (roles && !roles.some((role) => user.roles.includes(role))) {
      await this.refuse(
        user,
        what,
        caseId,
        'role-not-allowed',
        `this needs one of the roles ${roles.join(', ')}`,
        `one of the roles ${roles.join(', ')}`,
      );
    }
    if (caseRule && caseId) request.caseAccess = await this.checkCaseAccess(request, user, caseRule, what, caseId);
    return true;
  }

  private async authenticate(request: Request): Promise<AuthenticatedUser> {
    const header = request.headers.authorization;
    const token = bearerTokenOf(header);
    if (!token) throw this.unauthenticated('send "Authorization: Bearer <access token>"; the demo issuer gives one at POST /oidc/token');
    try {
      return await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw this.unauthenticated(error.message);
      throw error;
    }
  }

  private async checkCaseAccess(
    request: Request,
    user: AuthenticatedUser,
    rule: CaseDataRule,
    what: string,
    caseId: string,
  ): Promise<CaseAccess> {
    const purposeHeader = request.headers[PURPOSE_HEADER];
    const purpose = typeof purposeHeader === 'string' && purposeHeader.trim() ? purposeHeader.trim().slice(0, 500) : undefined;
    const facts = await this.directory.factsOf(caseId);
    const now = new Date().toISOString();
    const decision = decideAccess(user, facts, rule.category, rule.action, now);
    if (!decision.allowed) return this.refuse(user, what, caseId, decision.rule, decision.reason, decision.wouldAllow);
    // A participant answers only their own invitation; the convener may record anyone's answer (given by phone).
    const invitationId = request.params?.invitationId;
    if (rule.action === 'reply' && decision.as !== 'convener' && facts.invitations[String(invitationId)]?.inviteeId !== user.id) {
      return this.refuse(
        user,
        what,
        caseId,
        'not-your-invitation',
        'a participant answers only their own invitation',
        'the invitee, or the convener',
      );
    }
    if (decision.as === 'auditor' && !purpose) {
      await this.logRefusal(user, what, caseId, 'auditor-purpose-required', 'an auditor states the purpose in X-Purpose');
      const problem: ProblemBody = {
        statusCode: 400,
        error: 'Bad Request',
        rule: 'auditor-purpose-required',
        message: "An auditor states the purpose of reading a case's data in the X-Purpose header",
        violations: [{ field: 'X-Purpose', reason: 'required for auditors' }],
      };
      throw new BadRequestException(problem);
    }
    return {
      caseId,
      what,
      category: rule.category,
      action: rule.action,
      purpose: purpose ?? `work as ${decision.basis}`,
      readable: readableCategories(user, facts, now),
      consentIds: decision.consentIds,
    };
  }

  private async refuse(
    user: AuthenticatedUser,
    what: string,
    caseId: string | undefined,
    rule: string,
    reason: string,
    wouldAllow: string,
  ): Promise<never> {
    await this.logRefusal(user, what, caseId, rule, reason);
    const problem: Refusal = {
      statusCode: 403,
      error: 'Forbidden',
      message: `Refused (${rule}): ${reason}. Would allow: ${wouldAllow}. The refusal is logged.`,
      rule,
      wouldAllow,
    };
    throw new ForbiddenException(problem);
  }

  /** Every refusal is in the access log: who was refused what, by which rule. */
  private async logRefusal(user: AuthenticatedUser, what: string, caseId: string | undefined, rule: string, reason: string): Promise<void> {
    await this.accessLog.record({
      actorId: user.id,
      actorRole: user.roles.join(','),
      organisation: user.organisation,
      caseId,
      action: 'refused',
      what,
      purpose: 'none stated',
      rule,
      reason,
    });
  }

  private unauthenticated(message: string): UnauthorizedException {
    const problem: ProblemBody = { statusCode: 401, error: 'Unauthorized', message };
    return new UnauthorizedException(problem);
  }
}
