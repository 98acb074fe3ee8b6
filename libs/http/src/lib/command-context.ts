import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CommandMetadata } from '@perheverkko/decider';
import type { ExpectedRevision } from '@perheverkko/event-store';
import type { Request, Response } from 'express';
import type { AuthenticatedUser } from './authenticated-user';
import { commandMetadataOf, expectedRevisionOf, isUuid } from './command-request';
import { invalidField } from './validation';

/**
 * What an endpoint that sends a command about a case takes from its request, read once: the case (its `:caseId`),
 * the command's metadata (who, when, which intent, bound to its Idempotency-Key), the revision the client last saw
 * (If-Match), the caller, and the response the answer is written to.
 */
export interface CommandContext {
  caseId: string;
  metadata: CommandMetadata;
  /**
   * If-Match (absent when none was sent), as the caller sees the stream: the categories the guard found they read,
   * which also number the revision the command answers them.
   */
  expectedRevision: { revision?: ExpectedRevision; seenBy?: ReadonlySet<string> };
  user: AuthenticatedUser;
  response: Response;
}

/** The client's If-Match, with the categories the caller reads (their reads answered the revision as they see it). */
function ifMatchOf(request: Request & { caseAccess?: { readable: ReadonlySet<string> } }): CommandContext['expectedRevision'] {
  return { revision: expectedRevisionOf(request), seenBy: request.caseAccess?.readable };
}

/** The endpoint's CommandContext (with `@CaseCommand`, whose guard has already checked the caller and the case id). */
export const CommandContext = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext => {
  const http = context.switchToHttp();
  const request = http.getRequest<Request & { user?: AuthenticatedUser; caseAccess?: { readable: ReadonlySet<string> } }>();
  const caseId = request.params.caseId;
  if (!isUuid(caseId)) throw invalidField('caseId', 'must be a UUID');
  if (!request.user) throw new Error('CommandContext needs an authenticated request');
  return {
    caseId,
    metadata: commandMetadataOf(request, caseId),
    expectedRevision: ifMatchOf(request),
    user: request.user,
    response: http.getResponse<Response>(),
  };
});
