export * from './lib/concern.decider';
export * from './lib/routing';
export { identityCodeProblem, TEMPORARY_ID } from './lib/identity-code';
export * from './lib/open-case-matching';
export * from './lib/service-contacts';
export * from './lib/reference-data.decider';
