export * from './lib/consent';
export * from './lib/convening.decider';
export * from './lib/room.decider';
