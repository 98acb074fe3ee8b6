export * from './lib/meeting.decider';
export * from './lib/wellbeing-star';
export * from './lib/close-worker-tasks';
export * from './lib/case-children';
