import type { Response } from 'express';
import type { ExpectedRevision } from '@perheverkko/event-store';

/** What a command's outcome tells its caller (handleCommand's CommandOutcome). */
interface AnsweredOutcome {
  revision: ExpectedRevision;
  /** The revision as the caller sees the stream, where the command knew whom it answers. */
  seenRevision?: ExpectedRevision;
  alreadyHandled: boolean;
  events: ReadonlyArray<{ type: string }>;
}

interface AnswerOptions {
  /** 201 or 200; by default 201 unless the command had been handled before (the same Idempotency-Key resent). */
  created?: boolean;
  /**
   * The position a client sends back as If-Match, when it is not the stream's revision (a catalogue's version):
   * then the ETag and the body name it `version`, and no `revision` is given.
   */
  version?: number;
}

type Answer<A extends object> = A & { revision?: ExpectedRevision; version?: number; alreadyHandled: boolean; events: string[] };

/**
 * Every command endpoint's answer: 201 when it recorded something new, 200 when it was handled before; the ETag is
 * the revision to send back as If-Match; the body says what it was about, the revision, and the events recorded.
 */
export function answer<A extends object>(response: Response, outcome: AnsweredOutcome, about: A, options: AnswerOptions = {}): Answer<A> {
  response.status((options.created ?? !outcome.alreadyHandled) ? 201 : 200);
  const revision = outcome.seenRevision ?? outcome.revision;
  const position = options.version === undefined ? { revision } : { version: options.version };
  response.setHeader('ETag', `"${options.version ?? revision}"`);
  return { ...about, ...position, alreadyHandled: outcome.alreadyHandled, events: outcome.events.map((e) => e.type) };
}
