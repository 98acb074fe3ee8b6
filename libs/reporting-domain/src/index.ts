export * from './lib/adoption.decider';
export * from './lib/case-as-of';
export * from './lib/case-facts';
export * from './lib/report-period';
export * from './lib/report-rows';
export * from './lib/reported-event';
export * from './lib/small-numbers';
