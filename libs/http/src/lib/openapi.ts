import { applyDecorators, type INestApplication } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiHeader,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiSchema,
  DocumentBuilder,
  SwaggerModule,
  getSchemaPath,
  type OpenAPIObject,
} from '@nestjs/swagger';
import type { OperationObject, ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PROBLEM_CONTENT_TYPE } from './problem';

/** Where this service's title and description come from: each app's main.ts, and the OpenAPI writer (tools/openapi). */
export interface HttpSurface {
  title: string;
  description: string;
}

@ApiSchema({ name: 'ProblemViolation', description: 'A field (by its path in the body, or a header) and the rule its value broke.' })
class ProblemViolationSchema {
  @ApiProperty({ example: 'children.0.identifier' })
  field!: string;

  @ApiProperty({ example: 'identifier: a temporary identifier is TEMP- followed by 4–40 letters, digits or hyphens' })
  reason!: string;
}

/** The RFC 9457 problem every 4xx/5xx answer carries (libs/http/src/lib/problem.ts, docs/problems.md). */
@ApiSchema({
  name: 'Problem',
  description:
    'An RFC 9457 problem (application/problem+json). Branch on `type`; `statusCode`, `error` and `message` are the shape before RFC 9457, ' +
    'deprecated. Extension members where they help: `wouldAllow` on an access refusal, `openCases` on open-case-exists.',
})
export class ProblemSchema {
  @ApiProperty({
    description: 'Stable URN of the kind of problem, or of the rule that refused',
    example: 'urn:perheverkko:problem:invalid-fields',
  })
  type!: string;

  @ApiProperty({ description: 'Fixed English title per type', example: 'Some fields are not valid' })
  title!: string;

  @ApiProperty({ type: 'integer', example: 400 })
  status!: number;

  @ApiProperty({ description: 'What was wrong and what to do, in English', example: 'Invalid field(s): children.0.identifier' })
  detail!: string;

  @ApiPropertyOptional({ description: "The request's path, never its query", example: '/concerns' })
  instance?: string;

  @ApiPropertyOptional({ type: [ProblemViolationSchema], description: '400: each offending field and why' })
  violations?: ProblemViolationSchema[];

  @ApiPropertyOptional({ description: 'The rule of the model that refused (409, 422, or 403)', example: 'consent-required' })
  rule?: string;

  @ApiPropertyOptional({ description: 'An access refusal: what would have allowed the call' })
  wouldAllow?: string;

  @ApiProperty({ type: 'integer', deprecated: true, description: 'The same as `status`', example: 400 })
  statusCode!: number;

  @ApiProperty({ deprecated: true, description: "The status's reason phrase", example: 'Bad Request' })
  error!: string;

  @ApiProperty({ deprecated: true, description: 'The same as `detail`', example: 'Invalid field(s): children.0.identifier' })
  message!: string;
}

/** What each status means in this API (docs/problems.md). */
const PROBLEM_STATUSES: Record<number, string> = {
  400: 'The request is not valid: invalid-fields (`violations` names each field or header), malformed-json, or invalid-request (e.g. a body that does not decompress as its Content-Encoding says).',
  401: 'unauthenticated: no bearer token, or not a valid one (`WWW-Authenticate: Bearer`).',
  403: 'forbidden: the role, the relation to the case or the family’s consent does not allow it (`rule` says which, `wouldAllow` what would).',
  404: 'not-found: no such resource, or one the caller may not know of.',
  409: 'concurrent-change (the case changed after If-Match was read: read again and decide again), or a rule of the model refused in this state (`rule`).',
  413: 'payload-too-large: the body is over 256 kB.',
  415: 'unsupported-media-type: the body is not JSON (application/json, or another `+json` type), or is in a Content-Encoding this API does not read (gzip, deflate and br it does).',
  422: 'A rule of the model refuses the request (`rule`), or idempotency-key-reused.',
  429: 'too-many-requests: over the client’s budget a minute; `Retry-After` says how long to wait.',
  500: 'internal-error: unexpected; logged, nothing of it in the answer.',
  503: 'service-unavailable: the database is down or busy for a moment; send the same request again after `Retry-After`.',
};

