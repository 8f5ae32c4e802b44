import { complaintCauseChart, complaintRateChart, satisfactionTrendChart, slaComplianceChart, targetProgressChart, tierDistributionChart, tierMovementChart, type ChartOption, type FigureRow, type Locale, type TargetRow } from '../charts/index.js';

/** The overview's filters as the chart route takes them. */
export interface ChartFilters {
  readonly from: string;
  readonly to: string;
  readonly tier?: string | undefined;
  readonly channel?: string | undefined;
  readonly team?: string | undefined;
}

type Filter = 'tier' | 'channel' | 'team';

/** A chart of the overview: the area route its figures come from (only the filters that route takes) and the chart specification that draws them. */
interface DashboardChart {
  readonly source: (filters: ChartFilters) => string;
  readonly option: (answer: { rows?: FigureRow[]; targets?: TargetRow[] }, locale: Locale) => ChartOption;
}

function figurePath(path: string, filters: ChartFilters, accepted: readonly Filter[], more: Readonly<Record<string, string>> = {}): string {
  const search = new URLSearchParams({ from: filters.from, to: filters.to });
  for (const name of accepted) if (filters[name] !== undefined) search.set(name, filters[name]!);
  for (const [name, value] of Object.entries(more)) search.set(name, value);
  return `${path}?${search.toString()}`;
}

const rows = (answer: { rows?: FigureRow[] }) => answer.rows ?? [];

export const dashboardCharts = {
  'target-progress': { source: () => '/v1/analytics/targets', option: (answer, locale) => targetProgressChart(answer.targets ?? [], locale) },
  'tier-distribution': { source: (filters) => figurePath('/v1/analytics/tiers/distribution', filters, ['tier'], { groupBy: 'tier', month: filters.to }), option: (answer, locale) => tierDistributionChart(rows(answer), locale) },
  'tier-movements': { source: (filters) => figurePath('/v1/analytics/tiers/movement-counts', filters, [], { groupBy: 'direction' }), option: (answer, locale) => tierMovementChart(rows(answer), locale) },
  'sla-compliance': { source: (filters) => figurePath('/v1/analytics/service-levels/compliance', filters, ['tier', 'channel', 'team'], { groupBy: 'metric' }), option: (answer, locale) => slaComplianceChart(rows(answer), 'metric', locale) },
  'satisfaction-trend': { source: (filters) => figurePath('/v1/analytics/satisfaction/trend', filters, ['tier', 'channel'], { groupBy: 'month' }), option: (answer, locale) => satisfactionTrendChart(rows(answer), locale) },
  'complaint-rate': { source: (filters) => figurePath('/v1/analytics/complaints/rate', filters, ['tier', 'channel', 'team']), option: (answer, locale) => complaintRateChart(rows(answer), locale) },
  'complaint-causes': { source: (filters) => figurePath('/v1/analytics/complaints/causes', filters, ['tier', 'channel', 'team']), option: (answer, locale) => complaintCauseChart(rows(answer), locale) },
} as const satisfies Record<string, DashboardChart>;

export type DashboardChartName = keyof typeof dashboardCharts;
export const dashboardChartNames = Object.keys(dashboardCharts) as [DashboardChartName, ...DashboardChartName[]];
