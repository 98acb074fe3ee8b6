import { isRecord } from '@perheverkko/decider';

/**
 * Failures that go away by waiting: the database or the network is down or busy. These are retried for as long
 * as it takes; dead-lettering them would drop good messages because of an outage.
 */
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
// SQLSTATE classes and codes: 08 connection exception, 57P0x operator intervention (shutdown, crash),
// 53 insufficient resources, 40001 serialization failure, 40P01 deadlock.
const TRANSIENT_SQLSTATE = /^(08|53|57P0[1-4]|40001|40P01)/;

export function isTransientFailure(error: unknown): boolean {
  const fields: Record<string, unknown> = isRecord(error) ? error : {};
  const { code, message, name } = fields;
  // A consumer can receive its first message while the process is still registering its command handlers (found
  // by the rolling-restart test: 20 messages dead-lettered at start-up). Waiting is the cure, not the DLQ.
  if (name === 'CommandHandlerNotFoundException' || (typeof message === 'string' && message.startsWith('No handler found for the command')))
    return true;
  if (typeof code === 'string' && (TRANSIENT_NODE_CODES.has(code) || TRANSIENT_SQLSTATE.test(code))) return true;
  // node-postgres reports a lost connection without a code.
  return typeof message === 'string' && /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}
