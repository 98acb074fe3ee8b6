export { PlanFollowupModule } from './lib/plan-followup.module';
