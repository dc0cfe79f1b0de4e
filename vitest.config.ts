import { defineConfig } from 'vitest/config';

// One runner for the whole repo: each workspace package is a Vitest project with its own config,
// so `npx vitest` at the root runs everything and `turbo run test` runs (and caches) per package.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
  },
});
