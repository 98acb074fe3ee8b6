import { STATUS_CODES } from 'node:http';

/** A field the request got wrong, and the rule it broke. */
export interface Violation {
  field: string;
  reason: string;
}

/**
 * The body of every 4xx/5xx answer, an RFC 9457 problem (`application/problem+json`): a stable `type` per kind of
 * problem (a client branches and translates on it), a fixed English `title`, the `status`, a `detail` saying what
 * was wrong and what to do, the `instance` (the request's path, never its query, which may hold a name searched for),
 * and, where they apply, each offending field (`violations`) or the business rule that refused (`rule`).
 *
 * `statusCode`, `error` and `message` are the answer's shape before RFC 9457 (the same facts), kept so existing
 * clients keep working; new clients read `status`, `title` and `detail`. Deprecated, to go with the next major version.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** For input errors: each offending field and why. */
  violations?: Violation[];
  /** For business rule refusals: the rule's name, stable for clients to branch on. */
  rule?: string;
  /** @deprecated the same as `status` */
  statusCode: number;
  /** @deprecated the status's reason phrase (`Bad Request`), as before */
  error: string;
  /** @deprecated the same as `detail` */
  message: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types live under one URN namespace: stable names, not addresses that must stay online. */
export const problemType = (slug: string) => `urn:perheverkko:problem:${slug}`;

/** The kinds of problem that are not a business rule of their own, by the status that carries them. */
const KIND_BY_STATUS: Record<number, { slug: string; title: string }> = {
  400: { slug: 'invalid-request', title: 'The request is not valid' },
  401: { slug: 'unauthenticated', title: 'Sign-in required' },
  403: { slug: 'forbidden', title: 'Not allowed' },
  404: { slug: 'not-found', title: 'Not found' },
  405: { slug: 'method-not-allowed', title: 'Method not allowed' },
  406: { slug: 'not-acceptable', title: 'No acceptable representation' },
  408: { slug: 'request-timeout', title: 'Request timeout' },
  409: { slug: 'conflict', title: 'Conflict with the current state' },
  410: { slug: 'gone', title: 'Gone' },
  412: { slug: 'precondition-failed', title: 'Precondition failed' },
  413: { slug: 'payload-too-large', title: 'Request body too large' },
  415: { slug: 'unsupported-media-type', title: 'Unsupported media type' },
  422: { slug: 'unprocessable', title: 'The request cannot be carried out' },
  428: { slug: 'precondition-required', title: 'Precondition required' },
  429: { slug: 'too-many-requests', title: 'Too many requests' },
  431: { slug: 'headers-too-large', title: 'Request header fields too large' },
  500: { slug: 'internal-error', title: 'Internal error' },
  503: { slug: 'service-unavailable', title: 'Service unavailable' },
};

/** Kinds a status alone does not tell apart: invalid fields, unreadable JSON, a concurrent change. */
export const PROBLEM_KINDS = {
  invalidFields: { slug: 'invalid-fields', title: 'Some fields are not valid' },
  malformedJson: { slug: 'malformed-json', title: 'The body is not valid JSON' },
  concurrentChange: { slug: 'concurrent-change', title: 'Changed by someone else meanwhile' },
  ruleRefused: { title: 'Refused by a rule of the model' },
} as const;

export interface ProblemFacts {
  status: number;
  detail: string;
  instance?: string;
  violations?: Violation[];
  rule?: string;
  /** A kind more precise than the status (`PROBLEM_KINDS`); a rule names its own. */
  kind?: { slug: string; title: string };
}

/** The problem body for these facts: the type from the rule, the kind or the status, in that order. */
export function problemOf(facts: ProblemFacts): Problem {
  const byStatus = KIND_BY_STATUS[facts.status] ?? { slug: `http-${facts.status}`, title: `HTTP ${facts.status}` };
  const kind = facts.kind ?? (facts.violations?.length ? PROBLEM_KINDS.invalidFields : byStatus);
  const type = facts.rule ? problemType(facts.rule) : problemType(kind.slug);
  const title = facts.rule ? PROBLEM_KINDS.ruleRefused.title : kind.title;
  return {
    type,
    title,
    status: facts.status,
    detail: facts.detail,
    ...(facts.instance ? { instance: facts.instance } : {}),
    ...(facts.violations?.length ? { violations: facts.violations } : {}),
    ...(facts.rule ? { rule: facts.rule } : {}),
    statusCode: facts.status,
    error: STATUS_CODES[facts.status] ?? title,
    message: facts.detail,
  };
}

/**
 * What code throws (inside a Nest HttpException): the facts of a problem; the problem filter makes the RFC 9457 body
 * of it (`problemOf`), so every answer has one shape wherever it was refused.
 */
export interface ProblemBody {
  statusCode: number;
  error: string;
  message: string;
  violations?: Violation[];
  rule?: string;
  /** For a refusal by access: what would have allowed the call. */
  wouldAllow?: string;
}
