import type { Period } from '../metrics/period.js';
import { caseDimensions } from './dimensions.js';
import type { AreaReads } from '../area.js';

export const serviceLevelsPath = '/v1/analytics/service-levels';

/** What a figure's answer says of how it was counted. */
export function tableMeta(reads: Pick<AreaReads, 'timeZone' | 'clock'>, period: Period, figure: string, definitions: Readonly<Record<string, string>>, query: { groupBy: readonly string[] } & Partial<Record<string, unknown>>) {
  const filters = Object.fromEntries(['metric', ...caseDimensions].flatMap((name) => (query[name] === undefined ? [] : [[name, query[name]]])));
  return { area: 'service-levels', figure, period: { from: period.from, to: period.to }, timeZone: period.timeZone, groupBy: query.groupBy, filters, definitions, asOf: reads.clock().toISOString() };
}
