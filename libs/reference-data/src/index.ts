export * from './lib/reference-kinds';
export * from './lib/reference-book';
export * from './lib/entry-rules';
