import { resolve } from 'node:path';
import { packageTestConfig } from '../../vitest.shared.js';

/**
 * The soak's own config (scripts/drills/soak.sh): it runs src/drills/soak/soak.run.ts only, a file the e2e glob
 * (*.e2e.test.ts) does not pick up, so the CI command never runs it; no report of it goes to .local/test-results (CI's summary).
 */
export default packageTestConfig(import.meta.dirname, {
  include: [resolve(import.meta.dirname, 'src/drills/soak/soak.run.ts')],
  reporters: ['default'],
  outputFile: {},
  testTimeout: 24 * 3_600_000,
  hookTimeout: 900_000,
});
