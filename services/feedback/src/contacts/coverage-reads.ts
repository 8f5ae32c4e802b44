import type { GlobalPosition } from '@ctp/contracts';
import { findByIds } from '@ctp/projections';
import { followedHead } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { coverageDayId, coverageDocuments, coverageHeadId } from './coverage-follower.js';
import { coverageOf } from './coverage.js';

export interface CoverageQuery {
  readonly from: string;
  readonly to: string;
  readonly tier?: string | undefined;
  readonly team?: string | undefined;
  readonly manager?: string | undefined;
  readonly minPosition?: GlobalPosition | undefined;
}

const dayMs = 86_400_000;

export function daysFrom(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = Date.parse(`${from}T00:00:00Z`); day <= Date.parse(`${to}T00:00:00Z`); day += dayMs) days.push(new Date(day).toISOString().slice(0, 10));
  return days;
}

/**
 * Coverage from the day documents the coverage follower keeps, each day of [from, to] read by `_id`; null while no
 * follower has written a head (the caller reads the `coverage` read model then).
 */
export async function coverageFromDays(db: Db, query: CoverageQuery, timeoutMs: number) {
  const documents = coverageDocuments(db);
  const head = await followedHead({ name: coverageHeadId, read: () => documents.head.findOne({ _id: coverageHeadId }) }, query.minPosition, timeoutMs);
  if (head === null) return null;
  const days = await findByIds(documents.days, daysFrom(query.from, query.to).map(coverageDayId));
  const counts = days.flatMap(({ counts: owned }) => owned).filter(({ tier, team, accountManager }) => (!query.tier || tier === query.tier) && (!query.team || team === query.team) && (!query.manager || accountManager === query.manager));
  return coverageOf(counts);
}
