#!/usr/bin/env node
// dist/bundle/main.js is dist/src/cli/main.js bundled (scripts/bundle.ts: one file loads faster than ~95).
import { run } from '../dist/bundle/main.js';

await run();
