/**
 * A command refused by a business rule. `conflict` means the case's current state forbids it (HTTP 409, e.g.
 * inviting after consent was withdrawn); `unprocessable` means the command itself breaks a rule (HTTP 422).
 * The message says what was wrong and what to do, in words a professional understands.
 */
export class DomainRuleViolation extends Error {
  constructor(
    readonly rule: string,
    message: string,
    readonly kind: 'conflict' | 'unprocessable' = 'unprocessable',
  ) {
    super(message);
    this.name = 'DomainRuleViolation';
  }
}

/** Refuses a command by a business rule (see DomainRuleViolation): what every decider throws. */
export function refuse(rule: string, message: string, kind: 'conflict' | 'unprocessable' = 'unprocessable'): never {
  throw new DomainRuleViolation(rule, message, kind);
}
