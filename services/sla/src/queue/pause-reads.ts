import { findByIds } from '@ctp/projections';
import type { Collection } from 'mongodb';
import { waitingStatuses, type PauseSum } from './pause-sums.js';

const dayMs = 86_400_000;
const parallelDays = 8;

/** The UTC days from `from` to `to`, both included (YYYY-MM-DD). */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = Date.parse(from); day <= Date.parse(to); day += dayMs) days.push(new Date(day).toISOString().slice(0, 10));
  return days;
}

/**
 * The sums of the days [from, to], one day at a time: an agent's by `_id` (`<day>:<agent>:<status>`), every agent's
 * by `day` equality, which FerretDB 1.24 hands to PostgreSQL; a range on `day` it would filter itself over every sum.
 */
export async function pauseSumsOf(pauses: Collection<PauseSum>, from: string, to: string, agent?: string): Promise<PauseSum[]> {
  const days = daysOf(from, to);
  if (agent !== undefined) return findByIds(pauses, days.flatMap((day) => waitingStatuses.map((status) => `${day}:${agent}:${status}`)));
  const sums: PauseSum[] = [];
  for (let first = 0; first < days.length; first += parallelDays) {
    for (const ofDay of await Promise.all(days.slice(first, first + parallelDays).map((day) => pauses.find({ day }).toArray()))) sums.push(...ofDay);
  }
  return sums;
}
