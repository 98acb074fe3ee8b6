/**
 * How a business rule refuses: `conflict`, the case's current state forbids it (HTTP 409, e.g. inviting after
 * consent was withdrawn); `unprocessable`, the command itself breaks a rule (HTTP 422); `not-yours`, the model gives
 * this step to another person in the case (HTTP 403: only the convener invites, only the responsible worker records
 * the outcome), so retrying after a re-read never helps.
 */
export type RefusalKind = 'conflict' | 'unprocessable' | 'not-yours';

/** A command refused by a business rule. The message says what was wrong and what to do, in words a professional understands. */
export class DomainRuleViolation extends Error {
  constructor(
    readonly rule: string,
    message: string,
    readonly kind: RefusalKind = 'unprocessable',
  ) {
    super(message);
    this.name = 'DomainRuleViolation';
  }
}

/** Refuses a command by a business rule (see DomainRuleViolation): what every decider throws. */
export function refuse(rule: string, message: string, kind: RefusalKind = 'unprocessable'): never {
  throw new DomainRuleViolation(rule, message, kind);
}
