import nx from '@nx/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';

// Libraries of these kinds hold pure domain code: no framework, database, broker or event store client.
const PLATFORM_FLOORS = ['runtime', 'observability', 'http', 'access', 'service-host', 'composition'];
const INFRASTRUCTURE = [
  '@nestjs/*',
  'typeorm',
  'pg',
  'kafkajs',
  '@eventstore/*',
  '@kurrent/*',
  '@confluentinc/*',
  '@electric-sql/*',
  'express',
  'class-validator',
  'class-transformer',
];
const SERVICES = ['intake', 'convening', 'meeting', 'plan-followup', 'reporting'];

export default [
  { ignores: ['**/node_modules', '**/dist', 'tmp', 'data', '.nx', 'coverage', 'infra/kafka/.work'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Layers: who may build on whom.
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:service',
                'type:platform',
                'type:util',
                'type:messaging',
                'type:data-access',
                'type:domain',
                'type:domain-util',
                'type:contracts',
              ],
            },
            {
              sourceTag: 'type:service',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:domain-util',
                'type:util',
                'type:platform',
                'type:messaging',
                'type:data-access',
                'type:contracts',
              ],
            },
            {
              sourceTag: 'type:platform',
              onlyDependOnLibsWithTags: [
                'type:platform',
                'type:messaging',
                'type:data-access',
                'type:util',
                'type:domain-util',
                'type:contracts',
              ],
            },
            // The platform's own floors, ground first: runtime, observability, http, access, service host, composition.
            // Each builds only on those below it (docs/adr/0016-platform-by-job.md).
            ...PLATFORM_FLOORS.map((floor, i) => ({
              sourceTag: `platform:${floor}`,
              notDependOnLibsWithTags: PLATFORM_FLOORS.slice(i + 1).map((above) => `platform:${above}`),
            })),
            { sourceTag: 'type:messaging', onlyDependOnLibsWithTags: ['type:data-access', 'type:contracts', 'type:domain-util'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:data-access', 'type:domain-util'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:domain-util'] },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain', 'type:domain-util', 'type:contracts'],
              bannedExternalImports: INFRASTRUCTURE,
            },
            { sourceTag: 'type:domain-util', onlyDependOnLibsWithTags: [], bannedExternalImports: INFRASTRUCTURE },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:domain-util'], bannedExternalImports: INFRASTRUCTURE },
            // Services: a service builds on shared libraries and its own, never on another service's code.
            ...SERVICES.map((service) => ({
              sourceTag: `scope:${service}`,
              onlyDependOnLibsWithTags: ['scope:shared', `scope:${service}`],
            })),
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:standalone', onlyDependOnLibsWithTags: ['*'] },
            // The console talks to the services only through their HTTP APIs: it imports none of their code.
            { sourceTag: 'type:console', onlyDependOnLibsWithTags: [] },
            // The console's browser tests start the embedded default and make cases through the API's test helpers.
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The Kafka client library is named in its adapter only (ADR 0021): everyone else uses @perheverkko/messaging,
    // so a change of library changes libs/messaging. Tracing names the module it instruments, nothing more.
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs'],
    ignores: ['libs/messaging/**', 'libs/observability/src/lib/tracing.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['kafkajs', '@confluentinc/*', '@platformatic/kafka'],
              message: 'Kafka is reached through @perheverkko/messaging (ADR 0021).',
            },
          ],
        },
      ],
    },
  },
  {
    // Specs may use non-null assertions on values their own setup guarantees.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // The console (React): the rules of hooks.
    files: ['apps/console/**/*.tsx', 'apps/console/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
];
