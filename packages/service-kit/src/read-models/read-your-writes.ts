import { globalPositionSchema, type GlobalPosition } from '@ctp/contracts';
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

export function readYourWrites(readModel: PositionWaiter, timeoutMs: number): ReadYourWrites {
  return async (minPosition) => {
    if (minPosition === undefined) return;
    try {
      await readModel.waitForPosition(minPosition, timeoutMs);
    } catch (error) {
      if (!(error instanceof ProjectionWaitTimeoutError)) throw error;
      throw new ProblemError(problems.CTP_NOT_READY, `the read model ${error.projection} has not reached position ${minPosition} yet; retry`, [], {}, { 'retry-after': String(notReadyRetryAfterSeconds) });
    }
  };
}
