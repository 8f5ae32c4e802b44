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

/** Whether a fact or tally passes the filters. */
export const passes = (fact: Omit<MovementFact, 'movement'>, filters: MovementFilters) => movementDimensions.every((dimension) => matches(fact[dimension], filters[dimension]));

/** The movements in force that happened in the period (by their instant, months in the business time zone) and pass the filters. */
export function movementFacts(movements: readonly TierMovement[], period: Period | null, timeZone: string, filters: MovementFilters): MovementFact[] {
  return movements
    .filter((movement) => period === null || contains(period, movement.at.getTime()))
    .map((movement) => ({ movement, month: monthIn(movement.at.getTime(), timeZone), fromTier: movement.from, toTier: movement.to, direction: movement.direction }))
    .filter((fact) => passes(fact, filters));
}

/** Counts of from -> to transitions per month and direction; each row drills to the movements it counted. */
export function tierMovementCounts(facts: readonly MovementFact[], period: Period, groupBy: readonly MovementDimension[], filters: MovementFilters): MetricTable {
  return movementCountTable(facts.map(({ month, fromTier, toTier, direction }) => ({ month, fromTier, toTier, direction, movements: 1 })), period, groupBy, filters);
}

/** How many movements of one month had one from tier, to tier and direction. */
export type MovementTally = Omit<MovementFact, 'movement'> & { readonly movements: number };

/** The same table from movements already counted per month, from tier, to tier and direction (`tallies` pass the filters). */
export function movementCountTable(tallies: readonly MovementTally[], period: Period, groupBy: readonly MovementDimension[], filters: MovementFilters): MetricTable {
  const rows = groupRows(tallies.filter(({ movements }) => movements > 0), groupBy, (tally, dimension) => tally[dimension as MovementDimension]).map(({ key, rows: counted }) => {
    const selected = Object.fromEntries(movementDimensions.map((dimension) => [dimension, dimension in key ? key[dimension] : filters[dimension]]));
    const months = selected.month === undefined ? { from: period.from, to: period.to } : {};
    return { ...key, movements: counted.reduce((sum, { movements }) => sum + movements, 0), drill: drillLink(movementsPath, { ...selected, ...months }) };
  });
  return { columns: [...groupBy, 'movements', 'drill'], rows };
}