/** What a client sees, for the statuses where one example tells most. */
const PROBLEM_EXAMPLES: Record<number, object> = {
  400: {
    type: 'urn:perheverkko:problem:invalid-fields',
    title: 'Some fields are not valid',
    status: 400,
    detail: 'Invalid field(s): children.0.identifier',
    instance: '/concerns',
    violations: [
      { field: 'children.0.identifier', reason: 'identifier: a temporary identifier is TEMP- followed by 4–40 letters, digits or hyphens' },
    ],
    statusCode: 400,
    error: 'Bad Request',
    message: 'Invalid field(s): children.0.identifier',
  },
  409: {
    type: 'urn:perheverkko:problem:concurrent-change',
    title: 'Changed by someone else meanwhile',
    status: 409,
    detail: 'The case changed after it was read (If-Match "3"): read it again and decide again.',
    instance: '/convenings/3b0c5f0e-1d7a-4e55-9a8e-6c2f4a9b7d21/invitations',
    statusCode: 409,
    error: 'Conflict',
    message: 'The case changed after it was read (If-Match "3"): read it again and decide again.',
  },
};

const problemContent = (status?: number) => ({
  [PROBLEM_CONTENT_TYPE]: {
    schema: { $ref: getSchemaPath(ProblemSchema) },
    ...(status !== undefined && PROBLEM_EXAMPLES[status] ? { example: PROBLEM_EXAMPLES[status] } : {}),
  },
});

/**
 * The endpoint may answer these statuses with a problem (application/problem+json, the shared `Problem` schema), each
 * described once here. On a controller it applies to every endpoint. 401 and 429 are added to every operation that
 * can answer them by `openApiDocumentOf`, so no controller repeats them.
 */
export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(
    ApiExtraModels(ProblemSchema),
    ...statuses.map((status) =>
      ApiResponse({ status, description: PROBLEM_STATUSES[status] ?? `HTTP ${status}`, content: problemContent(status) }),
    ),
  );

/** The ETag a read answers with: its revision, the value a command takes back as If-Match. */
export const ETAG_HEADER = {
  ETag: {
    description: 'The revision as a strong ETag (`"7"`): send it back as If-Match, or as If-None-Match for a 304',
    schema: { type: 'string' },
  },
};

/** A read whose answer carries its revision as ETag: If-None-Match naming it answers 304 with no body. */
export const ApiRevisionETag = () =>
  applyDecorators(
    ApiHeader({
      name: 'If-None-Match',
      required: false,
      description: 'An ETag this client holds: unchanged, the answer is 304 without a body',
    }),
    ApiResponse({ status: 200, description: 'The current state', headers: ETAG_HEADER }),
    ApiResponse({ status: 304, description: 'Not modified: the ETag sent in If-None-Match is still the revision' }),
  );

@ApiSchema({
  name: 'CommandAnswer',
  description:
    'What a command recorded: the ids it was about, the revision to send back as If-Match (also the ETag; a catalogue names it `version`), ' +
    'whether the same Idempotency-Key had been handled before, and the types of the events recorded.',
})
export class CommandAnswerSchema {
  @ApiPropertyOptional({ format: 'uuid' })
  caseId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  meetingId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A consent recorded' })
  consentId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An invitation sent' })
  invitationId?: string;

  @ApiPropertyOptional({
    oneOf: [
      { type: 'integer', minimum: 0 },
      { type: 'string', enum: ['no_stream'] },
    ],
    description: 'The stream’s revision as the caller sees it (`no_stream`: none of its events): the next If-Match',
    example: 3,
  })
  revision?: number | 'no_stream';

  @ApiPropertyOptional({ type: 'integer', description: 'A catalogue’s version (reference data), instead of `revision`' })
  version?: number;

  @ApiProperty({ description: 'true: this Idempotency-Key had been handled before; nothing new was recorded (status 200)', example: false })
  alreadyHandled!: boolean;

  @ApiProperty({ type: [String], description: 'Types of the events recorded', example: ['ZoneRated'] })
  events!: string[];
}

/** The answer of every command endpoint (`answer`): 201 recorded, 200 handled before, the revision as ETag. */
export const ApiCommandAnswer = (description = 'Recorded') =>
  applyDecorators(
    ApiExtraModels(CommandAnswerSchema),
    ApiResponse({
      status: 201,
      description,
      headers: ETAG_HEADER,
      content: {
        'application/json': {
          schema: { $ref: getSchemaPath(CommandAnswerSchema) },
          example: { caseId: '3b0c5f0e-1d7a-4e55-9a8e-6c2f4a9b7d21', revision: 4, alreadyHandled: false, events: ['ConsentGranted'] },
        },
      },
    }),
    ApiResponse({
      status: 200,
      description: 'Handled before: the same Idempotency-Key was sent already; nothing new recorded, the first answer again',
      headers: ETAG_HEADER,
      schema: { $ref: getSchemaPath(CommandAnswerSchema) },
    }),
  );

