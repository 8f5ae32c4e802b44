import { defaultPeriod } from './dashboard-context-route.js';

/** The languages the dashboard asks its charts in. */
const locales = ['en', 'zh-CN'] as const;
/** The churn panel's list: the highest scores. */
export const overviewChurnLimit = 15;

const charts = ['target-progress', 'tier-distribution', 'tier-movements', 'sla-compliance', 'satisfaction-trend', 'complaint-rate', 'complaint-causes'] as const;

/**
 * The requests the overview (dashboard/browser/panels.ts) sends for its default filters, URL for URL, so that
 * answers counted ahead of the readers are the ones they ask for; dashboard.e2e.test.ts checks the browser
 * asks nothing else.
 */
export function overviewRequests(month: string): string[] {
  const { from, to } = defaultPeriod(month);
  const period = new URLSearchParams({ from, to }).toString();
  return [
    ...locales.flatMap((locale) => charts.map((chart) => `/v1/analytics/dashboard/charts/${chart}?${period}&locale=${locale}`)),
    `/v1/analytics/satisfaction/trend?${period}`,
    `/v1/analytics/churn/risks?limit=${overviewChurnLimit}`,
  ];
}
