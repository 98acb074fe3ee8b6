export * from './lib/catalogues';
export * from './lib/plan-tracking.decider';