type Operation = OperationObject & { security?: Array<Record<string, string[]>>; [PAGED_EXTENSION]?: { bare?: boolean } };

/** Marks a paged list's operation (`Paged`, pagination.ts) until its 200 answer is given the Link header here. */
export const PAGED_EXTENSION = 'x-paged-list';

export const LINK_HEADER = {
  Link: {
    description: 'Where there is a next page: `<path?…&cursor=…>; rel="next"` (RFC 8288), the same request with the next cursor',
    schema: { type: 'string' },
  },
};

/** A paged list's 200: the Link header beside its others, and how the pages go. */
function documentPaging(operation: Operation): void {
  const paged = operation[PAGED_EXTENSION];
  if (!paged) return;
  delete operation[PAGED_EXTENSION];
  const ok = operation.responses[200];
  if (!ok || isReference(ok)) return;
  ok.headers = { ...ok.headers, ...LINK_HEADER };
  const how = paged.bare
    ? 'One page of the list (`limit`, `cursor`): the rows as an array, the `Link` header naming the next page (absent on the last).'
    : 'One page of the list (`limit`, `cursor`): `next` is the cursor of the next page (null on the last), also as the `Link` header.';
  ok.description = ok.description ? `${ok.description}\n\n${how}` : how;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/** `DemoIssuerController.token` → `demoIssuerToken`; `ConcernsHttp.history` → `concernsHistory`: stable, camelCase, unique. */
export function operationIdOf(controllerKey: string, methodKey: string): string {
  const area = controllerKey.replace(/(Http|Controller)$/, '');
  return `${area.charAt(0).toLowerCase()}${area.slice(1)}${methodKey.charAt(0).toUpperCase()}${methodKey.slice(1)}`;
}

const isReference = (value: object): value is ReferenceObject => '$ref' in value;

/**
 * What every operation answers besides what its controller declares: 401 unless public (`security: []`), 429 (the
 * rate limit runs before routing), 400 where it reads parameters or a body, 413 and 415 where it takes a body (the
 * body parser and the media type check run before routing), 500 and 503 everywhere (the unexpected; the database
 * down or busy); and every 4xx/5xx declared without a body is the problem.
 */
function completeOperation(operation: Operation): void {
  documentPaging(operation);
  const responses = operation.responses;
  const add = (status: number) => {
    if (!responses[status]) responses[status] = { description: PROBLEM_STATUSES[status] };
  };
  if (operation.security?.length !== 0) add(401);
  if (operation.requestBody || (operation.parameters ?? []).some((p) => !isReference(p) && p.in !== 'header')) add(400);
  if (operation.requestBody) {
    add(413);
    add(415);
  }
  add(429);
  add(500);
  add(503);
  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) >= 400 && response && !isReference(response) && !response.content) response.content = problemContent(Number(status));
  }
}

/** The OpenAPI document of this app, as `/openapi.json` serves it and `npm run openapi:write` writes it. */
export function openApiDocumentOf(app: INestApplication, surface: HttpSurface): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(surface.title)
    .setDescription(surface.description)
    .setVersion('0.1.0')
    .addServer('/', 'This process (relative to where the document was read)')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token of the OpenID Connect issuer' },
      'bearer',
    )
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: operationIdOf,
    extraModels: [ProblemSchema],
  });
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method];
      if (operation) completeOperation(operation);
    }
  }
  const schemas = (document.components ??= {}).schemas ?? {};
  document.components.schemas = schemas;
  for (const [name, schema] of referencedSchemas(document.paths)) schemas[name] = schema;
  return document;
}

/** A schema as /openapi.json states it (OpenAPI 3.0's JSON Schema dialect). */
export type Schema = SchemaObject | ReferenceObject;

const NAMED_SCHEMAS = new Map<string, SchemaObject>();

