export { PlanFollowupModule } from './lib/plan-followup.module';
export { CaseRetention } from './lib/case-retention.consumer';
export { ExecutePlanCommand } from './lib/plans/plan.commands';
