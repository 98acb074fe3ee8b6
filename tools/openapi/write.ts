// npm run openapi:write: each deployable's OpenAPI document into docs/api/<name>.openapi.json (reviewers diff them;
// tools/openapi/openapi-documents.int-spec.ts fails while they are stale).
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { API_DOCS_DIR, currentlyWritten, openApiDocuments, writtenPathOf, writtenTextOf } from './openapi-documents';

async function main(): Promise<void> {
  mkdirSync(API_DOCS_DIR, { recursive: true });
  for (const [name, document] of await openApiDocuments()) {
    const text = await writtenTextOf(name, document);
    const path = writtenPathOf(name);
    const changed = currentlyWritten(name) !== text;
    if (changed) writeFileSync(path, text);
    console.log(`${relative(process.cwd(), path)}: ${changed ? 'written' : 'unchanged'}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
