export { parseKeyList } from './lib/key-list';
export {
  BlindIndexKeys,
  deriveBlindIndexKeys,
  loadBlindIndexKeys,
  parseBlindIndexKeys,
  type BlindIndexKeySetting,
} from './lib/blind-index-keys';
export { MasterKeys } from './lib/master-keys';
export {
  PersonalDataVault,
  CaseErasedError,
  ERASED,
  KEY_CACHE_MS,
  isSealed,
  type Erased,
  type Erasure,
  type KeyCounts,
  type SealedValue,
} from './lib/personal-data-vault';
export { RetentionPolicy } from './lib/retention-policy';
