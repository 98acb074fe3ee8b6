import { readFileSync } from 'node:fs';
import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { codeOf, messageOf } from '@perheverkko/decider';
import { confluentKafka } from './confluent-kafka';

/** Which client library speaks to the brokers: kafkajs, or for the measured comparison confluent (ADR 0021). */
const KAFKA_CLIENTS = ['kafkajs', 'confluent'] as const;

/**
 * How a process reaches the brokers, in Kafka's own vocabulary so that an operator reads the same words as in the
 * broker's `listener.security.protocol.map`. SASL_PLAINTEXT is left out on purpose: it authenticates but sends case
 * ids, municipalities and workers in clear.
 */
const KAFKA_SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_SSL'] as const;
type KafkaSecurityProtocol = (typeof KAFKA_SECURITY_PROTOCOLS)[number];

/** SCRAM keeps the password off the wire; PLAIN (sends it) and OAUTHBEARER (needs a token source) are not offered. */
const KAFKA_SASL_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/** The setting as one of the words offered, or undefined when it is none of them. */
const oneOf = <T extends string>(offered: readonly T[], setting: string): T | undefined => offered.find((word) => word === setting);

/** The environment variables that make up a Kafka connection (test harnesses pass them on to child processes). */
export const KAFKA_CONNECTION_VARIABLES = [
  'KAFKA_BROKERS',
  'KAFKA_SECURITY_PROTOCOL',
  'KAFKA_SSL_CA_FILE',
  'KAFKA_SSL_CERT_FILE',
  'KAFKA_SSL_KEY_FILE',
  'KAFKA_SASL_MECHANISM',
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_PASSWORD',
  'KAFKA_CLIENT',
] as const;

export interface KafkaConnection {
  brokers: string[];
  protocol: KafkaSecurityProtocol;
  /** PEM text read at start: a missing or unreadable file stops the process, not the first publish. */
  tls?: { ca?: string; cert?: string; key?: string };
  sasl?: { mechanism: KafkaSaslMechanism; username: string; password: string };
}

/**
 * Reads and checks the connection settings. Answers the problems found (each naming the variable) instead of
 * throwing, so that start-up reports them together with the rest of the configuration.
 */
export function readKafkaConnection(env: NodeJS.ProcessEnv): { connection?: KafkaConnection; problems: string[] } {
  const value = (name: (typeof KAFKA_CONNECTION_VARIABLES)[number]) => (env[name] === '' ? undefined : env[name]);
  const brokers = value('KAFKA_BROKERS');
  if (!brokers) return { problems: [] };
  const protocol = oneOf(KAFKA_SECURITY_PROTOCOLS, value('KAFKA_SECURITY_PROTOCOL') ?? 'PLAINTEXT');
  if (!protocol) {
    return {
      problems: [
        `KAFKA_SECURITY_PROTOCOL: must be one of ${KAFKA_SECURITY_PROTOCOLS.join(', ')} (SASL_PLAINTEXT would send the events in clear)`,
      ],
    };
  }
  const problems: string[] = [];
  const usesTls = protocol === 'SSL' || protocol === 'SASL_SSL';
  const pem = (name: 'KAFKA_SSL_CA_FILE' | 'KAFKA_SSL_CERT_FILE' | 'KAFKA_SSL_KEY_FILE') => {
    const file = value(name);
    if (!file) return undefined;
    if (!usesTls) {
      problems.push(`${name}: set, but KAFKA_SECURITY_PROTOCOL is ${protocol}; use SSL or SASL_SSL`);
      return undefined;
    }
    try {
      const text = readFileSync(file, 'utf8');
      // An empty or wrong file would silently fall back to the system's authorities, or fail at the first connection.
      if (!/-----BEGIN [A-Z ]+-----/.test(text)) problems.push(`${name}: ${file} holds no PEM block`);
      return text;
    } catch (error) {
      problems.push(`${name}: cannot read ${file} (${codeOf(error) ?? messageOf(error)})`);
      return undefined;
    }
  };
  const tls = { ca: pem('KAFKA_SSL_CA_FILE'), cert: pem('KAFKA_SSL_CERT_FILE'), key: pem('KAFKA_SSL_KEY_FILE') };
  if (Boolean(value('KAFKA_SSL_CERT_FILE')) !== Boolean(value('KAFKA_SSL_KEY_FILE'))) {
    problems.push('KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE: a client certificate needs both, or neither');
  }

  const usesSasl = protocol === 'SASL_SSL';
  const mechanism = oneOf(KAFKA_SASL_MECHANISMS, value('KAFKA_SASL_MECHANISM') ?? 'SCRAM-SHA-512');
  const username = value('KAFKA_SASL_USERNAME');
  const password = value('KAFKA_SASL_PASSWORD');
  if (usesSasl) {
    if (!mechanism) problems.push(`KAFKA_SASL_MECHANISM: must be one of ${KAFKA_SASL_MECHANISMS.join(', ')}`);
    if (!username) problems.push('KAFKA_SASL_USERNAME: required with KAFKA_SECURITY_PROTOCOL=SASL_SSL');
    if (!password) problems.push('KAFKA_SASL_PASSWORD: required with KAFKA_SECURITY_PROTOCOL=SASL_SSL');
  } else if (username || password || value('KAFKA_SASL_MECHANISM')) {
    problems.push(`KAFKA_SASL_*: set, but KAFKA_SECURITY_PROTOCOL is ${protocol}; use SASL_SSL so that the login is used`);
  }
  const client = value('KAFKA_CLIENT');
  if (client && !(KAFKA_CLIENTS as readonly string[]).includes(client)) {
    problems.push(`KAFKA_CLIENT: must be one of ${KAFKA_CLIENTS.join(', ')} (kafkajs unless measuring, ADR 0021)`);
  }
  if (problems.length > 0) return { problems };
  return {
    problems,
    connection: {
      brokers: brokers.split(','),
      protocol,
      ...(usesTls ? { tls } : {}),
      ...(usesSasl && mechanism && username && password ? { sasl: { mechanism, username, password } } : {}),
    },
  };
}

