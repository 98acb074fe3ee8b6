export * from './lib/categories';
export * from './lib/case-access-facts';
export * from './lib/access-decision';
export * from './lib/visible-history';
export * from './lib/consent-coverage';
export * from './lib/directory-entry';
