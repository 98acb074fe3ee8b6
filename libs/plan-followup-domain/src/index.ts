export * from './lib/plan-tracking.decider';
