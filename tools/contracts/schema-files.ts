import {
  CONVENING_CONTRACTS,
  ENVELOPE_SCHEMA,
  INTAKE_CONTRACTS,
  MEETING_CONTRACTS,
  PLAN_FOLLOWUP_CONTRACTS,
  eventRecordedContract,
  type EventContract,
} from '@perheverkko/contracts';

/**
 * The JSON Schema files other languages read (docs/events/schemas), drawn from the TypeScript contracts, which stay
 * the one source: the upcasters and the inferred types live beside the schemas there.
 */

/** The dialect the files name; the registry validates with the same (Ajv2020 with ajv-formats). */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** Where the files are written, from the repository's root. */
export const SCHEMA_DIR = 'docs/events/schemas';

/** The services that publish, each on `<service>.events.v1` and `<service>.audit.v1`. */
export const PUBLISHED: Record<string, EventContract[]> = {
  intake: INTAKE_CONTRACTS,
  convening: CONVENING_CONTRACTS,
  meeting: MEETING_CONTRACTS,
  'plan-followup': PLAN_FOLLOWUP_CONTRACTS,
};

/** One schema for every audit topic (`EventRecorded`): the same on each service's. */
export const AUDIT_CONTRACT = eventRecordedContract('<service>');

/** Every contract with a schema file: the events topics' and the audit record's. */
export const ALL_CONTRACTS: EventContract[] = [...Object.values(PUBLISHED).flat(), AUDIT_CONTRACT];

/**
 * URNs, not URLs: an id names the schema wherever the files are served from (no host to keep alive or move), no
 * tool ever tries to fetch it, and the version is part of the name, so v3 of an event is another document than v2.
 */
export const eventSchemaId = (type: string, version: number) => `urn:perheverkko:event:${type}:v${version}`;
export const ENVELOPE_SCHEMA_ID = 'urn:perheverkko:envelope:v1';

export const eventSchemaFile = (type: string, version: number) => `${type}.v${version}.json`;
export const ENVELOPE_SCHEMA_FILE = 'envelope.v1.json';

/** The data schema of one event at its current version, as a standalone document. */
export function eventSchemaDocument(contract: EventContract): Record<string, unknown> {
  if (!contract.description) throw new Error(`contract ${contract.type} has no description: the schema file needs one`);
  if (typeof contract.schema !== 'object') throw new Error(`contract ${contract.type}'s schema is not an object`);
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: eventSchemaId(contract.type, contract.version),
    title: `${contract.type} v${contract.version}`,
    description: `${contract.description} Published on ${contract.topic} with "type": "${contract.type}", "version": ${contract.version}.`,
    ...contract.schema,
  };
}

export function envelopeSchemaDocument(): Record<string, unknown> {
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: ENVELOPE_SCHEMA_ID,
    title: 'Integration event envelope',
    description:
      'The value of every message on the events and audit topics (JSON, UTF-8). `data` follows the schema of `type` at `version` (urn:perheverkko:event:<type>:v<version>). Open to additions: readers ignore fields they do not know.',
    ...ENVELOPE_SCHEMA,
  };
}

/** File name → document, for every schema file. */
export function schemaDocuments(): Map<string, Record<string, unknown>> {
  const documents = new Map<string, Record<string, unknown>>([[ENVELOPE_SCHEMA_FILE, envelopeSchemaDocument()]]);
  for (const contract of ALL_CONTRACTS) documents.set(eventSchemaFile(contract.type, contract.version), eventSchemaDocument(contract));
  return documents;
}
