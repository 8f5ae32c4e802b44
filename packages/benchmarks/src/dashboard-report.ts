import { medianLoad, type DashboardOptions, type DashboardResult, type PageLoad } from './paths/dashboard.js';
import { markdownGrid, textGrid, type Machine } from './report.js';

const head = ['overview opened', 'median to figures shown (ms)', 'median to the newest figures (ms)', 'median panels (ms)', 'each (ms)', 'target', 'met'];
const budgetMs = 1_000;

export interface DashboardReport {
  readonly text: string;
  readonly markdown: string;
  readonly details: readonly string[];
}

export function dashboardReport(result: DashboardResult, options: Omit<DashboardOptions, 'log'>): DashboardReport {
  const row = (label: string, loads: readonly PageLoad[]) => {
    const { sinceNavigationMs, untilNewestMs, panelsMs } = medianLoad(loads);
    return [label, String(sinceNavigationMs), String(untilNewestMs), String(panelsMs), loads.map((load) => load.sinceNavigationMs).join(', '), `< ${budgetMs} ms`, sinceNavigationMs < budgetMs ? 'yes' : 'NO'];
  };
  const rows = [
    row('first once the read models held the demo data', [result.coldLoad]),
    row('first once the service had counted the overview ahead', [result.warmLoad]),
    row('first after a new event (the last count at once, the new one when done)', result.firstLoads),
    row('again at once (answers cached)', result.cachedLoads),
  ];
  const details = [
    `- demo data: ${result.facts}; loaded and read by every analytics read model in ${result.loadSeconds.toFixed(0)} s (not timed)`,
    `- how the figure requests of the first two openings were answered (\`x-ctp-answer\`): ${answerKinds(result.coldLoad)}; then ${answerKinds(result.warmLoad)}`,
    `- Debian's Chromium (headless, playwright-core), the analyst's key in the tab; after the first opening, ${options.loads} rounds: one purchase through intake, wait until the analytics read models hold it, open /dashboard (the figures counted before the purchase, at once, marked as such; the service counts again in the background and the page shows the new count when done), open it again (answers cached)`,
    '- "to figures shown": navigation start to every overview panel showing its figures (`#overview[data-state=ready]`); "to the newest figures": to every panel showing the count of every event the read models hold (`#overview[data-fresh=true]`); "panels": the page\'s own time from its first request to the last panel shown',
  ];
  return { text: textGrid(head, rows), markdown: markdownGrid(head, rows), details };
}

const answerKinds = ({ answers }: PageLoad) => {
  const kinds = new Map<string, number>();
  for (const { answer } of answers) kinds.set(answer, (kinds.get(answer) ?? 0) + 1);
  return [...kinds].map(([kind, count]) => `${count} ${kind}`).join(', ') || 'none';
};

export function dashboardSection(report: DashboardReport | { readonly failed: string }, run: { readonly machine: Machine; readonly postgresVersion: string; readonly seconds: number; readonly loadAfter: string }): string {
  const { machine } = run;
  const about = `- started: ${machine.date}; whole run ${run.seconds} s
- machine: ${machine.cores} cores (nproc), ${machine.cpu}, ${machine.memory}, Node ${machine.node}
- load average (1 / 5 / 15 min) before the run: ${machine.loadBefore}; after it: ${run.loadAfter}
- servers: PostgreSQL ${run.postgresVersion}, Kafka (one KRaft broker), FerretDB 1.24 on that PostgreSQL`;
  const body = 'failed' in report ? `Not measured, the run failed: ${report.failed}` : `${report.markdown}\n\n${report.details.join('\n')}`;
  return `### Latest dashboard run\n\n${about}\n\n${body}\n`;
}
