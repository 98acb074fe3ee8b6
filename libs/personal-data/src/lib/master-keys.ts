import { randomBytes } from 'node:crypto';

/**
 * Key-encryption keys ("master keys"), by id. Only the active one wraps new case keys; older ones stay until
 * `rotate` has rewrapped every case key, then they can be removed from configuration.
 */
export class MasterKeys {
  private constructor(
    private readonly keys: Map<string, Buffer>,
    readonly activeId: string,
  ) {}

  /** `spec` is `id:base64,id:base64…` (each key 32 random bytes); `activeId` defaults to the last one listed. */
  static parse(spec: string, activeId?: string): MasterKeys {
    const keys = new Map<string, Buffer>();
    for (const part of spec
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const separator = part.indexOf(':');
      const id = part.slice(0, separator);
      const key = Buffer.from(part.slice(separator + 1), 'base64');
      if (separator < 1 || !/^[A-Za-z0-9_-]{1,40}$/.test(id))
        throw new Error(`MASTER_KEYS: "${part.slice(0, 12)}…" must look like <id>:<base64 key>`);
      if (key.length !== 32) throw new Error(`MASTER_KEYS: key ${id} must be 32 bytes (base64 of 32 random bytes), got ${key.length}`);
      keys.set(id, key);
    }
    if (keys.size === 0) throw new Error('MASTER_KEYS names no key');
    const active = activeId ?? [...keys.keys()][keys.size - 1];
    if (!keys.has(active)) throw new Error(`MASTER_KEY_ID ${active} is not among MASTER_KEYS`);
    return new MasterKeys(keys, active);
  }

  static generateSpec(id = `k${Date.now().toString(36)}`): string {
    return `${id}:${randomBytes(32).toString('base64')}`;
  }

  get active(): Buffer {
    return this.get(this.activeId);
  }

  get(id: string): Buffer {
    const key = this.keys.get(id);
    if (!key) throw new Error(`master key ${id} is not configured; it is needed to unwrap older case keys (run the rotation first)`);
    return key;
  }
}
