import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_CONTRACTS } from './schema-files';
import { ROOT } from './written-files';

const doc = readFileSync(join(ROOT, 'docs/events.md'), 'utf8');

/** The catalogue's row of an event type: `| \`Type\` | version | data |`. */
const rowOf = (type: string) => doc.split('\n').find((line) => line.startsWith(`| \`${type}\` |`));
const fieldsOf = (schema: unknown): string[] =>
  typeof schema === 'object' && schema !== null && 'properties' in schema && typeof schema.properties === 'object' && schema.properties
    ? Object.keys(schema.properties)
    : [];

/** docs/events.md's payload catalogue, checked against the schemas the files are written from. */
describe("docs/events.md's payload catalogue", () => {
  it.each(ALL_CONTRACTS.map((c) => [c.type, c.version, c] as const))(
    'should list %s at v%i with every field of its data',
    (type, version, contract) => {
      const row = rowOf(type);
      expect(row).toBeDefined();
      expect(row?.split('|')[2].trim()).toBe(String(version));
      const missing = fieldsOf(contract.schema).filter((field) => !row?.includes(`\`${field}\``));
      expect(missing).toEqual([]);
    },
  );

  it('should point to the written schema files and the AsyncAPI document', () => {
    expect(doc).toContain('docs/events/schemas/');
    expect(doc).toContain('docs/events/asyncapi.yaml');
    expect(doc).toContain('npm run contracts:write');
  });
});
