#!/usr/bin/env node
// `forge-app register|deploy`: registers and deploys an app of this repo with the Forge CLI (see ../README.md).
import { register } from 'tsx/esm/api';

register();
await import('./forge-app.ts');
