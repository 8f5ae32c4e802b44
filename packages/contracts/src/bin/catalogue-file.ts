import { fileURLToPath } from 'node:url';

/** docs/events.md at the repository root; the same depth from src/bin and dist/bin. */
export const catalogueFile = fileURLToPath(new URL('../../../../docs/events.md', import.meta.url));
