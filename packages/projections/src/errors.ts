import type { GlobalPosition } from '@ctp/contracts';

/** A query asked for a position the projection has not passed in time: HTTP 503 with Retry-After, or 504. */
export class ProjectionWaitTimeoutError extends Error {
  override readonly name = 'ProjectionWaitTimeoutError';
  readonly code = 'projection_wait_timeout';

  constructor(
    readonly projection: string,
    readonly position: GlobalPosition,
    readonly timeoutMs: number,
  ) {
    super(`projection ${projection} has not passed position ${position} within ${timeoutMs} ms`);
  }
}

/** A partition missed a switch to a rebuilt version that does not cover what it had applied. */
export class ProjectionHandoffError extends Error {
  override readonly name = 'ProjectionHandoffError';
  readonly code = 'projection_handoff';
}

export class RebuildError extends Error {
  override readonly name = 'RebuildError';

  constructor(
    readonly code: 'rebuild_in_progress' | 'poison_event' | 'handoff_timeout' | 'superseded',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface ProjectionLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export const silentLogger: ProjectionLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
