// The composition every process starts from: the platform module (runtime, observability, access, service host
// wired together) and the bootstrap that serves it over HTTP.
export { bootstrapService } from './lib/bootstrap';
export { PlatformModule } from './lib/platform.module';
