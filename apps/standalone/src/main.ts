import 'reflect-metadata';
import { bootstrapService } from '@perheverkko/platform';
import { StandaloneModule } from './standalone.module';

void bootstrapService(StandaloneModule, {
  title: 'Perheverkko',
  description:
    'Early open collaboration with families: a concern raised with the family, a multi-agency network convened ' +
    'with the family’s consent, a joint plan, a responsible worker and follow-up. All five services in one process.',
});
