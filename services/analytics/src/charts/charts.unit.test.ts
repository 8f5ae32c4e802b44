import { describe, expect, it } from 'vitest';
import {
  cohortChart, complaintCauseChart, complaintRateChart, label, labelKeys, renderSvg, retentionChart, satisfactionTrendChart,
  slaComplianceChart, slaOutcomeChart, targetProgressChart, tierDistributionChart, tierMovementChart, type ChartOption, type DrillPoint,
} from './index.js';

const seriesOf = (option: ChartOption) => (Array.isArray(option.series) ? option.series : [option.series]) as { name?: string; data: DrillPoint[] }[];
const titleOf = (option: ChartOption) => (option.title as { text: string }).text;

describe('the chart specification', () => {
  it('draws the tier distribution with each bar drilling to its customers', () => {
    const rows = [
      { tier: 'gold', customers: 2, tiered: 5, share: 0.4, drill: '/v1/analytics/tiers/customers?asOf=2026-10&tier=gold' },
      { tier: 'silver', customers: 3, tiered: 5, share: 0.6, drill: '/v1/analytics/tiers/customers?asOf=2026-10&tier=silver' },
    ];
    const option = tierDistributionChart(rows, 'en');
    expect(titleOf(option)).toBe('Customers per tier');
    expect(seriesOf(option)[0]!.data).toEqual([{ value: 2, drill: rows[0]!.drill }, { value: 3, drill: rows[1]!.drill }]);
    expect((option.xAxis as { data: string[] }).data).toEqual(['gold', 'silver']);
    expect(titleOf(tierDistributionChart(rows, 'zh-CN'))).toBe('会员等级分布');
  });

  it('stacks months by tier, leaving a gap where a tier has no row', () => {
    const rows = [
      { month: '2026-09', tier: 'gold', customers: 1, drill: 'a' },
      { month: '2026-10', tier: 'gold', customers: 2, drill: 'b' },
      { month: '2026-10', tier: 'silver', customers: 4, drill: 'c' },
    ];
    const series = seriesOf(tierDistributionChart(rows, 'en'));
    expect(series.map(({ name }) => name)).toEqual(['gold', 'silver']);
    expect(series[1]!.data).toEqual([{ value: null, drill: null }, { value: 4, drill: 'c' }]);
  });

  it('labels the movement directions in the locale', () => {
    const rows = [
      { month: '2026-10', direction: 'upgrade', movements: 3, drill: 'u' },
      { month: '2026-10', direction: 'downgrade', movements: 1, drill: 'd' },
    ];
    expect(seriesOf(tierMovementChart(rows, 'zh-CN')).map(({ name }) => name)).toEqual(['升级', '降级']);
    expect(seriesOf(tierMovementChart(rows, 'en')).map(({ data }) => data[0])).toEqual([{ value: 3, drill: 'u' }, { value: 1, drill: 'd' }]);
  });

  it('shows SLA compliance in per cent and the breached bars drill to the breached clocks', () => {
    const rows = [{ tier: 'gold', met: 3, breached: 1, compliance: 0.75, drill: 'all', drillBreached: 'breached' }];
    expect(seriesOf(slaComplianceChart(rows, 'tier', 'en'))[0]!.data).toEqual([{ value: 75, drill: 'all' }]);
    expect(seriesOf(slaOutcomeChart(rows, 'tier', 'en'))[1]!.data).toEqual([{ value: 1, drill: 'breached' }]);
    const byMonth = slaComplianceChart([{ month: '2026-10', tier: 'gold', compliance: 0.5, drill: 'x' }], 'month', 'en', 'tier');
    expect(seriesOf(byMonth)[0]).toMatchObject({ name: 'gold', data: [{ value: 50, drill: 'x' }] });
  });

  it('draws the satisfaction, complaint and retention trends with a drill link per point', () => {
    const trend = satisfactionTrendChart([{ month: '2026-10', csat: 0.8125, responseRate: 0.5, nps: 20, drill: 's' }], 'en');
    expect(seriesOf(trend).map(({ data }) => data[0])).toEqual([{ value: 81.3, drill: 's' }, { value: 50, drill: 's' }, { value: 20, drill: 's' }]);
    const causes = complaintCauseChart([{ month: '2026-10', cause: 'delivery', count: 2, drill: 'c1' }, { month: '2026-10', cause: null, count: 1, drill: 'c0' }], 'zh-CN');
    expect((causes.xAxis as { data: string[] }).data).toEqual(['delivery', '无']);
    expect(seriesOf(causes)[0]!.data).toEqual([{ value: 2, drill: 'c1' }, { value: 1, drill: 'c0' }]);
    expect(seriesOf(complaintRateChart([{ month: '2026-10', complaintRate: 0.25, drill: 'r' }], 'en'))[0]!.data).toEqual([{ value: 25, drill: 'r' }]);
    const retention = retentionChart([{ month: '2026-10', retention: 0.9, churn: 0.1, drill: 'start', drillLost: 'lost' }], 'en');
    expect(seriesOf(retention).map(({ data }) => data[0])).toEqual([{ value: 90, drill: 'start' }, { value: 10, drill: 'lost' }]);
  });

  it('maps cohort cells to the heat map and targets to progress against time', () => {
    const cohort = cohortChart([{ cohort: '2026-09', k: 0, share: 1, drill: 'k0' }, { cohort: '2026-09', k: 1, share: 0.5, drill: 'k1' }], 'en');
    expect(seriesOf(cohort)[0]!.data).toEqual([{ value: [0, 0, 100], drill: 'k0' }, { value: [1, 0, 50], drill: 'k1' }]);
    const targets = targetProgressChart([{ targetId: 'csat', progress: { progress: 0.25, elapsed: 0.5, drill: '/t' } }], 'en');
    expect(seriesOf(targets).map(({ data }) => data[0])).toEqual([{ value: 25, drill: '/t' }, { value: 50, drill: '/t' }]);
  });

  it('has every label in both languages', () => {
    for (const key of labelKeys) {
      expect(label(key, 'en')).not.toBe('');
      if (key !== 'nps') expect(label(key, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('renders an option to an SVG document on the server', () => {
    const svg = renderSvg(tierDistributionChart([{ tier: 'gold', customers: 2, drill: 'a' }], 'zh-CN'), { width: 400, height: 200 });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('width="400"');
    expect(svg).toContain('会员等级分布');
    expect(svg).toContain('<path');
  });

  it('renders the same option to the same SVG, its class names under the prefix given', () => {
    const option = tierDistributionChart([{ tier: 'gold', customers: 2, drill: 'a' }], 'en');
    const first = renderSvg(option, undefined, 'tiers');
    expect(renderSvg(option, undefined, 'tiers')).toBe(first);
    expect(first).not.toMatch(/zr\d+-/);
    expect(first).toContain('class="tiers-1"');
  });
});
