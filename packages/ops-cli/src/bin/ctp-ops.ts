#!/usr/bin/env node
process.stderr.write('ctp-ops: not built yet (issue 18)\n');
process.exit(2);
