import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readKafkaConnection } from './kafka-connection';

describe('the Kafka connection an environment describes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-connection-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  const emptyFile = join(dir, 'empty.pem');
  writeFileSync(emptyFile, '');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const sasl = {
    KAFKA_BROKERS: 'kafka-0:9093,kafka-1:9093',
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SSL_CA_FILE: caFile,
    KAFKA_SASL_USERNAME: 'intake',
    KAFKA_SASL_PASSWORD: 'a-long-secret',
  };

  it('should be absent without brokers, whatever else is set', () => {
    expect(readKafkaConnection({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL' })).toEqual({ problems: [] });
  });

  it('should be plaintext when nothing says otherwise', () => {
    expect(readKafkaConnection({ KAFKA_BROKERS: '127.0.0.1:9092' }).connection).toEqual({
      brokers: ['127.0.0.1:9092'],
      protocol: 'PLAINTEXT',
    });
  });

  it('should take KAFKA_CLIENT as kafkajs or confluent only (the comparison of ADR 0021)', () => {
    expect(readKafkaConnection({ KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_CLIENT: 'confluent' }).problems).toEqual([]);
    expect(readKafkaConnection({ KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_CLIENT: 'rdkafka' }).problems).toEqual([
      expect.stringMatching(/^KAFKA_CLIENT: must be one of kafkajs, confluent/),
    ]);
  });

  it('should read SASL_SSL with the CA it trusts and a SCRAM-SHA-512 login by default', () => {
    const { connection, problems } = readKafkaConnection(sasl);
    expect(problems).toEqual([]);
    expect(connection).toMatchObject({
      brokers: ['kafka-0:9093', 'kafka-1:9093'],
      protocol: 'SASL_SSL',
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'intake' },
    });
    expect(connection?.tls?.ca).toContain('BEGIN CERTIFICATE');
  });

  it.each([
    [
      { KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT' },
      'KAFKA_SECURITY_PROTOCOL: must be one of PLAINTEXT, SSL, SASL_SSL (SASL_PLAINTEXT would send the events in clear)',
    ],
    [{ KAFKA_SASL_USERNAME: '' }, 'KAFKA_SASL_USERNAME: required with KAFKA_SECURITY_PROTOCOL=SASL_SSL'],
    [{ KAFKA_SASL_PASSWORD: undefined }, 'KAFKA_SASL_PASSWORD: required with KAFKA_SECURITY_PROTOCOL=SASL_SSL'],
    [{ KAFKA_SASL_MECHANISM: 'PLAIN' }, 'KAFKA_SASL_MECHANISM: must be one of SCRAM-SHA-256, SCRAM-SHA-512'],
    [{ KAFKA_SSL_CA_FILE: '/nowhere/ca.pem' }, 'KAFKA_SSL_CA_FILE: cannot read /nowhere/ca.pem (ENOENT)'],
    [{ KAFKA_SSL_CERT_FILE: caFile }, 'KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE: a client certificate needs both, or neither'],
    [{ KAFKA_SSL_CA_FILE: emptyFile }, `KAFKA_SSL_CA_FILE: ${emptyFile} holds no PEM block`],
    [
      { KAFKA_SECURITY_PROTOCOL: 'PLAINTEXT', KAFKA_SSL_CA_FILE: undefined },
      'KAFKA_SASL_*: set, but KAFKA_SECURITY_PROTOCOL is PLAINTEXT; use SASL_SSL so that the login is used',
    ],
    [
      { KAFKA_SECURITY_PROTOCOL: 'PLAINTEXT', KAFKA_SASL_USERNAME: undefined, KAFKA_SASL_PASSWORD: undefined },
      'KAFKA_SSL_CA_FILE: set, but KAFKA_SECURITY_PROTOCOL is PLAINTEXT; use SSL or SASL_SSL',
    ],
  ])('should refuse %j, naming the variable and the reason', (change, problem) => {
    const result = readKafkaConnection({ ...sasl, ...change });
    expect(result.problems).toContain(problem);
    expect(result.connection).toBeUndefined();
  });

  it('should take TLS with a client certificate instead of a login (SSL)', () => {
    const { connection, problems } = readKafkaConnection({
      KAFKA_BROKERS: 'kafka:9093',
      KAFKA_SECURITY_PROTOCOL: 'SSL',
      KAFKA_SSL_CA_FILE: caFile,
      KAFKA_SSL_CERT_FILE: caFile,
      KAFKA_SSL_KEY_FILE: caFile,
    });
    expect(problems).toEqual([]);
    expect(connection?.sasl).toBeUndefined();
    expect(connection?.tls?.cert).toContain('BEGIN CERTIFICATE');
  });
});
