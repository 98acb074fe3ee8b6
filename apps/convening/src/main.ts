import 'reflect-metadata';
import { bootstrapService } from '@perheverkko/platform';
import { AppModule } from './app.module';

void bootstrapService(AppModule, {
  title: 'Perheverkko convening',
  description: 'Convening: consent, invitations, time and place.',
});
