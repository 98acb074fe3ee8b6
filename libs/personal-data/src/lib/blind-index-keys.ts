import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeOf } from '@perheverkko/decider';
import { parseKeyList } from './key-list';

/** One blind index's keys as configured: the setting, the derivation from master keys, the embedded default's file. */
export interface BlindIndexKeySetting {
  /** The environment variable listing its keys (`id:base64(32 bytes),…`), e.g. DUPLICATE_CHECK_KEYS. */
  setting: string;
  /** HKDF-SHA-256 info of the keys derived from MASTER_KEYS: separates them from every other use of a master key. */
  derivationInfo: string;
  /** The file in DATA_DIR the embedded default generates its key into (mode 0600). */
  embeddedFile: string;
}

/** What a process's keys are loaded from besides the index's own setting. */
interface KeySources {
  MASTER_KEYS?: string;
  MASTER_KEY_ID?: string;
  DATA_DIR?: string;
}

/** A key ring: keys by id, in the order listed, the one new digests are made under, and where they came from. */
export interface BlindIndexKeyRing {
  keys: ReadonlyMap<string, Buffer>;
  activeId: string;
  /** Where the keys came from, in words, for the start-up log. */
  source: string;
}

/** What a wrong setting says: its name and what it must look like. */
const invalid = (setting: string) => (reason: string) => new Error(`Invalid configuration:\n  ${setting}: ${reason}`);

/** The keys listed in the index's setting; the last listed is active. */
export function parseBlindIndexKeys(index: BlindIndexKeySetting, spec: string, source = index.setting): BlindIndexKeyRing {
  const keys = parseKeyList(spec, index.setting, invalid(index.setting));
  return { keys, activeId: [...keys.keys()][keys.size - 1], source };
}

/** One key per master key (`mk-<id>`), derived with HKDF; the active master key's is active. */
export function deriveBlindIndexKeys(index: BlindIndexKeySetting, masterKeys: string, masterKeyId?: string): BlindIndexKeyRing {
  const keys = new Map<string, Buffer>();
  for (const [id, secret] of parseKeyList(masterKeys, 'MASTER_KEYS'))
    keys.set(`mk-${id}`, Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), index.derivationInfo, 32)));
  const ids = [...keys.keys()];
  const active = masterKeyId ? `mk-${masterKeyId}` : ids[ids.length - 1];
  if (!keys.has(active)) throw new Error(`Invalid configuration:\n  MASTER_KEY_ID: ${masterKeyId} is not among MASTER_KEYS`);
  return { keys, activeId: active, source: 'derived from MASTER_KEYS' };
}

/**
 * The process's keys of one blind index, kept out of the database (like the access log's keys), so a copy of the
 * database alone cannot test whether a given person is in it: whoever tries needs the key too.
 *
 * - the index's own setting (`id:base64(32 bytes),…`, the last listed is active), or else
 * - derived from `MASTER_KEYS` (HKDF-SHA-256, one per master key, active with the active master key), so that every
 *   process of a deployment computes the same digests with nothing new to configure, or else
 * - the embedded default: a key generated into DATA_DIR (mode 0600) on first use.
 *
 * Throws, naming the setting, when it is malformed.
 */
export function loadBlindIndexKeys(
  index: BlindIndexKeySetting,
  config: KeySources,
  env: NodeJS.ProcessEnv = process.env,
): BlindIndexKeyRing {
  const configured = env[index.setting]?.trim();
  if (configured) return parseBlindIndexKeys(index, configured);
  if (config.MASTER_KEYS) return deriveBlindIndexKeys(index, config.MASTER_KEYS, config.MASTER_KEY_ID);
  const dataDir = config.DATA_DIR || 'data';
  const file = join(dataDir, index.embeddedFile);
  let made = false;
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, `demo:${randomBytes(32).toString('base64')}`, { mode: 0o600, flag: 'wx' });
      made = true;
    } catch (error) {
      // Another process of the same DATA_DIR made it first: use theirs.
      if (codeOf(error) !== 'EEXIST') throw error;
    }
  }
  chmodSync(file, 0o600);
  return parseBlindIndexKeys(index, readFileSync(file, 'utf8').trim(), `${made ? 'generated in' : 'read from'} ${file}`);
}

/**
 * HMAC-SHA-256 under a blind index's keys: digests are looked up under every listed key and written under the active
 * one, so a new key can be added (last) and the index rewritten under it before the old key is dropped.
 */
export class BlindIndexKeys {
  private readonly keys: ReadonlyMap<string, Buffer>;
  readonly activeId: string;
  readonly source: string;

  constructor(ring: BlindIndexKeyRing) {
    this.keys = ring.keys;
    this.activeId = ring.activeId;
    this.source = ring.source;
  }

  get ids(): string[] {
    return [...this.keys.keys()];
  }

  /** HMAC-SHA-256 of the text under key `id`. */
  mac(id: string, text: string): Buffer {
    const key = this.keys.get(id);
    if (!key) throw new Error(`blind index key ${id} is not configured`);
    return createHmac('sha256', key).update(text).digest();
  }

  /** HMAC-SHA-256 of the text under key `id`, hex. */
  digest(id: string, text: string): string {
    return this.mac(id, text).toString('hex');
  }

  /** The text's digest under every listed key: what a lookup compares with. */
  digestsUnderEveryKey(text: string): string[] {
    return this.ids.map((id) => this.digest(id, text));
  }
}
