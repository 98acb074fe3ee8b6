import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKeyList } from '@perheverkko/personal-data';
import { codeOf } from '@perheverkko/decider';

/**
 * The keys of the access log's chain (HMAC-SHA-256), by id. They live outside the database — in the secret store,
 * or for the embedded default in DATA_DIR — so an insider with database rights cannot recompute a valid chain after
 * editing an entry. The last listed signs new entries; older ones stay listed so the entries they signed still verify.
 */
export class AccessLogKeys {
  private constructor(
    private readonly keys: Map<string, Buffer>,
    /** Absent when no key is known: the log can then be checked (every keyed entry fails) but not extended. */
    readonly activeId?: string,
  ) {}

  /** `spec` is `id:base64,id:base64…`, each key 32 random bytes. */
  static parse(spec: string): AccessLogKeys {
    const keys = parseKeyList(spec, 'ACCESS_LOG_KEYS');
    return new AccessLogKeys(keys, [...keys.keys()][keys.size - 1]);
  }

  static none(): AccessLogKeys {
    return new AccessLogKeys(new Map());
  }

  static generateSpec(id = `a${Date.now().toString(36)}`): string {
    return `${id}:${randomBytes(32).toString('base64')}`;
  }

  has(id: string): boolean {
    return this.keys.has(id);
  }

  /** HMAC-SHA-256 of the parts (joined by newlines) under key `id`, hex. */
  mac(id: string, ...parts: string[]): string {
    const key = this.keys.get(id);
    if (!key) throw new Error(`access log key ${id} is not configured (ACCESS_LOG_KEYS)`);
    return createHmac('sha256', key).update(parts.join('\n')).digest('hex');
  }

  /** Whether `mac` is the HMAC of the parts under key `id` (false for an unknown key). */
  verify(id: string, mac: string, ...parts: string[]): boolean {
    if (!this.keys.has(id) || !/^[0-9a-f]{64}$/.test(mac)) return false;
    return timingSafeEqual(Buffer.from(this.mac(id, ...parts), 'hex'), Buffer.from(mac, 'hex'));
  }
}

/** The settings the access log reads: PlatformConfig, or the plain environment for the command-line tools. */
export interface AccessLogSettings {
  ACCESS_LOG_KEYS?: string;
  ACCESS_LOG_ANCHOR_FILE?: string;
  DATA_DIR?: string;
  DATABASE_URL?: string;
}

const EMBEDDED_KEYS_FILE = 'access-log-keys.txt';
const DEFAULT_ANCHOR_FILE = 'access-log-anchors.jsonl';

/**
 * The chain's keys: ACCESS_LOG_KEYS, required with DATABASE_URL (every process must sign with the same key). The
 * embedded default keeps a generated key in DATA_DIR (mode 0600), created on first use when `generate` is set.
 */
export function accessLogKeysFrom(settings: AccessLogSettings, { generate }: { generate: boolean }): AccessLogKeys {
  if (settings.ACCESS_LOG_KEYS) return AccessLogKeys.parse(settings.ACCESS_LOG_KEYS);
  if (settings.DATABASE_URL) throw new Error('ACCESS_LOG_KEYS: required with DATABASE_URL (generate one with: npm run keys:generate)');
  const dataDir = settings.DATA_DIR || 'data';
  const file = join(dataDir, EMBEDDED_KEYS_FILE);
  if (!existsSync(file)) {
    if (!generate) return AccessLogKeys.none();
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, AccessLogKeys.generateSpec('demo'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process of the same DATA_DIR generated it first: use theirs.
      if (codeOf(error) !== 'EEXIST') throw error;
    }
  }
  chmodSync(file, 0o600);
  return AccessLogKeys.parse(readFileSync(file, 'utf8').trim());
}

/** ACCESS_LOG_ANCHOR_FILE, by default `<DATA_DIR>/access-log-anchors.jsonl`. */
export function anchorFileFrom(settings: AccessLogSettings): string {
  return settings.ACCESS_LOG_ANCHOR_FILE || join(settings.DATA_DIR || 'data', DEFAULT_ANCHOR_FILE);
}
