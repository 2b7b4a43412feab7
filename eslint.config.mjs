import nx from '@nx/eslint-plugin';

// Module boundaries: services share only libs/, never each other's code; libs never reach into a service.
export const depConstraints = [
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  // The launcher of `npm start` composes every service in one process: the one place that may.
  {
    sourceTag: 'type:launcher',
    onlyDependOnLibsWithTags: ['type:lib', 'type:testing', 'type:service', 'type:launcher'],
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/.cache',
      'tmp/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The launcher composes the services; Nx forbids importing apps anywhere else.
    files: ['tools/launcher/**/*.ts', 'tools/demo/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [
            '@samvirke/health-service',
            '@samvirke/school-service',
            '@samvirke/child-welfare-service',
            '@samvirke/coordination-service',
            '@samvirke/demo',
          ],
          depConstraints,
        },
      ],
    },
  },
];
