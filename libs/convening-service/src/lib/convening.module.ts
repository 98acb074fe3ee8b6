import { Module } from '@nestjs/common';
import { ServiceEventStoreModule } from '@perheverkko/platform';

/** Convening: consent, invitations, time and place. The only writer of the `Convening-*` streams. */
@Module({
  imports: [ServiceEventStoreModule.forService({ service: 'convening', categories: ['Convening'] })],
})
export class ConveningModule {}
