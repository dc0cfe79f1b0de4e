import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

/** Shared Vitest settings for every workspace package; each package's vitest.config.ts calls this. */
export function suiteProject(name: string) {
  return defineProject({
    test: {
      name,
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      // Property tests run many cases; keep a generous but bounded per-test budget.
      testTimeout: 20_000,
      // A sandbox in beforeAll may have to build its apps with Forge's bundlers first (about 40 s per app cold;
      // `npm test` builds them beforehand, a bare `vitest run` after an edit does not).
      hookTimeout: 300_000,
      // Tests must never reach the network: nothing here is allowed to, and nothing in CI can.
      restoreMocks: true,
      setupFiles: [fileURLToPath(new URL('./test/no-network.ts', import.meta.url))],
    },
  });
}
