#!/usr/bin/env node
// `forge-build [appDir] [--force] [--check]`: builds and lints a Forge app with Forge's own toolchain (see
// ../README.md). Runs the TypeScript CLI through tsx, the repo's TypeScript runner.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
