import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKeyList } from '@perheverkko/personal-data';
import type { PlatformConfig } from '@perheverkko/runtime';
import { codeOf } from '@perheverkko/decider';

export const EMBEDDED_DUPLICATE_CHECK_KEYS_FILE = 'duplicate-check-keys.txt';
/** Separates the derived key from every other use of a master key. */
const DERIVATION_INFO = 'perheverkko/intake/duplicate-check/v1';

/** What DUPLICATE_CHECK_KEYS says when it is wrong: the setting's name and what it must look like. */
function invalid(reason: string): Error {
  return new Error(`Invalid configuration:\n  DUPLICATE_CHECK_KEYS: ${reason}`);
}

/**
 * The keys of intake's blind index of children with an open case (HMAC-SHA-256 of normalised identity codes, and
 * of normalised name and birth date). Kept out of the database like the access log's keys, so a copy of the
 * database alone cannot test whether a given child has a case: whoever tries needs the key too.
 *
 * - `DUPLICATE_CHECK_KEYS` (`id:base64(32 bytes),…`, the last listed is active), or else
 * - derived from `MASTER_KEYS` (HKDF-SHA-256, one per master key, active with the active master key), so that every
 *   process of a deployment computes the same digests with nothing new to configure, or else
 * - the embedded default: a key generated into DATA_DIR (mode 0600) on first use.
 *
 * Digests are looked up under every listed key and written under the active one; at start-up intake rewrites the
 * digests of open cases still under an older key (rotation: ADR 0012).
 */
export class DuplicateCheckKeys {
  private constructor(
    private readonly keys: Map<string, Buffer>,
    readonly activeId: string,
    /** Where the keys came from, in words, for the start-up log. */
    readonly source: string,
  ) {}

  static parse(spec: string, source = 'DUPLICATE_CHECK_KEYS'): DuplicateCheckKeys {
    const keys = parseKeyList(spec, 'DUPLICATE_CHECK_KEYS', invalid);
    return new DuplicateCheckKeys(keys, [...keys.keys()][keys.size - 1], source);
  }

  /** One key per master key (`mk-<id>`), derived with HKDF; the active master key's is active. */
  static derivedFrom(masterKeys: string, masterKeyId?: string): DuplicateCheckKeys {
    const keys = new Map<string, Buffer>();
    for (const [id, secret] of parseKeyList(masterKeys, 'MASTER_KEYS'))
      keys.set(`mk-${id}`, Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), DERIVATION_INFO, 32)));
    const ids = [...keys.keys()];
    const active = masterKeyId ? `mk-${masterKeyId}` : ids[ids.length - 1];
    if (!keys.has(active)) throw new Error(`Invalid configuration:\n  MASTER_KEY_ID: ${masterKeyId} is not among MASTER_KEYS`);
    return new DuplicateCheckKeys(keys, active, 'derived from MASTER_KEYS');
  }

  /** The process's keys, as the class comment says. Throws, naming the setting, when it is malformed. */
  static load(
    config: Pick<PlatformConfig, 'MASTER_KEYS' | 'MASTER_KEY_ID' | 'DATA_DIR'>,
    env: NodeJS.ProcessEnv = process.env,
  ): DuplicateCheckKeys {
    const configured = env.DUPLICATE_CHECK_KEYS?.trim();
    if (configured) return DuplicateCheckKeys.parse(configured);
    if (config.MASTER_KEYS) return DuplicateCheckKeys.derivedFrom(config.MASTER_KEYS, config.MASTER_KEY_ID);
    const file = join(config.DATA_DIR || 'data', EMBEDDED_DUPLICATE_CHECK_KEYS_FILE);
    if (!existsSync(file)) {
      mkdirSync(config.DATA_DIR || 'data', { recursive: true, mode: 0o700 });
      try {
        writeFileSync(file, `demo:${randomBytes(32).toString('base64')}`, { mode: 0o600, flag: 'wx' });
      } catch (error) {
        // Another process of the same DATA_DIR made it first: use theirs.
        if (codeOf(error) !== 'EEXIST') throw error;
      }
    }
    chmodSync(file, 0o600);
    return DuplicateCheckKeys.parse(readFileSync(file, 'utf8').trim(), `generated in ${file}`);
  }

  get ids(): string[] {
    return [...this.keys.keys()];
  }

  /** HMAC-SHA-256 of the text under key `id`, hex. */
  digest(id: string, text: string): string {
    const key = this.keys.get(id);
    if (!key) throw new Error(`duplicate check key ${id} is not configured`);
    return createHmac('sha256', key).update(text).digest('hex');
  }

  /** The text's digest under every listed key: what a lookup compares with. */
  digestsUnderEveryKey(text: string): string[] {
    return this.ids.map((id) => this.digest(id, text));
  }

  /**
   * The reference a worker is given to join an open case: bound to the case and to that worker, meaningless to
   * anyone else and without the key (the case id itself is never given).
   */
  joinReference(caseId: string, workerId: string, id = this.activeId): string {
    return `oc_${this.digest(id, `join-reference\n${caseId}\n${workerId}`).slice(0, 32)}`;
  }

  /** Whether `reference` is the one `joinReference` gives this case and worker, under any listed key. */
  isJoinReference(reference: string, caseId: string, workerId: string): boolean {
    return this.ids.some((id) => {
      const expected = Buffer.from(this.joinReference(caseId, workerId, id));
      const given = Buffer.from(reference);
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
  }
}
