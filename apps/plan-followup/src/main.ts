import 'reflect-metadata';
import { bootstrapService } from '@perheverkko/platform';
import { AppModule } from './app.module';

void bootstrapService(AppModule, {
  title: 'Perheverkko plan-followup',
  description: 'Plan follow-up: actions, contacts, follow-up meetings, outcome, feedback.',
});
