import { DomainRuleViolation, type CommandMetadata, type EventMetadata, type RequestFingerprint } from '@perheverkko/decider';

/** What made a reused Idempotency-Key another request rather than a retry. */
type ReuseDifference = 'caller' | 'operation' | 'request';

const WHAT_DIFFERS: Record<ReuseDifference, string> = {
  caller: 'by another user',
  operation: 'for another operation',
  request: 'with a different request (body or path)',
};

/**
 * The same Idempotency-Key sent by another caller, to another operation or with another request: HTTP 422
 * `idempotency-key-reused`, nothing recorded, and nothing of the first request's answer given back.
 */
export class IdempotencyKeyReused extends DomainRuleViolation {
  constructor(
    readonly key: string,
    readonly differs: ReuseDifference,
    firstOperation?: string,
  ) {
    const where = differs === 'operation' && firstOperation ? ` (${firstOperation})` : '';
    super(
      'idempotency-key-reused',
      `Idempotency-Key ${key} was already used ${WHAT_DIFFERS[differs]}${where}; nothing was recorded. ` +
        'A retry must resend exactly the same request as the same user; a new intent needs a new key (a new UUID).',
      'unprocessable',
    );
    this.name = 'IdempotencyKeyReused';
  }
}

/** Opens a fingerprint sealed with the case's key; undefined when it cannot be read (the case key was erased). */
export type OpenFingerprint = (caseId: string, sealed: object) => Promise<string | undefined>;

/**
 * Refuses a command whose id (the client's Idempotency-Key) was recorded before for something else. Commands
 * without a client key (consumers' reactions, keyless requests) are not checked. A caller who is not the first
 * one learns only that: never whether their request matched the first one's.
 */
export async function assertSameRequest(command: CommandMetadata, first: EventMetadata, open: OpenFingerprint): Promise<void> {
  const asked = command.idempotency;
  if (!asked) return;
  if (first.actor.id !== command.actor.id) throw new IdempotencyKeyReused(command.commandId, 'caller');
  const recorded: RequestFingerprint | undefined = first.idempotency;
  // Recorded before fingerprints existed: the caller is all that can be compared.
  if (!recorded) return;
  if (recorded.operation !== asked.operation) throw new IdempotencyKeyReused(command.commandId, 'operation', recorded.operation);
  const request = typeof recorded.request === 'string' ? recorded.request : await open(first.caseId, recorded.request);
  if (request !== undefined && request !== asked.request) throw new IdempotencyKeyReused(command.commandId, 'request');
}
