import 'reflect-metadata';
import { bootstrapService } from '@perheverkko/platform';
import { AppModule } from './app.module';

void bootstrapService(AppModule, {
  title: 'Perheverkko meeting',
  description: 'Meeting: joint meeting, Wellbeing Star, joint plan, responsible worker.',
});
