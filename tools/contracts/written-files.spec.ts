import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, staleSchemaFiles, writtenFiles } from './written-files';

const read = (path: string) => {
  try {
    return readFileSync(join(ROOT, path), 'utf8');
  } catch {
    return undefined;
  }
};

/** The schema files and the AsyncAPI document are generated, and committed so that reviewers see each change as a diff. */
describe('the written contract files (npm run contracts:write)', () => {
  let files: Map<string, string>;
  beforeAll(async () => {
    files = await writtenFiles();
  });

  it('should write one schema per published event at its current version, the audit record and the envelope', () => {
    expect([...files.keys()]).toEqual(expect.arrayContaining(['docs/events/schemas/envelope.v1.json', 'docs/events/asyncapi.yaml']));
    expect(files.size).toBeGreaterThan(30);
  });

  it('should find every file as the contracts write it: run `npm run contracts:write` after changing libs/contracts', () => {
    const differing = [...files].filter(([path, content]) => read(path) !== content).map(([path]) => path);
    expect(differing).toEqual([]);
    expect(staleSchemaFiles(files)).toEqual([]);
  });
});
