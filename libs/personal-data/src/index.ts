export { MasterKeys } from './lib/master-keys';
export { PersonalDataVault, ERASED, isSealed, type Erased, type SealedValue } from './lib/personal-data-vault';
export { RetentionPolicy } from './lib/retention-policy';
