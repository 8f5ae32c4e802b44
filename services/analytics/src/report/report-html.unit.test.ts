import { describe, expect, it } from 'vitest';
import type { ReportFigures } from './report-figures.js';
import { escapeHtml, renderReportHtml } from './report-html.js';
import { nextReportMonth, reportDueAt, reportTimerId } from './report-timer.js';

const none = { value: null, drill: null };
const figures: ReportFigures = {
  month: '2026-10', timeZone: 'Asia/Shanghai', asOf: '2026-10-31T16:00:00.000Z', trendMonths: ['2026-09', '2026-10'],
  headline: {
    csat: { value: 0.8125, drill: '/v1/analytics/satisfaction/answers?from=2026-10&to=2026-10' }, nps: none, complaint_rate: none, complaint_cycle_days: none, repeat_share: none,
    sla_compliance: { value: 0.75, drill: '/v1/analytics/service-levels/clocks?from=2026-10&to=2026-10' }, average_wait_minutes: { value: 12.5, drill: '/wait' }, fcr: none, retention: none, churn: none, repeat_purchase: none,
  },
  targets: [{ targetId: 'plan-csat', metric: 'csat', baseline: 0.78, baselineDrill: null, targetValue: 0.85, current: 0.8125, drill: '/v1/analytics/satisfaction/answers?from=2026-06&to=2026-10', progress: 0.4643, elapsed: 0.4, onTrack: true }],
  tiers: {
    distribution: [{ month: '2026-10', tier: 'gold', customers: 7, tiered: 20, share: 0.35, drill: '/v1/analytics/tiers/customers?asOf=2026-10&tier=gold' }],
    movements: [{ direction: 'upgrade', movements: 3, drill: '/v1/analytics/tiers/movements?direction=upgrade&from=2026-10&to=2026-10' }],
  },
  serviceLevels: {
    byTier: [{ tier: 'gold', met: 3, breached: 1, compliance: 0.75, drill: '/clocks?tier=gold', drillBreached: '/clocks?outcome=breached&tier=gold' }],
    byChannel: [{ channel: 'phone', met: 3, breached: 1, compliance: 0.75, drill: '/clocks?channel=phone', drillBreached: '/clocks?channel=phone&outcome=breached' }],
  },
  satisfaction: { trend: [{ month: '2026-10', invited: 20, answered: 16, responseRate: 0.8, csat: 0.8125, nps: 25, ces: 5.5, drill: '/answers?month=2026-10' }] },
  complaints: {
    rate: [{ month: '2026-10', complaintRate: 0.05, complaints: 4, activeCustomers: 80, drill: '/complaints?month=2026-10' }],
    causes: [{ month: '2026-10', cause: '<script>alert("x")</script>', count: 2, share: 0.5, drill: '/complaints?cause=a&month=2026-10&x="><b>' }],
    repeats: [{ month: '2026-10', repeatShare: 0.25, repeats: 1, complaints: 4, drill: '/complaints?month=2026-10&repeat=yes' }],
    cycle: [{ month: '2026-10', resolved: 3, meanDays: 2.5, p50Days: 2, p90Days: 4, stillOpen: 1, drill: '/complaints?resolvedMonth=2026-10' }],
  },
  improvements: { causes: [{ cause: 'process', previous: 5, current: 2, change: -3, drill: '/complaints?cause=process&month=2026-10', previousDrill: '/complaints?cause=process&month=2026-09' }],
    actionList: [{ actionId: 'A-1', title: 'Simpler returns & <refunds>', owner: 'T-service', startsOn: '2026-09-15', dueDate: '2026-12-31', status: 'in_progress', action: '/v1/improvement-actions/A-1', effect: '/v1/improvement-actions/A-1/effect' }],
    actions: '/v1/improvement-actions',
  },
  retention: {
    trend: [{ month: '2026-10', activeAtStart: 50, lost: 5, retention: 0.9, churn: 0.1, drill: '/customers?month=2026-10&state=start', drillLost: '/customers?month=2026-10&state=lost' }],
    repeatPurchase: [{ month: '2026-10', repeatPurchase: 0.3, drill: '/customers?month=2026-10&state=repeat&window=year' }],
    cohorts: [{ cohort: '2026-09', k: 0, share: 1, drill: '/customers?cohort=2026-09&purchasedIn=2026-09' }],
  },
};
const stamp = { generatedAt: '2026-11-01T06:00:00.000Z', position: '4711' };

describe('the report as HTML', () => {
  const html = renderReportHtml(figures, stamp, 'en');

  it('shows every number with the link to its facts', () => {
    expect(html).toContain('<a href="/v1/analytics/satisfaction/answers?from=2026-10&amp;to=2026-10">81.3 %</a>');
    expect(html).toContain('<a href="/clocks?outcome=breached&amp;tier=gold">1</a>');
    expect(html).toContain('<a href="/v1/analytics/tiers/customers?asOf=2026-10&amp;tier=gold">7</a>');
    expect(html).toContain('<a href="/customers?month=2026-10&amp;state=lost">10.0 %</a>');
    expect(html).toContain('<a href="/complaints?cause=process&amp;month=2026-09">5</a>');
    expect(html).toContain('<a href="/v1/improvement-actions">');
    expect(html).toContain('<a href="/v1/improvement-actions/A-1">Simpler returns &amp; &lt;refunds&gt;</a>');
    expect(html).toContain('<a href="/v1/improvement-actions/A-1/effect">');
    expect(html).toContain('4711');
    expect(html).toContain('Monthly service-quality report 2026-10');
    expect(html).toContain('<td>Average wait (minutes)</td><td><a href="/wait">12.5</a></td>');
  });

  it('escapes every text and link it did not write', () => {
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('"><b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('draws its charts as inline SVG and speaks Chinese by default', () => {
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(7);
    const chinese = renderReportHtml(figures, stamp);
    expect(chinese).toContain('服务质量月报 2026-10');
    expect(chinese).toContain('目标与进度');
    expect(chinese).toContain('<td>SLA 达成率</td><td><a href="/v1/analytics/service-levels/clocks?from=2026-10&amp;to=2026-10">75.0 %</a></td>');
    expect(chinese).toContain('<html lang="zh-CN">');
  });

  it('is a pure function of the figures', () => {
    expect(renderReportHtml(figures, stamp, 'en')).toBe(html);
    expect(html).not.toMatch(/zr\d+-/);
    for (const prefix of ['targets', 'tiers', 'sla', 'satisfaction', 'complaint-rate', 'causes', 'retention', 'cohorts']) expect(html).toContain(`class="${prefix}-1"`);
  });
});

describe('the report schedule', () => {
  const schedule = { timeZone: 'Asia/Shanghai', hour: 6 };

  it('is due on the 1st of the next month at the hour, business time zone', () => {
    expect(reportDueAt('2026-10', schedule).toISOString()).toBe('2026-10-31T22:00:00.000Z');
    expect(reportDueAt('2026-12', schedule).toISOString()).toBe('2026-12-31T22:00:00.000Z');
    expect(reportTimerId('2026-10')).toBe('monthly-report:2026-10');
  });

  it('names the previous month before the 1st’s hour, the current month after it', () => {
    expect(nextReportMonth(new Date('2026-10-31T21:59:00Z'), schedule)).toBe('2026-10');
    expect(nextReportMonth(new Date('2026-10-31T22:00:00Z'), schedule)).toBe('2026-11');
    expect(nextReportMonth(new Date('2026-11-15T00:00:00Z'), schedule)).toBe('2026-11');
  });
});
