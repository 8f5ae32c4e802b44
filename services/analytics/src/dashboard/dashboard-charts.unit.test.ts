import { describe, expect, it } from 'vitest';
import { dashboardCharts, dashboardChartNames } from './dashboard-charts.js';

const filters = { from: '2026-01', to: '2026-03', tier: 'gold', channel: 'email', team: 'T-1' };
const queryOf = (path: string) => Object.fromEntries(new URL(path, 'http://x').searchParams);

describe('the overview charts: each filter goes only to the figure routes that take it', () => {
  it('SLA compliance and complaints take tier, channel and team; satisfaction tier and channel; the tier distribution tier, at the end of the period', () => {
    expect(queryOf(dashboardCharts['sla-compliance'].source(filters))).toEqual({ from: '2026-01', to: '2026-03', tier: 'gold', channel: 'email', team: 'T-1', groupBy: 'metric' });
    expect(queryOf(dashboardCharts['complaint-causes'].source(filters))).toEqual({ from: '2026-01', to: '2026-03', tier: 'gold', channel: 'email', team: 'T-1' });
    expect(queryOf(dashboardCharts['satisfaction-trend'].source(filters))).toEqual({ from: '2026-01', to: '2026-03', tier: 'gold', channel: 'email', groupBy: 'month' });
    expect(queryOf(dashboardCharts['tier-distribution'].source(filters))).toEqual({ from: '2026-01', to: '2026-03', tier: 'gold', groupBy: 'tier', month: '2026-03' });
    expect(queryOf(dashboardCharts['tier-movements'].source(filters))).toEqual({ from: '2026-01', to: '2026-03', groupBy: 'direction' });
    expect(dashboardCharts['target-progress'].source()).toBe('/v1/analytics/targets');
  });

  it('a filter left out is not sent', () => {
    expect(queryOf(dashboardCharts['complaint-rate'].source({ from: '2026-02', to: '2026-02' }))).toEqual({ from: '2026-02', to: '2026-02' });
  });

  it('each point of a chart carries the drill link of the row it was drawn from', () => {
    const rows = [
      { metric: 'first_response', compliance: 0.5, met: 1, breached: 1, drill: '/v1/analytics/service-levels/clocks?metric=first_response' },
      { metric: 'resolution', compliance: null, met: 0, breached: 0, drill: '/v1/analytics/service-levels/clocks?metric=resolution' },
    ];
    const option = dashboardCharts['sla-compliance'].option({ rows }, 'en') as { series: { data: { value: number | null; drill: string | null }[] }[] };
    expect(option.series[0]!.data).toEqual([
      { value: 50, drill: rows[0]!.drill },
      { value: null, drill: rows[1]!.drill },
    ]);
    expect(dashboardChartNames).toEqual(Object.keys(dashboardCharts));
  });
});
