import { BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { isRecord } from '@perheverkko/decider';
import type { ProblemBody } from './problem';

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
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [current, depth] = next;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Keys that would reach an object's prototype (or its constructor) if class-transformer or a spread copied them. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Enough for a client to fix its request; a body full of them is not walked to the end. */
const MAX_REPORTED = 20;

/** Half of a UTF-16 surrogate pair without its other half: JSON may escape one ("\udc00"), no UTF-8 text holds it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string (a value, or a key) cannot be stored as text, if it cannot. */
function unstorableText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain a NUL byte (\\u0000)';
  if (LONE_SURROGATE.test(text))
    return 'must be valid Unicode: a lone UTF-16 surrogate (\\ud800–\\udfff without its pair) is not a character';
  return undefined;
}

/**
 * What no field of any request may carry, wherever it is: a NUL byte or a lone UTF-16 surrogate in a string or a key
 * (PostgreSQL text and JSON refuse both, and no name or note has one), and a key that names a prototype. The walk is
 * iterative and runs only after the depth check, so hostile nesting cannot overflow it.
 */
export function hostileContent(value: unknown, root: string): Array<{ field: string; reason: string }> {
  const found: Array<{ field: string; reason: string }> = [];
  const stack: Array<[unknown, string]> = [[value, root]];
  for (let next = stack.pop(); next !== undefined && found.length < MAX_REPORTED; next = stack.pop()) {
    const [current, path] = next;
    if (typeof current === 'string') {
      const reason = unstorableText(current);
      if (reason) found.push({ field: path || '(body)', reason });
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    const entries = Object.entries(current);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      const field = path ? `${path}.${key}` : key;
      const keyReason = unstorableText(key);
      if (RESERVED_KEYS.has(key)) found.push({ field, reason: `must not be used as a key (${[...RESERVED_KEYS].join(', ')} are refused)` });
      else if (keyReason) found.push({ field, reason: `key ${keyReason}` });
      else stack.push([child, field]);
    }
  }
  return found;
}

/**
 * class-validator's `@ValidateNested()` walks into arrays as well as objects, so `[[{…}]]` where a list of objects
 * is declared, or `[{…}]` where one object is, would pass and reach the handler. Checked on the validated instance:
 * each nested value must be one object (an array of them with `each`).
 */
function misplacedNesting(instance: object, root: string): Array<{ field: string; reason: string }> {
  const found: Array<{ field: string; reason: string }> = [];
  const stack: Array<[object, string]> = [[instance, root]];
  for (let next = stack.pop(); next !== undefined && found.length < MAX_REPORTED; next = stack.pop()) {
    const [current, path] = next;
    const nested = getMetadataStorage()
      .getTargetValidationMetadatas(current.constructor, '', true, false)
      .filter((m) => m.type === ValidationTypes.NESTED_VALIDATION);
    for (const { propertyName, each } of nested) {
      const value = isRecord(current) ? current[propertyName] : undefined;
      const field = path ? `${path}.${propertyName}` : propertyName;
      if (value === null || typeof value !== 'object') continue;
      if (!each && Array.isArray(value)) {
        found.push({ field, reason: 'must be an object, not an array' });
        continue;
      }
      const elements: Array<[unknown, string]> =
        each && Array.isArray(value) ? value.map((element, i) => [element, `${field}.${i}`]) : [[value, field]];
      for (const [element, elementPath] of elements) {
        if (Array.isArray(element)) found.push({ field: elementPath, reason: 'must be an object, not an array' });
        else if (element !== null && typeof element === 'object') stack.push([element, elementPath]);
      }
    }
  }
  return found;
}

function invalidFields(violations: Array<{ field: string; reason: string }>): BadRequestException {
  const problem: ProblemBody = {
    statusCode: 400,
    error: 'Bad Request',
    message: `Invalid field(s): ${[...new Set(violations.map((v) => v.field))].join(', ')}`,
    violations,
  };
  return new BadRequestException(problem);
}

/** A 400 naming one field and why it is refused, in the shape every validation answer has. */
export function invalidField(field: string, reason: string): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `Invalid field(s): ${field}`,
    violations: [{ field, reason }],
  } satisfies ProblemBody);
}

/**
 * A request body described by a class must be one JSON object of bounded depth: an array, a bare value or a
 * thousand levels of nesting is refused as the client's mistake (class-transformer would otherwise recurse into
 * it and fail with a 500). Every body, query and path value, described by a class or not, is refused when it
 * carries a NUL byte, a lone surrogate or a prototype key (before class-transformer sees it), or an array or object where one
 * named string is declared; class-validator's `@IsString()` on each DTO field refuses the rest.
 */
class BodyShapeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && typeof metadata.metatype === 'function' && metadata.metatype !== Object) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidField('(body)', 'must be a JSON object');
    }
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      if (nestedDeeperThan(value, MAX_BODY_DEPTH))
        throw invalidField(metadata.data ?? `(${metadata.type})`, `must not nest deeper than ${MAX_BODY_DEPTH} levels`);
      const hostile = hostileContent(value, metadata.data ?? '');
      if (hostile.length) throw invalidFields(hostile);
      // One named query or path value declared a string: `?x=a&x=b` or `?x[a]=b` is not silently joined into one.
      if (metadata.data && metadata.metatype === String && value !== undefined && typeof value !== 'string')
        throw invalidField(metadata.data, 'must be a string');
    }
    const result: unknown = await super.transform(value, metadata);
    if (
      (metadata.type === 'body' || metadata.type === 'query') &&
      result !== null &&
      typeof result === 'object' &&
      result.constructor !== Object &&
      !Array.isArray(result)
    ) {
      const misplaced = misplacedNesting(result, metadata.data ?? '');
      if (misplaced.length) throw invalidFields(misplaced);
    }
    return result;
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
    exceptionFactory: (errors) => invalidFields(flatten(errors)),
  });
}
