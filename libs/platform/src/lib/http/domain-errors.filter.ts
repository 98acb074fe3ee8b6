import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainRuleViolation } from '@perheverkko/decider';
import { EventIdReusedError, InvalidEventStoreArgumentError, StreamRevisionConflictError } from '@perheverkko/event-store';
import type { Problem } from './problem';

type Refusal = DomainRuleViolation | StreamRevisionConflictError | EventIdReusedError | InvalidEventStoreArgumentError;

function toProblem(error: Refusal): Problem {
  if (error instanceof DomainRuleViolation) {
    const conflict = error.kind === 'conflict';
    return {
      statusCode: conflict ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_ENTITY,
      error: conflict ? 'Conflict' : 'Unprocessable Entity',
      message: error.message,
      rule: error.rule,
    };
  }
  if (error instanceof InvalidEventStoreArgumentError) {
    return { statusCode: HttpStatus.BAD_REQUEST, error: 'Bad Request', message: error.message, violations: [{ field: error.argument, reason: error.reason }] };
  }
  // Somebody changed the case first: the client re-reads and decides again, nothing was overwritten.
  return { statusCode: HttpStatus.CONFLICT, error: 'Conflict', message: error.message };
}

/** Maps the domain's and the store's refusals to HTTP answers; anything else stays a 500 from Nest. */
@Catch(DomainRuleViolation, StreamRevisionConflictError, EventIdReusedError, InvalidEventStoreArgumentError)
export class DomainErrorsFilter implements ExceptionFilter<Refusal> {
  catch(error: Refusal, host: ArgumentsHost): void {
    const problem = toProblem(error);
    host.switchToHttp().getResponse<Response>().status(problem.statusCode).json(problem);
  }
}
