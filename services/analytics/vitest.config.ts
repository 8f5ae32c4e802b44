import { packageTestConfig } from '../../vitest.shared.js';

// Each integration test file keeps to a database of its own (uniqueName), so two run at once: the package's
// integration tests are the longest of the first stage of scripts/test.sh.
export default packageTestConfig(import.meta.dirname, { maxWorkers: 2 }, { parallelKinds: ['unit', 'int'] });
