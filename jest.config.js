// Tests are compiled by `tsc` into dist/ first, so jest runs plain ES modules
// without a transform (see the "test" script in package.json).
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/dist/test'],
  testMatch: ['**/*.test.js'],
  transform: {},
  testTimeout: 60000,
  maxWorkers: 2,
};
