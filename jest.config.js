/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  // The slow reliability scenarios run with `npm run test:reliability` (jest.reliability.config.js).
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/tests/reliability/"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }] },
  // Engine tests spawn the real Pulumi CLI; each gets its own timeout.
  testTimeout: 30000,
};
