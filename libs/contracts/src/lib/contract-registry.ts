import Ajv2020, { type AnySchema, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { IntegrationEvent } from './integration-event';
import { ENVELOPE_SCHEMA } from './envelope-schema';
import { messageOf } from '@perheverkko/decider';

/**
 * One published event type: its current schema, and how every older version becomes the next one. Events are
 * never rewritten in place; readers upcast, so a history kept for decades still replays.
 */
export interface EventContract {
  type: string;
  topic: string;
  /** The current schema version. */
  version: number;
  /** JSON Schema of `data` at the current version. */
  schema: AnySchema;
  /** `upcasters[n]` turns version n's data into version n+1's. */
  upcasters?: Record<number, (data: unknown) => unknown>;
  description?: string;
}

/** Why an incoming message cannot be used. Never transient: retrying the same bytes gives the same answer. */
export class ContractViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractViolation';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let processCompiler: Ajv2020 | undefined;

/**
 * One compiler for the process. Ajv keeps what it compiled by schema object, so every publisher's and consumer's
 * registry (the embedded default holds dozens, each naming the same contracts) compiles a schema once: compiling them
 * per registry was a quarter of a start.
 */
function schemaCompiler(): Ajv2020 {
  if (!processCompiler) {
    // The dialect the written schema files name (docs/events/schemas), with their formats asserted (date-time, uuid).
    processCompiler = addFormats(new Ajv2020({ allErrors: true, strict: true }));
    // Stricter than ajv-formats' uuid, which also takes a `urn:uuid:` prefix: event ids never had one.
    processCompiler.addFormat('uuid', UUID);
  }
  return processCompiler;
}

export class ContractRegistry {
  private readonly ajv = schemaCompiler();
  private readonly contracts = new Map<string, { contract: EventContract; validate?: ValidateFunction }>();
  private validateEnvelope?: ValidateFunction;

  constructor(contracts: EventContract[] = []) {
    contracts.forEach((c) => this.register(c));
  }

  register(contract: EventContract): void {
    if (this.contracts.has(contract.type)) throw new Error(`contract ${contract.type} is registered twice`);
    for (let v = 1; v < contract.version; v++) {
      if (!contract.upcasters?.[v]) throw new Error(`contract ${contract.type} v${contract.version} lacks the upcaster from v${v}`);
    }
    // Compiled at its first use: a process starts without compiling the schemas of events it never meets (the
    // contracts spec compiles every one, so a broken schema still fails the build).
    this.contracts.set(contract.type, { contract });
  }

  /** Compiles every schema now (a process compiles each at its first use): a schema strict JSON Schema refuses throws here. */
  compileAll(): this {
    this.validateEnvelope ??= this.ajv.compile(ENVELOPE_SCHEMA);
    for (const entry of this.contracts.values()) entry.validate ??= this.ajv.compile(entry.contract.schema);
    return this;
  }

  all(): EventContract[] {
    return [...this.contracts.values()].map((c) => c.contract);
  }

  has(type: string): boolean {
    return this.contracts.has(type);
  }

  /** The published form of an event, checked against its contract before it leaves the service. */
  toIntegrationEvent(event: Omit<IntegrationEvent, 'version'>): IntegrationEvent {
    const entry = this.entry(event.type);
    const integrationEvent = { ...event, version: entry.contract.version };
    this.check(entry, integrationEvent.data, `${event.type} v${entry.contract.version}`);
    return integrationEvent;
  }

  /** Parses and validates received bytes, upcasting older versions to the current one. */
  read(bytes: Buffer | string | null): IntegrationEvent {
    if (bytes === null || bytes.length === 0) throw new ContractViolation('the message has no value');
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString());
    } catch (error) {
      throw new ContractViolation(`the message is not JSON: ${messageOf(error)}`);
    }
    this.validateEnvelope ??= this.ajv.compile(ENVELOPE_SCHEMA);
    if (!this.validateEnvelope(parsed)) {
      throw new ContractViolation(`the envelope is invalid: ${this.ajv.errorsText(this.validateEnvelope.errors)}`);
    }
    const event = parsed as IntegrationEvent;
    return this.upcast(event);
  }

  /** Brings an event of any known older version to the current schema, validating the result. */
  upcast(event: IntegrationEvent): IntegrationEvent {
    const entry = this.entry(event.type);
    const { contract } = entry;
    if (event.version > contract.version) {
      throw new ContractViolation(
        `${event.type} v${event.version} is newer than this reader knows (v${contract.version}); deploy the newer contract`,
      );
    }
    let data = event.data;
    for (let v = event.version; v < contract.version; v++) {
      const upcaster = contract.upcasters?.[v];
      if (!upcaster) throw new ContractViolation(`${event.type} has no upcaster from v${v}`);
      data = upcaster(data);
    }
    this.check(
      entry,
      data,
      event.version === contract.version ? `${event.type} v${event.version}` : `${event.type} v${event.version}→v${contract.version}`,
    );
    return { ...event, version: contract.version, data };
  }

  private entry(type: string) {
    const entry = this.contracts.get(type);
    if (!entry) throw new ContractViolation(`no contract for event type "${type}"`);
    return entry;
  }

  private check(entry: { contract: EventContract; validate?: ValidateFunction }, data: unknown, what: string): void {
    const validate = (entry.validate ??= this.ajv.compile(entry.contract.schema));
    if (!validate(data)) {
      throw new ContractViolation(`${what} does not match its schema: ${this.ajv.errorsText(validate.errors, { dataVar: 'data' })}`);
    }
  }
}
