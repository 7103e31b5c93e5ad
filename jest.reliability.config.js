/**
 * `npm run test:reliability`: issue 7's slow scenarios (load, interruptions, restarts, bad input)
 * and issue 16's safety cases (tests/reliability/safety.test.ts) through the real Pulumi CLI. One file at a time: each drives the engine hard on its own.
 * @type {import('jest').Config}
 */
const base = require("./jest.config.js");

module.exports = {
  ...base,
  roots: ["<rootDir>/tests/reliability"],
  testPathIgnorePatterns: ["/node_modules/"],
  maxWorkers: 1,
  testTimeout: 30 * 60_000,
};
