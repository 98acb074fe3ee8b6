export { secureDataDir } from './lib/data-dir';
export { DatabaseConnection } from './lib/database-connection';
export { DatabaseHealth } from './lib/database-health';
export { HealthRegistry } from './lib/health-registry';
export { PlatformConfig, loadPlatformConfig, withLoopbackAliases } from './lib/platform-config';
