export * from './testing/generated-history';
