import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiParam } from '@nestjs/swagger';
import { CaseData, type CaseDataRule } from './access-rules.decorators';
import { IDEMPOTENCY_HEADER, IF_MATCH_HEADER } from './command-request';
import { ApiCommandAnswer, ApiProblems } from './openapi';

/**
 * An endpoint that sends a command about a case: its access rule (category, action, what the access log names), and
 * the two headers every such command honours, documented once: `Idempotency-Key` (a resend answers as the first
 * time) and `If-Match` (the revision the client last saw; a case that moved on is a 409). The endpoint reads its
 * request as a `@CommandContext()`.
 */
export const CaseCommand = (rule: CaseDataRule) =>
  applyDecorators(
    CaseData(rule),
    ApiParam({ name: 'caseId', format: 'uuid' }),
    ApiHeader(IDEMPOTENCY_HEADER),
    ApiHeader(IF_MATCH_HEADER),
    // The answer; a stale If-Match or a rule refusing in this state is 409, a rule refusing the request 422 (and a
    // reused Idempotency-Key).
    ApiCommandAnswer(),
    ApiProblems(400, 409, 422),
  );
