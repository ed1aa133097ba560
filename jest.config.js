/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  moduleNameMapper: {'^(\\.{1,2}/.*)\\.js$': '$1'},
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', {
      jsc: {parser: {syntax: 'typescript', tsx: true}, target: 'es2022', transform: {react: {runtime: 'automatic'}}, experimental: {keepImportAttributes: true}},
      module: {type: 'es6'},
    }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts?(x)'],
  setupFiles: ['<rootDir>/test/support/quiet-sdk.ts'],
  // Collectors' wire tests start local HTTP servers; give slow CI machines room.
  testTimeout: 30000,
};
