export * from './lib/concern.decider';
export * from './lib/routing';
export { identityCodeProblem, TEMPORARY_ID } from './lib/identity-code';
