export * from './lib/projection-runner';
export * from './lib/read-model-table';
export * from './lib/read-models';
