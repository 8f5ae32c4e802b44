#!/usr/bin/env node
// The built command (pnpm build); a file of its own so the workspace links it before the first build.
import '../dist/bin/ctp-ops.js';
