/** Who caused an event: a person acting in a role for an organisation, or a system component. */
export interface Actor {
  id: string;
  role: string;
  organisation: string;
}

/**
 * The metadata every stored event carries. Time and ids arrive with the command, never from a clock during
 * replay. `consent` names the consent (or legal basis) a disclosure relies on; absent when nothing is disclosed.
 */
/**
 * What a client's Idempotency-Key was used for: the operation (method and route) and a hash of the request
 * (path parameters and body). The caller is the command's actor. Absent on commands without a client key.
 */
export interface RequestFingerprint {
  operation: string;
  /** `sha256:<hex>` of the canonical JSON; stored sealed with the case's key when the events carry personal data. */
  request: string | object;
}

export interface EventMetadata {
  eventId: string;
  caseId: string;
  correlationId: string;
  /** The command (or the other service's event) that caused this one; a retried command is found by it. */
  causationId: string;
  actor: Actor;
  occurredAt: string;
  schemaVersion: number;
  consent?: { basis: 'consent' | 'law'; reference: string };
  /** W3C trace context of the request that caused it, so one request is one trace across services. */
  traceparent?: string;
  /** What the client's Idempotency-Key was first used for, so a reuse for anything else is refused (HTTP 422). */
  idempotency?: RequestFingerprint;
}
