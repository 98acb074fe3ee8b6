// First, before anything loads http, pg or kafkajs: their tracing instrumentations hook `require` (see the file).
import '@perheverkko/observability/instrument';
import 'reflect-metadata';
import { bootstrapService } from '@perheverkko/platform';
import { AppModule, SURFACE } from './app.module';

void bootstrapService(AppModule, SURFACE);
