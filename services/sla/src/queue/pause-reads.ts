import { daysFrom, findByIds, findDayByDay } from '@ctp/projections';
import type { Collection } from 'mongodb';
import { waitingStatuses, type PauseSum } from './pause-sums.js';

/**
 * The sums of the days [from, to]: an agent's by `_id` (`<day>:<agent>:<status>`), every agent's one `day` equality
 * at a time, which FerretDB 1.24 hands to PostgreSQL; a range on `day` it would filter itself over every sum.
 */
export async function pauseSumsOf(pauses: Collection<PauseSum>, from: string, to: string, agent?: string): Promise<PauseSum[]> {
  if (agent !== undefined) return findByIds(pauses, daysFrom(from, to).flatMap((day) => waitingStatuses.map((status) => `${day}:${agent}:${status}`)));
  return findDayByDay(pauses, from, to);
}
