import { timingSafeEqual } from 'node:crypto';
import {
  BlindIndexKeys,
  deriveBlindIndexKeys,
  loadBlindIndexKeys,
  parseBlindIndexKeys,
  type BlindIndexKeySetting,
} from '@perheverkko/personal-data';
import type { PlatformConfig } from '@perheverkko/runtime';

export const EMBEDDED_DUPLICATE_CHECK_KEYS_FILE = 'duplicate-check-keys.txt';

const DUPLICATE_CHECK: BlindIndexKeySetting = {
  setting: 'DUPLICATE_CHECK_KEYS',
  /** Separates the derived key from every other use of a master key. */
  derivationInfo: 'perheverkko/intake/duplicate-check/v1',
  embeddedFile: EMBEDDED_DUPLICATE_CHECK_KEYS_FILE,
};

/**
 * The keys of intake's blind index of children with an open case (HMAC-SHA-256 of normalised identity codes, and
 * of normalised name and birth date): `DUPLICATE_CHECK_KEYS`, or else derived from `MASTER_KEYS`, or else generated
 * into DATA_DIR (`loadBlindIndexKeys`, shared with reporting's case search).
 *
 * Digests are looked up under every listed key and written under the active one; at start-up intake rewrites the
 * digests of open cases still under an older key (rotation: ADR 0012).
 */
export class DuplicateCheckKeys extends BlindIndexKeys {
  static parse(spec: string, source = DUPLICATE_CHECK.setting): DuplicateCheckKeys {
    return new DuplicateCheckKeys(parseBlindIndexKeys(DUPLICATE_CHECK, spec, source));
  }

  /** One key per master key (`mk-<id>`), derived with HKDF; the active master key's is active. */
  static derivedFrom(masterKeys: string, masterKeyId?: string): DuplicateCheckKeys {
    return new DuplicateCheckKeys(deriveBlindIndexKeys(DUPLICATE_CHECK, masterKeys, masterKeyId));
  }

  /** The process's keys, as the class comment says. Throws, naming the setting, when it is malformed. */
  static load(
    config: Pick<PlatformConfig, 'MASTER_KEYS' | 'MASTER_KEY_ID' | 'DATA_DIR'>,
    env: NodeJS.ProcessEnv = process.env,
  ): DuplicateCheckKeys {
    return new DuplicateCheckKeys(loadBlindIndexKeys(DUPLICATE_CHECK, config, env));
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
