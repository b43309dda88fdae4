// jest for the referee's suites (test/cluster/*.test.ts): projen's jest configuration from
// package.json, with these suites only, no coverage, and a report of their own.
const path = require('path');
const base = require('../../package.json').jest;

module.exports = {
  ...base,
  rootDir: path.resolve(__dirname, '..', '..'),
  testMatch: ['<rootDir>/test/cluster/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: undefined,
  collectCoverage: false,
  reporters: ['default', ['jest-junit', { outputDirectory: 'test-reports', outputName: 'referee.xml' }]],
};
