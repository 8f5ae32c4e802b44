import { startServiceStack, waitUntilReady, type ServiceStack } from '@ctp/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The analytics service as the main developer runs it: a report of last month built, kept across a restart, downloaded as PDF. */
describe('the monthly report on the running service', () => {
  let stack: ServiceStack;
  beforeAll(async () => {
    stack = await startServiceStack(['relay', 'analytics'], { CLOCK_START: '2026-03-04T14:00:00+08:00', REPORT_LOCALE: 'en' }, 'analytics_report_e2e');
  }, 240_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('builds last month’s report on request, keeps it across a restart, and serves its PDF', async () => {
    const built = await stack.call('analytics', 'POST', '/v1/analytics/reports/2026-02', 'analyst');
    expect(built.status, await built.clone().text()).toBe(201);
    expect(await built.json()).toMatchObject({ month: '2026-02', trigger: 'requested', links: { pdf: '/v1/analytics/reports/2026-02.pdf' } });
    expect((await stack.call('analytics', 'POST', '/v1/analytics/reports/2026-03', 'analyst')).status).toBe(422);

    await stack.service('analytics').stop();
    await waitUntilReady(stack.restart('analytics'), 120_000);
    const listed = await (await stack.call('analytics', 'GET', '/v1/analytics/reports', 'admin')).json();
    expect(listed.reports.map(({ month }: { month: string }) => month)).toEqual(['2026-02']);
    const pdf = await stack.call('analytics', 'GET', '/v1/analytics/reports/2026-02.pdf', 'analyst');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const figures = await (await stack.call('analytics', 'GET', '/v1/analytics/reports/2026-02', 'analyst')).json();
    expect(Object.keys(figures.figures.headline)).toEqual(expect.arrayContaining(['csat', 'sla_compliance', 'complaint_rate', 'retention']));
    expect(figures.figures.targets.length).toBeGreaterThan(0);
  }, 120_000);
});
