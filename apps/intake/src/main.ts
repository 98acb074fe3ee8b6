import 'reflect-metadata';
import { bootstrapService } from '@perheverkko/platform';
import { AppModule } from './app.module';

void bootstrapService(AppModule, {
  title: 'Perheverkko intake',
  description: 'Intake: concerns raised, rated and routed.',
});
