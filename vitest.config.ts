import { defineConfig } from 'vitest/config';

// One run, four projects: pure unit tests beside the code, and the cross-package suites in test/.
// With DATABASE_URL set the database suites run on that PostgreSQL server; without it, on embedded PGlite.
export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (main) and ESM (module). Node loads the CommonJS build for Pothos and yoga; make
    // Vite resolve our own imports to that same copy, or graphql refuses the "other realm" instances.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    // CI asks for a JSON report too (VITEST_JSON_REPORT=<file>) to print one closing summary line.
    reporters: process.env.VITEST_JSON_REPORT
      ? ['default', ['json', { outputFile: process.env.VITEST_JSON_REPORT }]]
      : ['default'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{schema,migrations,tenants,server}/src/**/*.test.ts', 'web/src/**/*.test.ts'],
        },
      },
      { extends: true, test: { name: 'isolation', include: ['test/isolation/**/*.test.ts'] } },
      { extends: true, test: { name: 'data', include: ['test/data/**/*.test.ts'] } },
      { extends: true, test: { name: 'identity', include: ['test/identity/**/*.test.ts'] } },
      { extends: true, test: { name: 'api', include: ['test/api/**/*.test.ts'] } },
      // The portal in Debian's Chromium (playwright-core) against the embedded platform. A page on a loaded two-core
      // machine can take seconds to settle: polled expectations get 10 s instead of vitest's 1 s, and a test that walks
      // every screen with accessibility scans up to 3 minutes (a guard against a hang, never a speed target).
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          // Building the portal before the first test took two minutes on a loaded machine.
          hookTimeout: 300_000,
          expect: { poll: { timeout: 10_000 } },
        },
      },
      // Restarts and failures under load (docs/reliability.md): real server processes, killed and restarted, and
      // PostgreSQL and Redis servers of their own, stopped and started again.
      { extends: true, test: { name: 'drills', include: ['test/drills/**/*.test.ts'], testTimeout: 300_000 } },
      // `pnpm bench`: speed is measured here, never asserted in tests.
      { extends: true, test: { name: 'bench', include: [], benchmark: { include: ['test/bench/**/*.bench.ts'] } } },
    ],
  },
});
