import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { Problem } from './problem';

function flatten(errors: ValidationError[], parent = ''): Array<{ field: string; reason: string }> {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return own.concat(flatten(error.children ?? [], field));
  });
}

/**
 * class-validator at every input: unknown fields are refused (not silently dropped) and each violation is
 * reported with its field path, so a client can fix the request without guessing.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const violations = flatten(errors);
      const problem: Problem = {
        statusCode: 400,
        error: 'Bad Request',
        message: `Invalid field(s): ${[...new Set(violations.map((v) => v.field))].join(', ')}`,
        violations,
      };
      return new BadRequestException(problem);
    },
  });
}
