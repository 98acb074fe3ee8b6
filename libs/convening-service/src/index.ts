export { ConveningModule } from './lib/convening.module';
export { InvitationDisclosures } from './lib/invitation-disclosures.consumer';
