import { randomBytes } from 'node:crypto';
import { parseKeyList } from './key-list';

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
    const keys = parseKeyList(spec, 'MASTER_KEYS');
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
