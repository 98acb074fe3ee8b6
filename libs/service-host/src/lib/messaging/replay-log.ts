import { Logger } from '@nestjs/common';
import type { AccessLogHost } from '@perheverkko/access';
import type { AuthenticatedUser } from '@perheverkko/http';
import { currentTraceId } from '@perheverkko/observability';

/** One dead letter being replayed, as the logs name it: where it lies and what event it carries, never its payload. */
export interface ReplayedLetter {
  /** `<schema>:<n>` (a consumer's table) or `<topic>.dlq/<partition>/<offset>` (Kafka). */
  letter: string;
  eventId: string | null;
  eventType: string | null;
  /** The source topic it goes back to, and the consumer that set it aside (known on the embedded default). */
  to: string;
  through?: string;
  /** The case the message is keyed by: kept in the access log entry (the auditor's per-case query), never in a log line. */
  caseId?: string | null;
}

const logger = new Logger('DeadLetters');
const described = (l: ReplayedLetter) =>
  `dead letter ${l.letter} (${l.eventType ?? '?'} ${l.eventId ?? ''}) to ${l.to}${l.through ? ` through ${l.through}` : ''}`;

/**
 * The replay's trail, twice per letter in the access log (before: no log, no replay; after: what came of it), and
 * after it as one JSON line on stdout with LOG_FORMAT=json (a text line otherwise): who, when, which letter, outcome.
 * The reason an administrator gives stays in the access log: free text may name people.
 */
export class ReplayTrail {
  constructor(
    private readonly accessLog: AccessLogHost,
    private readonly user: AuthenticatedUser,
    private readonly reason: string | undefined,
  ) {}

  async before(letter: ReplayedLetter): Promise<void> {
    await this.record(letter, `replay of ${described(letter)}`);
  }

  async after(letter: ReplayedLetter, outcome: string): Promise<void> {
    await this.record(letter, `${described(letter)} replayed: ${outcome}`);
    const message = `${described(letter)} replayed by ${this.user.id}: ${outcome}`;
    if (process.env.LOG_FORMAT !== 'json') return logger.log(message);
    const traceId = currentTraceId();
    const { caseId: _caseId, ...named } = letter;
    const line = {
      time: new Date().toISOString(),
      level: 'info',
      context: 'DeadLetters',
      message,
      ...(traceId ? { traceId } : {}),
      replay: { by: this.user.id, ...named, outcome },
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }

  private async record(letter: ReplayedLetter, what: string): Promise<void> {
    await this.accessLog.record({
      actorId: this.user.id,
      actorRole: this.user.roles.join(','),
      organisation: this.user.organisation,
      ...(letter.caseId ? { caseId: letter.caseId } : {}),
      action: 'act',
      what,
      ...(this.reason ? { purpose: this.reason } : {}),
    });
  }
}
