import { compareGlobalPositions, type GlobalPosition } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { figureMonthsReadYourWrites, readFigureMonthsHead, type FigureMonthsHead } from './month-store.js';

/**
 * The head once it has passed `minPosition` (waiting for it as read-your-writes does); null while no follower has
 * written one: the figures are then counted from the facts as they are.
 */
export async function followedHead(db: Db, timeZone: string, minPosition: GlobalPosition | undefined): Promise<FigureMonthsHead | null> {
  const head = await readFigureMonthsHead(db, timeZone);
  if (head === null || minPosition === undefined || compareGlobalPositions(head.position, minPosition) >= 0) return head;
  await figureMonthsReadYourWrites(db, timeZone)(minPosition);
  return readFigureMonthsHead(db, timeZone);
}
