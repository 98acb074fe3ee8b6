export { PlanFollowupModule } from './lib/plan-followup.module';
export { CaseRetention } from './lib/policies/case-closed.policy';
export { ExecutePlanCommand } from './lib/plans/plan.commands';
