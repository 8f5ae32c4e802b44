import { compareGlobalPositions, globalPositionSchema, type GlobalPosition } from '@ctp/contracts';
import { ProjectionWaitTimeoutError } from '@ctp/projections';
import { problems } from '../problems/catalogue.js';
import { ProblemError } from '../problems/problem.js';

/** The query parameter of every route that reads a read model: a position a command answered. */
export const readYourWritesQuery = {
  minPosition: globalPositionSchema.optional().describe('a position a command answered: the read waits until the read model has passed it'),
};

/** Waits for the read model to pass `minPosition` (none: answers at once), else a 503 CTP_NOT_READY with Retry-After. */
export type ReadYourWrites = (minPosition: GlobalPosition | undefined) => Promise<void>;

export interface PositionWaiter {
  waitForPosition(position: GlobalPosition, timeoutMs: number): Promise<void>;
}

export const notReadyRetryAfterSeconds = 1;

/**
 * `storeHead` tells a position no command answered (beyond the newest event in the store: a 400, since
 * waiting cannot help) from one the read model has not reached yet (a 503 to retry).
 */
export function readYourWrites(readModel: PositionWaiter, timeoutMs: number, storeHead?: () => Promise<GlobalPosition | null>): ReadYourWrites {
  return async (minPosition) => {
    if (minPosition === undefined) return;
    try {
      await readModel.waitForPosition(minPosition, timeoutMs);
    } catch (error) {
      if (!(error instanceof ProjectionWaitTimeoutError)) throw error;
      const head = storeHead ? await storeHead() : minPosition;
      if (isBeyond(minPosition, head)) throw beyondStoreHead(head, 'query.minPosition');
      throw new ProblemError(problems.CTP_NOT_READY, `the read model ${error.projection} has not reached position ${minPosition} yet; retry`, [], {}, { 'retry-after': String(notReadyRetryAfterSeconds) });
    }
  };
}

export const isBeyond = (position: GlobalPosition, head: GlobalPosition | null): boolean => head === null || compareGlobalPositions(position, head) > 0;

/** A 400 naming the field: a position beyond the store's newest was answered by no command, so waiting cannot help. */
export function beyondStoreHead(head: GlobalPosition | null, path: string): ProblemError {
  const message = `is beyond the newest position in the store (${head ?? 'none'}): no command answered it`;
  return new ProblemError(problems.CTP_VALIDATION_FAILED, `minPosition ${message}`, [{ path, message }]);
}
