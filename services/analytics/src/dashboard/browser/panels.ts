/// <reference lib="dom" />
import { getJson, type AnswerPolicy, type Row, type Table } from './api.js';
import { chartView, fetchChart } from './charts.js';
import { queryOf, type Filters } from './filters.js';
import { t, type Label } from './i18n.js';
import { csvButton, el, formatValue, kpi, linkOf, percent, rowsTable, type Drill } from './render.js';

const api = '/v1/analytics';
const table = (path: string, policy: AnswerPolicy) => getJson<Table>(path, policy);
/** The chart route passes each filter to the figure routes that take it. */
const all = (filters: Filters) => queryOf(filters, ['tier', 'channel', 'team']);
const percentColumns = (...columns: string[]) => Object.fromEntries(columns.map((column) => [column, percent]));

export interface Panel {
  readonly id: string;
  readonly title: Label;
  readonly wide?: boolean;
  /** Fills the panel body; resolves once its figures are shown. */
  readonly render: (filters: Filters, drill: Drill, policy: AnswerPolicy) => Promise<HTMLElement[]>;
}

interface TargetAnswer {
  targetId: string;
  target: { metric: string; deadline: string };
  progress: { baseline: { value: number | null; drill: string | null }; targetValue: number | null; current: number | null; drill: string | null; progress: number | null; elapsed: number; onTrack: boolean | null };
}

const targets: Panel = {
  id: 'targets', title: 'targets', wide: true,
  render: async (filters, drill, policy) => {
    const chart = await fetchChart('target-progress', queryOf(filters, []), policy);
    const answers = (chart.figures.targets ?? []) as unknown as TargetAnswer[];
    const rows: Row[] = answers.map(({ targetId, target, progress }) => ({
      targetId, metric: target.metric, baseline: progress.baseline.value, drillBaseline: progress.baseline.drill, targetValue: progress.targetValue,
      current: progress.current, drill: progress.drill, progress: progress.progress, status: progress.onTrack, deadline: target.deadline,
    }));
    const status = (value: unknown) => (value === true ? t('onTrack') : value === false ? t('offTrack') : t('unknown'));
    const cell = (column: string, row: Row) => (column === 'status' ? el('span', { class: row.status === true ? 'on-track' : row.status === false ? 'off-track' : '' }, status(row.status)) : null);
    return [chartView(chart, drill), rowsTable(rows, ['targetId', 'metric', 'baseline', 'targetValue', 'current', 'progress', 'status', 'deadline'], drill, { figures: ['baseline', 'current'], format: percentColumns('progress'), cell })];
  },
};

const tiers: Panel = {
  id: 'tiers', title: 'tiers',
  render: async (filters, drill, policy) => {
    const [distribution, movements] = await Promise.all([fetchChart('tier-distribution', all(filters), policy), fetchChart('tier-movements', all(filters), policy)]);
    return [
      el('h3', {}, `${t('tierDistribution')} (${filters.to})`),
      chartView(distribution, drill),
      csvButton(distribution.source, 'tier-distribution'),
      rowsTable(distribution.figures.rows, ['tier', 'customers', 'share'], drill, { figures: ['customers', 'share'], format: percentColumns('share') }),
      el('h3', {}, t('tierMovements')),
      chartView(movements, drill),
      csvButton(movements.source, 'tier-movements'),
      rowsTable(movements.figures.rows, ['direction', 'movements'], drill, { figures: ['movements'] }),
    ];
  },
};

const sla: Panel = {
  id: 'sla', title: 'sla',
  render: async (filters, drill, policy) => {
    const compliance = await fetchChart('sla-compliance', all(filters), policy);
    return [
      chartView(compliance, drill),
      csvButton(compliance.source, 'sla-compliance'),
      rowsTable(compliance.figures.rows, ['metric', 'compliance', 'met', 'breached', 'running', 'elapsedP50Hours', 'elapsedP90Hours'], drill, { figures: ['compliance', 'met', 'breached'], format: percentColumns('compliance') }),
    ];
  },
};

const satisfaction: Panel = {
  id: 'satisfaction', title: 'satisfaction',
  render: async (filters, drill, policy) => {
    const [total, months] = await Promise.all([
      table(`${api}/satisfaction/trend?${queryOf(filters, ['tier', 'channel'])}`, policy),
      fetchChart('satisfaction-trend', all(filters), policy),
    ]);
    const row = total.rows[0] ?? {};
    const link = linkOf(row.drill);
    return [
      el('div', { class: 'kpis' },
        kpi(`${t('csat')} (n=${formatValue(row.csatAnswers)})`, percent(row.csat), link, drill),
        kpi(`${t('nps')} (n=${formatValue(row.npsAnswers)})`, formatValue(row.nps), link, drill),
        kpi(`${t('ces')} (n=${formatValue(row.cesAnswers)})`, formatValue(row.ces), link, drill),
        kpi(`${t('responseRate')} (${formatValue(row.answered)}/${formatValue(row.invited)})`, percent(row.responseRate), link, drill)),
      chartView(months, drill),
      csvButton(months.source, 'satisfaction-trend'),
      rowsTable(months.figures.rows, ['month', 'invited', 'answered', 'responseRate', 'csat', 'nps', 'ces'], drill, { figures: ['invited', 'answered', 'csat', 'nps', 'ces'], format: percentColumns('responseRate', 'csat') }),
    ];
  },
};

const complaints: Panel = {
  id: 'complaints', title: 'complaints',
  render: async (filters, drill, policy) => {
    const [rate, causes] = await Promise.all([fetchChart('complaint-rate', all(filters), policy), fetchChart('complaint-causes', all(filters), policy)]);
    return [
      chartView(rate, drill),
      csvButton(rate.source, 'complaint-rate'),
      rowsTable(rate.figures.rows, ['month', 'complaintRate', 'complaints', 'activeCustomers'], drill, { figures: ['complaintRate', 'complaints'], format: percentColumns('complaintRate') }),
      el('h3', {}, t('complaintCauses')),
      chartView(causes, drill),
      csvButton(causes.source, 'complaint-causes'),
      rowsTable(causes.figures.rows, ['month', 'cause', 'count', 'share'], drill, { figures: ['count', 'share'], format: percentColumns('share') }),
    ];
  },
};

const churn: Panel = {
  id: 'churn', title: 'churn',
  render: async (filters, drill, policy) => {
    const search = new URLSearchParams({ limit: '15' });
    if (filters.tier !== '') search.set('tier', filters.tier);
    const risks = await table(`${api}/churn/risks?${search.toString()}`, policy);
    const rows = risks.rows.map((row) => ({ ...row, drill: (row.drill as { risk?: string } | undefined)?.risk }));
    const cell = (column: string, row: Row) => (column === 'customerId' ? el('a', { href: `/dashboard?customer=${encodeURIComponent(String(row.customerId))}`, class: 'customer-link' }, String(row.customerId)) : null);
    return [el('p', { class: 'note' }, `${formatValue(risks.meta.customers)} · asOf ${formatValue(risks.meta.asOf)}`), csvButton(`${api}/churn/risks?${search.toString()}`, 'churn-risks'), rowsTable(rows, ['customerId', 'tier', 'score', 'atRisk'], drill, { figures: ['score'], cell })];
  },
};

export const overviewPanels: readonly Panel[] = [targets, tiers, sla, satisfaction, complaints, churn];
