import 'reflect-metadata';
import { bootstrapService } from '@perheverkko/platform';
import { AppModule } from './app.module';

void bootstrapService(AppModule, {
  title: 'Perheverkko reporting',
  description: 'Reporting: annual report, adoption stage, case timelines (projections only).',
});
