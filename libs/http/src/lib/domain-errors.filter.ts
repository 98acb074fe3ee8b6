import { Catch, HttpException, HttpStatus, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import { DomainRuleViolation, type RefusalKind } from '@perheverkko/decider';
import { EventIdReusedError, InvalidEventStoreArgumentError, StreamRevisionConflictError } from '@perheverkko/event-store';
import { isTransientFailure } from '@perheverkko/messaging';
import type { Problem } from './problem';

type Refusal = DomainRuleViolation | StreamRevisionConflictError | EventIdReusedError | InvalidEventStoreArgumentError;

const REFUSAL_STATUS: Record<RefusalKind, Pick<Problem, 'statusCode' | 'error'>> = {
  conflict: { statusCode: HttpStatus.CONFLICT, error: 'Conflict' },
  unprocessable: { statusCode: HttpStatus.UNPROCESSABLE_ENTITY, error: 'Unprocessable Entity' },
  // The guard let the caller act on the category; the model gives this step to another person in the case.
  'not-yours': { statusCode: HttpStatus.FORBIDDEN, error: 'Forbidden' },
};

function toProblem(error: Refusal): Problem {
  if (error instanceof DomainRuleViolation) return { ...REFUSAL_STATUS[error.kind], message: error.message, rule: error.rule };
  if (error instanceof InvalidEventStoreArgumentError) {
    return {
      statusCode: HttpStatus.BAD_REQUEST,
      error: 'Bad Request',
      message: error.message,
      violations: [{ field: error.argument, reason: error.reason }],
    };
  }
  // Somebody changed the case first: the client re-reads and decides again, nothing was overwritten.
  return { statusCode: HttpStatus.CONFLICT, error: 'Conflict', message: error.message };
}

const isRefusal = (error: unknown): error is Refusal =>
  error instanceof DomainRuleViolation ||
  error instanceof StreamRevisionConflictError ||
  error instanceof EventIdReusedError ||
  error instanceof InvalidEventStoreArgumentError;

/**
 * Maps the domain's and the store's refusals to HTTP answers, and an outage of the database (down, restarting,
 * out of connections) to 503 with Retry-After: the client sends the same command again with the same
 * Idempotency-Key. Anything else stays Nest's own answer (a 500 for the unexpected).
 */
@Catch()
export class DomainErrorsFilter extends BaseExceptionFilter {
  override catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (isRefusal(error)) {
      const problem = toProblem(error);
      response.status(problem.statusCode).json(problem);
      return;
    }
    if (!(error instanceof HttpException) && isTransientFailure(error)) {
      const problem: Problem = {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: 'Service Unavailable',
        message: 'The database is unavailable or busy for a moment. Send the same request again (with the same Idempotency-Key) shortly.',
      };
      response.status(problem.statusCode).setHeader('Retry-After', '5').json(problem);
      return;
    }
    super.catch(error, host);
  }
}