const WITHHELD_IDENTITY: ReferenceObject = { $ref: '#/components/schemas/WithheldIdentity' };
NAMED_SCHEMAS.set('WithheldIdentity', {
  type: 'object',
  description: 'An identity field of a caller who does not read identity',
  required: ['withheld'],
  properties: { withheld: { type: 'string', enum: ['identity'] } },
});

const ERASED_VALUE: ReferenceObject = { $ref: '#/components/schemas/ErasedValue' };
NAMED_SCHEMAS.set('ErasedValue', {
  type: 'object',
  description: 'A personal value of a case whose key is destroyed (retention ended, or erased on request): it cannot be read again',
  required: ['erased'],
  properties: { erased: { type: 'boolean', enum: [true] } },
});

/**
 * A response schema of its own name in `components.schemas` (a reference to it): a document carries the named
 * schemas its operations refer to, and only those.
 */
export function namedSchema(name: string, schema: SchemaObject): ReferenceObject {
  NAMED_SCHEMAS.set(name, schema);
  return { $ref: `#/components/schemas/${name}` };
}

/** Shorthands for the response schemas. */
export const S = {
  string: (extra: SchemaObject = {}): SchemaObject => ({ type: 'string', ...extra }),
  uuid: (): SchemaObject => ({ type: 'string', format: 'uuid' }),
  instant: (): SchemaObject => ({ type: 'string', format: 'date-time' }),
  integer: (extra: SchemaObject = {}): SchemaObject => ({ type: 'integer', ...extra }),
  number: (): SchemaObject => ({ type: 'number' }),
  boolean: (): SchemaObject => ({ type: 'boolean' }),
  array: (items: Schema, extra: SchemaObject = {}): SchemaObject => ({ type: 'array', items, ...extra }),
  /** An object of these properties, the `required` ones always there; other members may be added later. */
  object: (properties: Record<string, Schema>, required: string[] = [], extra: SchemaObject = {}): SchemaObject => ({
    type: 'object',
    ...(required.length ? { required } : {}),
    properties,
    ...extra,
  }),
  /** A map of names to values of `values`. */
  map: (values: Schema, extra: SchemaObject = {}): SchemaObject => ({ type: 'object', additionalProperties: values, ...extra }),
  nullable: (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true }),
  /** A stream's revision as the caller sees it: the events they see less one, `no_stream` when they see none. */
  revision: (description = 'The revision as the caller sees the stream: the ETag, and the next If-Match'): SchemaObject => ({
    description,
    oneOf: [
      { type: 'integer', minimum: 0 },
      { type: 'string', enum: ['no_stream'] },
    ],
  }),
  /**
   * A personal field, stored sealed with the case key: its value, or `{ "erased": true }` once the key is destroyed.
   * `anyOf`, as an object value with no required member would match both.
   */
  personal: (schema: Schema): SchemaObject => ({ anyOf: [schema, ERASED_VALUE] }),
  /** An identity field (personal): its value, `{ "withheld": "identity" }` for a caller who does not read identity, or erased. */
  identity: (schema: Schema): SchemaObject => ({ anyOf: [schema, WITHHELD_IDENTITY, ERASED_VALUE] }),
  /** A page of a list (`pageOf`): its items and the cursor of the next page, null on the last. */
  page: (items: Schema): SchemaObject => ({
    type: 'object',
    required: ['items', 'next'],
    properties: {
      items: { type: 'array', items },
      next: { type: 'string', nullable: true, description: 'Cursor of the next page (`after`)' },
    },
  }),
};

/** 200 (or `status`) with this JSON body. */
export const ApiJsonAnswer = (schema: Schema, description = 'The answer', status = 200, headers?: typeof ETAG_HEADER) =>
  ApiResponse({ status, description, schema, ...(headers ? { headers } : {}) });

/** The named schemas `value` refers to, and those they refer to in turn. */
function referencedSchemas(value: unknown, found = new Map<string, SchemaObject>()): Map<string, SchemaObject> {
  if (Array.isArray(value)) value.forEach((item) => referencedSchemas(item, found));
  else if (value && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) {
      if (key === '$ref' && typeof member === 'string') {
        const name = member.replace('#/components/schemas/', '');
        const schema = NAMED_SCHEMAS.get(name);
        if (schema && !found.has(name)) {
          found.set(name, schema);
          referencedSchemas(schema, found);
        }
      } else referencedSchemas(member, found);
    }
  }
  return found;
}
