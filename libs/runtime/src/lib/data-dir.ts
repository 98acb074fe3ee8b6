import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { makeDirectoryPrivate } from '@perheverkko/event-store';
import type { PlatformConfig } from './platform-config';
import { messageOf } from '@perheverkko/decider';

/**
 * Keeps DATA_DIR (the embedded database, the demo master key, the demo issuer's signing key) private to this user:
 * the folder and every folder below it 0700, every file 0600, existing ones tightened. Used only when something is
 * kept there: the embedded default (which stops if it cannot), or a process serving the demo issuer (which warns).
 */
export function secureDataDir(config: PlatformConfig): void {
  const dir = config.DATA_DIR;
  const keepsData = config.usesEmbeddedDatabase;
  if (!keepsData && !(config.servesDemoIssuer && existsSync(dir))) return;
  try {
    const changed = makeDirectoryPrivate(dir);
    if (changed > 0)
      new Logger('DataDir').log(`${dir}: made ${changed} file(s) and folder(s) private to this user (0700 folders, 0600 files)`);
  } catch (error) {
    const problem = `DATA_DIR ${dir} could not be made private to this user (0700 folders, 0600 files): ${messageOf(error)}`;
    if (keepsData)
      throw new Error(
        `${problem}. It holds the embedded database and its keys; give this user ownership of it, or choose another DATA_DIR`,
      );
    new Logger('DataDir').warn(problem);
  }
}