/** The connection the environment describes, or an error listing what is wrong (for tools and tests). */
export function requireKafkaConnection(env: NodeJS.ProcessEnv = process.env): KafkaConnection {
  const { connection, problems } = readKafkaConnection(env);
  if (problems.length > 0) throw new Error(`Invalid Kafka connection:\n  ${problems.join('\n  ')}`);
  if (!connection) throw new Error('KAFKA_BROKERS is not set');
  return connection;
}

/**
 * What a caller may set on its client. The library's own options stay inside this adapter (ADR 0021): a change of
 * client library changes this file, not its callers.
 */
export interface KafkaClientOptions {
  /** How much of the client's own log reaches stdout: `nothing` for a command that reports one clear error itself. */
  log?: 'nothing' | 'error' | 'warn';
  /** How often a failed request is tried again before the caller hears of it (the library's default otherwise). */
  retries?: number;
  /** How long connecting, signing in and each request may take (10 s to connect and sign in otherwise). */
  timeoutMs?: number;
}

const LOG_LEVELS = { nothing: logLevel.NOTHING, error: logLevel.ERROR, warn: logLevel.WARN } as const;

/** The client, an administrator's connection and a consumed message, as this adapter's callers name them. */
export type { Kafka as KafkaClient, Admin as KafkaAdmin, KafkaMessage as KafkaRecord } from 'kafkajs';

/**
 * A kafkajs client over the connection: TLS verifying the broker's certificate, SCRAM login where configured. With
 * KAFKA_CLIENT=confluent the same API over librdkafka (confluent-kafka.ts), for the comparison only.
 */
export function kafkaClient(clientId: string, connection: KafkaConnection, options: KafkaClientOptions = {}): Kafka {
  const ssl = connection.tls
    ? {
        rejectUnauthorized: true,
        ...(connection.tls.ca ? { ca: [connection.tls.ca] } : {}),
        ...(connection.tls.cert ? { cert: connection.tls.cert, key: connection.tls.key } : {}),
      }
    : undefined;
  const sasl: SASLOptions | undefined = connection.sasl
    ? connection.sasl.mechanism === 'SCRAM-SHA-256'
      ? { mechanism: 'scram-sha-256', username: connection.sasl.username, password: connection.sasl.password }
      : { mechanism: 'scram-sha-512', username: connection.sasl.username, password: connection.sasl.password }
    : undefined;
  // kafkajs waits 1 s for a connection by default: too short for a TLS handshake and SCRAM exchange on a busy node.
  const timeout = options.timeoutMs ?? 10_000;
  const config: KafkaConfig = {
    logLevel: LOG_LEVELS[options.log ?? 'warn'],
    connectionTimeout: timeout,
    authenticationTimeout: timeout,
    ...(options.timeoutMs !== undefined ? { requestTimeout: options.timeoutMs } : {}),
    ...(options.retries !== undefined ? { retry: { retries: options.retries } } : {}),
    clientId,
    brokers: connection.brokers,
    ...(ssl ? { ssl } : {}),
    ...(sasl ? { sasl } : {}),
  };
  return process.env.KAFKA_CLIENT === 'confluent' ? confluentKafka(config, connection) : new Kafka(config);
}
