import { cohortChart, complaintCauseChart, complaintRateChart, renderSvg, retentionChart, satisfactionTrendChart, slaComplianceChart, targetProgressChart, tierDistributionChart, type ChartOption, type Locale } from '../charts/index.js';
import type { ReportFigures, Row } from './report-figures.js';
import { metricLabel, reportLabel, type ReportLabel } from './report-labels.js';

/** What the HTML shows besides the figures: when and at which store position they were computed. */
export interface ReportStamp {
  readonly generatedAt: string;
  readonly position: string | null;
}

const escapes: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => escapes[character]!);

type Format = 'share' | 'number' | 'text';

/** A value as shown: shares in per cent with one decimal, numbers as they are, none as "–". */
function shown(value: unknown, format: Format): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') return format === 'share' ? `${(Math.round(value * 1000) / 10).toFixed(1)} %` : String(value);
  return String(value);
}

/** A number linking to its facts (the drill link), or plain when it has none. */
function cell(value: unknown, drill: unknown, format: Format = 'number'): string {
  const text = escapeHtml(shown(value, format));
  return typeof drill === 'string' && drill !== '' ? `<a href="${escapeHtml(drill)}">${text}</a>` : text;
}

const shareMetrics = new Set(['csat', 'complaint_rate', 'repeat_share', 'sla_compliance', 'fcr', 'retention', 'churn', 'repeat_purchase']);
const formatOf = (metric: unknown): Format => (shareMetrics.has(String(metric)) ? 'share' : 'number');

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((value) => `<td>${value}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A chart of the section's rows (none without rows), its SVG names under the section's own prefix. */
function chart(option: ChartOption, rows: readonly unknown[], prefix: string): string {
  return rows.length === 0 ? '' : `<figure class="chart">${renderSvg(option, { width: 680, height: 300 }, prefix)}</figure>`;
}

/** The report as one self-contained HTML page (inline SVG charts, no script): a pure function of its figures. */
export function renderReportHtml(figures: ReportFigures, stamp: ReportStamp, locale: Locale = 'zh-CN'): string {
  const l = (key: ReportLabel) => reportLabel(key, locale);
  const text = (value: unknown) => escapeHtml(value === null || value === undefined ? l('none') : String(value));
  const section = (key: ReportLabel, body: string) => `<section id="${key}"><h2>${escapeHtml(l(key))}</h2>\n${body}\n</section>`;
  const { headline, targets, tiers, serviceLevels, satisfaction, complaints, improvements, retention } = figures;
  const tierMonth = tiers.distribution.filter((row) => row['month'] === figures.month);

  const sections = [
    section('headline', table([l('metric'), l('value')], Object.entries(headline).map(([metric, figure]) => [escapeHtml(metricLabel(metric, locale)), cell(figure.value, figure.drill, formatOf(metric))]))),
    section('targets', chart(targetProgressChart(targets.map((row) => ({ targetId: String(row['targetId']), progress: row })), locale), targets, 'targets') + table(
      [l('target'), l('metric'), l('baseline'), l('target'), l('current'), l('progress'), l('elapsed'), l('onTrack')],
      targets.map((row: Row) => [
        text(row['targetId']), escapeHtml(metricLabel(String(row['metric']), locale)), cell(row['baseline'], row['baselineDrill'], formatOf(row['metric'])), escapeHtml(shown(row['targetValue'], formatOf(row['metric']))),
        cell(row['current'], row['drill'], formatOf(row['metric'])), escapeHtml(shown(row['progress'], 'share')), escapeHtml(shown(row['elapsed'], 'share')),
        row['onTrack'] === null ? '–' : escapeHtml(l(row['onTrack'] ? 'yes' : 'no')),
      ]),
    )),
    section('tiers', chart(tierDistributionChart(tiers.distribution, locale), tiers.distribution, 'tiers')
      + table([l('tier'), l('customers'), l('share')], tierMonth.map((row) => [text(row['tier']), cell(row['customers'], row['drill']), escapeHtml(shown(row['share'], 'share'))]))
      + table([l('direction'), l('movements')], tiers.movements.map((row) => [text(row['direction']), cell(row['movements'], row['drill'])]))),
    section('serviceLevels', chart(slaComplianceChart(serviceLevels.byTier, 'tier', locale), serviceLevels.byTier, 'sla')
      + ['tier', 'channel'].map((dimension) => table([l(dimension as ReportLabel), l('met'), l('breached'), l('compliance')], (dimension === 'tier' ? serviceLevels.byTier : serviceLevels.byChannel).map((row) => [
        text(row[dimension]), cell(row['met'], row['drill']), cell(row['breached'], row['drillBreached']), cell(row['compliance'], row['drill'], 'share'),
      ]))).join('\n')),
    section('satisfaction', chart(satisfactionTrendChart(satisfaction.trend, locale), satisfaction.trend, 'satisfaction') + table(
      [l('month'), l('invited'), l('answered'), l('responseRate'), l('csat'), l('nps'), l('ces')],
      satisfaction.trend.map((row) => [text(row['month']), cell(row['invited'], row['drill']), cell(row['answered'], row['drill']), cell(row['responseRate'], row['drill'], 'share'), cell(row['csat'], row['drill'], 'share'), cell(row['nps'], row['drill']), cell(row['ces'], row['drill'])]),
    )),
    section('complaints', chart(complaintRateChart(complaints.rate, locale), complaints.rate, 'complaint-rate')
      + table([l('month'), l('complaintCount'), l('activeCustomers'), l('complaintRate')], complaints.rate.map((row) => [text(row['month']), cell(row['complaints'], row['drill']), escapeHtml(shown(row['activeCustomers'], 'number')), cell(row['complaintRate'], row['drill'], 'share')]))
      + chart(complaintCauseChart(complaints.causes, locale), complaints.causes, 'causes')
      + table([l('cause'), l('complaintCount'), l('share')], complaints.causes.map((row) => [text(row['cause']), cell(row['count'], row['drill']), cell(row['share'], row['drill'], 'share')]))
      + table([l('repeats'), l('complaintCount'), l('share')], complaints.repeats.map((row) => [cell(row['repeats'], row['drill']), escapeHtml(shown(row['complaints'], 'number')), cell(row['repeatShare'], row['drill'], 'share')]))
      + `<h3>${escapeHtml(l('cycle'))}</h3>` + table([l('resolved'), l('mean'), 'p50', 'p90'], complaints.cycle.map((row) => [cell(row['resolved'], row['drill']), cell(row['meanDays'], row['drill']), escapeHtml(shown(row['p50Days'], 'number')), escapeHtml(shown(row['p90Days'], 'number'))]))),
    section('improvements', table([l('cause'), l('previousMonth'), l('thisMonth'), l('change')], improvements.causes.map((row) => [text(row['cause']), cell(row['previous'], row['previousDrill']), cell(row['current'], row['drill']), escapeHtml(shown(row['change'], 'number'))]))
      + table([l('action'), l('owner'), l('startsOn'), l('dueDate'), l('status'), l('effect')], improvements.actionList.map((row) => [
        cell(row['title'], row['action'], 'text'), text(row['owner']), text(row['startsOn']), text(row['dueDate']), text(row['status']), cell(l('effect'), row['effect'], 'text'),
      ]))
      + `<p>${escapeHtml(l('actionsNote'))} <a href="${escapeHtml(improvements.actions)}">${escapeHtml(improvements.actions)}</a></p>`),
    section('retention', chart(retentionChart(retention.trend, locale), retention.trend, 'retention')
      + table([l('month'), l('activeAtStart'), l('lost'), l('retentionRate'), l('churn')], retention.trend.map((row) => [text(row['month']), cell(row['activeAtStart'], row['drill']), cell(row['lost'], row['drillLost']), cell(row['retention'], row['drill'], 'share'), cell(row['churn'], row['drillLost'], 'share')]))
      + table([l('repeatPurchase')], retention.repeatPurchase.map((row) => [cell(row['repeatPurchase'], row['drill'], 'share')]))
      + chart(cohortChart(retention.cohorts, locale), retention.cohorts, 'cohorts')),
  ];
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(`${l('title')} ${figures.month}`)}</title>
<style>body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;font-size:12px;margin:0 auto;max-width:720px}h1{font-size:20px}h2{font-size:16px;border-bottom:1px solid #999;margin-top:24px}table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ccc;padding:2px 8px;text-align:right}th:first-child,td:first-child{text-align:left}a{color:#0645ad;text-decoration:none}figure{margin:8px 0;page-break-inside:avoid}section{page-break-inside:auto}</style></head>
<body><header><h1>${escapeHtml(l('title'))} ${escapeHtml(figures.month)}</h1>
<p>${escapeHtml(l('asOf'))}: ${escapeHtml(figures.asOf)} (${escapeHtml(figures.timeZone)}) · ${escapeHtml(l('position'))}: ${escapeHtml(stamp.position ?? '–')} · ${escapeHtml(l('generatedAt'))}: ${escapeHtml(stamp.generatedAt)}</p>
<p>${escapeHtml(l('drillNote'))}</p></header>
${sections.join('\n')}
</body></html>`;
}
