export * from './lib/meeting.decider';
export * from './lib/wellbeing-star';
