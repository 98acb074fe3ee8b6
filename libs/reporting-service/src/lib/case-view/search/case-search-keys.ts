import { BlindIndexKeys, loadBlindIndexKeys, type BlindIndexKeySetting } from '@perheverkko/personal-data';
import type { PlatformConfig } from '@perheverkko/runtime';

/** The setting naming the case search's keys, and how it defaults (ADR 0018; as DUPLICATE_CHECK_KEYS, ADR 0012). */
export const CASE_SEARCH_KEYS: BlindIndexKeySetting = {
  setting: 'CASE_SEARCH_KEYS',
  derivationInfo: 'perheverkko/reporting/case-search/v1',
  embeddedFile: 'case-search-keys.txt',
};

/** Bytes of the HMAC kept per token: 128 bits, far from colliding in any county's index, half the storage. */
const TOKEN_BYTES = 16;

/**
 * The keys of reporting's blind index of cases by the family's names and identity codes: `CASE_SEARCH_KEYS`
 * (`id:base64(32 bytes),…`, the last listed writes), or else derived from `MASTER_KEYS` (HKDF, a key of its own,
 * not intake's), or else generated into DATA_DIR (`case-search-keys.txt`, mode 0600) for the embedded default.
 */
export class CaseSearchKeys extends BlindIndexKeys {
  static load(
    config: Pick<PlatformConfig, 'MASTER_KEYS' | 'MASTER_KEY_ID' | 'DATA_DIR'>,
    env: NodeJS.ProcessEnv = process.env,
  ): CaseSearchKeys {
    return new CaseSearchKeys(loadBlindIndexKeys(CASE_SEARCH_KEYS, config, env));
  }

  /** The token a searchable text is kept as under key `id`: its HMAC-SHA-256, truncated. */
  token(id: string, text: string): Buffer {
    return this.mac(id, text).subarray(0, TOKEN_BYTES);
  }
}
