import { BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import type { Problem } from './problem';

function flatten(errors: ValidationError[], parent = ''): Array<{ field: string; reason: string }> {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return own.concat(flatten(error.children ?? [], field));
  });
}

/** No request of this API nests deeper; deeper input is refused before anything walks it recursively. */
const MAX_BODY_DEPTH = 32;

function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

/** A 400 naming one field and why it is refused, in the shape every validation answer has. */
export function invalidField(field: string, reason: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `Invalid field(s): ${field}`, violations: [{ field, reason }] } satisfies Problem);
}

/**
 * A request body described by a class must be one JSON object of bounded depth: an array, a bare value or a
 * thousand levels of nesting is refused as the client's mistake (class-transformer would otherwise recurse into
 * it and fail with a 500).
 */
class BodyShapeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && typeof metadata.metatype === 'function' && metadata.metatype !== Object) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidField('(body)', 'must be a JSON object');
      if (nestedDeeperThan(value, MAX_BODY_DEPTH)) throw invalidField('(body)', `must not nest deeper than ${MAX_BODY_DEPTH} levels`);
    }
    return super.transform(value, metadata);
  }
}

/**
 * class-validator at every input: unknown fields are refused (not silently dropped) and each violation is
 * reported with its field path, so a client can fix the request without guessing.
 */
export function createValidationPipe(): ValidationPipe {
  return new BodyShapeValidationPipe({
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
