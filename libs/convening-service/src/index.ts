export { ConveningModule } from './lib/convening.module';
export { InvitationDisclosures } from './lib/policies/invitation-sent.policy';
