// One jest run for the whole workspace: unit specs, integration specs (real PostgreSQL / Kafka when
// configured) and end-to-end specs (services as processes). Sources are compiled by SWC, type-checked by tsc.
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias.replace('/', '\\/')}$`, `<rootDir>/${target}`]),
);

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools'].filter((dir) =>
    require('node:fs').existsSync(dir.replace('<rootDir>', __dirname)),
  ),
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    ...moduleNameMapper,
    // PGlite loaded by Node, once per worker, not in each file's sandbox: see the file.
    '^@electric-sql/pglite$': '<rootDir>/tools/jest/pglite-outside-the-sandbox.cjs',
  },
  testTimeout: 30_000,
  // Integration suites share servers; two workers match the build machine's two cores.
  maxWorkers: 2,
};
