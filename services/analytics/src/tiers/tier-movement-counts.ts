import { drillLink } from '../metrics/drill.js';
import { groupRows } from '../metrics/grouping.js';
import { contains, monthIn, type Period } from '../metrics/period.js';
import type { MetricTable } from '../metrics/table.js';
import { matches } from './dimension-match.js';
import type { TierMovement } from './tier-history.js';

export const movementDimensions = ['month', 'fromTier', 'toTier', 'direction'] as const;
export type MovementDimension = (typeof movementDimensions)[number];
export type MovementFilters = Partial<Record<MovementDimension, string | undefined>>;

export const movementsPath = '/v1/analytics/tiers/movements';

export interface MovementFact {
  readonly movement: TierMovement;
  readonly month: string;
  readonly fromTier: string | null;
  readonly toTier: string | null;
  readonly direction: string;
}

/** The movements in force that happened in the period (by their instant, months in the business time zone) and pass the filters. */
export function movementFacts(movements: readonly TierMovement[], period: Period | null, timeZone: string, filters: MovementFilters): MovementFact[] {
  return movements
    .filter((movement) => period === null || contains(period, movement.at.getTime()))
    .map((movement) => ({ movement, month: monthIn(movement.at.getTime(), timeZone), fromTier: movement.from, toTier: movement.to, direction: movement.direction }))
    .filter((fact) => movementDimensions.every((dimension) => matches(fact[dimension], filters[dimension])));
}

/** Counts of from -> to transitions per month and direction; each row drills to the movements it counted. */
export function tierMovementCounts(facts: readonly MovementFact[], period: Period, groupBy: readonly MovementDimension[], filters: MovementFilters): MetricTable {
  const rows = groupRows(facts, groupBy, (fact, dimension) => fact[dimension as MovementDimension]).map(({ key, rows: counted }) => {
    const selected = Object.fromEntries(movementDimensions.map((dimension) => [dimension, dimension in key ? key[dimension] : filters[dimension]]));
    const months = selected.month === undefined ? { from: period.from, to: period.to } : {};
    return { ...key, movements: counted.length, drill: drillLink(movementsPath, { ...selected, ...months }) };
  });
  return { columns: [...groupBy, 'movements', 'drill'], rows };
}
