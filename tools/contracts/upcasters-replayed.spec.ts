import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ContractRegistry } from '@perheverkko/contracts';
import { envelopeOf } from '../../libs/contracts/src/lib/contracts.fixtures';
import { STORED_EVENTS } from '../../libs/contracts/src/lib/stored-events.fixtures';
import { ALL_CONTRACTS, ENVELOPE_SCHEMA_FILE, SCHEMA_DIR, eventSchemaFile } from './schema-files';
import { ROOT } from './written-files';

/** What a reader in another language does: validate with the written files alone (formats asserted), not our code. */
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }));
const fileSchema = (file: string) => JSON.parse(readFileSync(join(ROOT, SCHEMA_DIR, file), 'utf8'));
const validators = new Map<string, (value: unknown) => string[]>();
/** The file's errors for a value (none: valid); each file is compiled once, its `$id` being unique. */
const validatorOf = (file: string) => {
  if (!validators.has(file)) {
    const validate = ajv.compile(fileSchema(file));
    validators.set(file, (value) => (validate(value) ? [] : ajv.errorsText(validate.errors).split(', ')));
  }
  return validators.get(file) ?? (() => ['no validator']);
};
const validEnvelope = validatorOf(ENVELOPE_SCHEMA_FILE);
const registry = new ContractRegistry(ALL_CONTRACTS);
/** JSON, as stored and as sent: what a replay reads. */
const stored = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const everyVersion = ALL_CONTRACTS.flatMap((contract) =>
  Array.from({ length: contract.version }, (_, i) => [contract.type, i + 1, contract.version] as const),
);

describe('stored events of every version, replayed through the upcasters, against the written schema files', () => {
  it.each(everyVersion)('should read %s v%i as a valid v%i', (type, version, current) => {
    const data = STORED_EVENTS[type]?.[version];
    expect(data).toBeDefined();
    const read = registry.upcast(stored(envelopeOf(type, version, data)) as Parameters<ContractRegistry['upcast']>[0]);
    expect(read.version).toBe(current);
    expect(validatorOf(eventSchemaFile(type, current))(read.data)).toEqual([]);
    expect(validEnvelope(stored({ ...read, eventId: read.eventId, origin: undefined }))).toEqual([]);
  });

  it('should hold no fixture for a version no contract declares', () => {
    const declared = new Set(everyVersion.map(([type, version]) => `${type} v${version}`));
    const fixtures = Object.entries(STORED_EVENTS).flatMap(([type, versions]) => Object.keys(versions).map((v) => `${type} v${v}`));
    expect(fixtures.filter((f) => !declared.has(f))).toEqual([]);
  });

  it('should keep a meeting time stored as the convener sent it (no seconds) valid: such events are history', () => {
    const validate = validatorOf(eventSchemaFile('MeetingScheduled', 3));
    const data = stored(STORED_EVENTS['MeetingScheduled'][3]);
    expect(validate({ ...(data as object), startsAt: '2026-11-26T14:00+02:00' })).toEqual([]);
  });

  it('should assert the format of instants a service took from its clock, and of event ids', () => {
    const validate = validatorOf(eventSchemaFile('ZoneRated', 1));
    expect(validate({ zone: 2, ratedBy: 'family', ratedAt: 'the first of March 2026', raterId: 'w' }).join()).toMatch(
      /must match format "date-time"/,
    );
    const envelope = stored(envelopeOf('ZoneRated', 1, {}));
    expect(validEnvelope({ ...(envelope as object), eventId: 'e-1' }).join()).toMatch(/must match format "uuid"/);
    expect(validEnvelope({ ...(envelope as object), occurredAt: '2026-02-30T09:00:00.000Z' }).join()).toMatch(/date-time/);
  });
});
