// One Jest run for the whole monorepo. Unit specs need nothing; integration specs
// (*.int.spec.ts, e2e/) share one embedded PostgreSQL and one Kafka broker, started once
// by the global setup of the project that needs them and stopped after.
const fs = require('node:fs');
const path = require('node:path');

const swc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swc.$schema;

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleNameMapper: {
    '^@samvirke/([a-z-]+)/testing$': '<rootDir>/libs/$1/src/testing/index.ts',
    '^@samvirke/([a-z-]+)$': [
      '<rootDir>/libs/$1/src/index.ts',
      '<rootDir>/services/$1/src/index.ts',
      '<rootDir>/tools/$1/src/index.ts',
    ],
  },
  // These packages ship only ES modules; SWC turns them into CommonJS for Jest.
  transformIgnorePatterns: ['/node_modules/(?!(uuid|jose)/)'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.cache/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,services,tools,bench}/**/*.spec.ts'],
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '\\.int\\.spec\\.ts$', '/e2e/'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/{libs,services,tools,bench}/**/*.int.spec.ts',
        '<rootDir>/{libs,services,tools}/**/e2e/**/*.spec.ts',
      ],
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
      // testTimeout is global in Jest; integration specs set theirs in a setup file instead.
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/integration-timeout.ts'],
      slowTestThreshold: 30,
    },
  ],
};
