import type { Job } from './job-store.js';

/** A known consumer, a timer or projection not found, or a job refused: the routes turn these into problems. */
export class AdminLookupError extends Error {
  constructor(
    readonly kind: 'not_found' | 'conflict',
    message: string,
    readonly running: Job | null = null,
  ) {
    super(message);
  }
}
