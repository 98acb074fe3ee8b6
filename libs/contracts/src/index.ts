export * from './lib/integration-event';
export * from './lib/contract-registry';
export * from './lib/intake.contracts';
export * from './lib/convening.contracts';
export * from './lib/plan-followup.contracts';
export * from './lib/meeting.contracts';
export * from './lib/audit.contracts';
export * from './lib/event-data';
