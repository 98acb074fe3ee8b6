import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT, staleSchemaFiles, writtenFiles } from './written-files';

/** `npm run contracts:write`: the JSON Schema files and the AsyncAPI document, from libs/contracts. */
async function main(): Promise<void> {
  const files = await writtenFiles();
  for (const path of staleSchemaFiles(files)) {
    rmSync(join(ROOT, path));
    console.log(`removed ${path}`);
  }
  for (const [path, content] of files) {
    mkdirSync(dirname(join(ROOT, path)), { recursive: true });
    writeFileSync(join(ROOT, path), content);
  }
  console.log(`wrote ${files.size} files`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
