import { entityIdSchema, streamIdFor, type GlobalPosition } from '@ctp/contracts';
import type { HandledCommand } from '@ctp/event-store';
import { positionOf as answeredPosition, problems, ProblemError } from '@ctp/service-kit';
import { z } from 'zod';
import type { SlaDeps } from '../sla-deps.js';

export const caseIdParamsSchema = z.object({ caseId: entityIdSchema });

/** The instant a command happened: now when not given; never in the future. */
export function instantOf(given: string | undefined, now: Date, field: string): string {
  if (given === undefined) return now.toISOString();
  if (Date.parse(given) > now.getTime()) throw new ProblemError(problems.CTP_VALIDATION_FAILED, `${field} is in the future`, [{ path: field, message: `must not be after now (${now.toISOString()})` }]);
  return given;
}

/** The global position a command on a case answers (see the kit's positionOf). */
export function positionOf(deps: Pick<SlaDeps, 'history'>, caseId: string, handled: HandledCommand<unknown>, causationId: string): Promise<GlobalPosition | null> {
  return answeredPosition(deps.history, streamIdFor('case', caseId), handled, causationId);
}
