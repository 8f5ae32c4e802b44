/** The one chart specification of the read side: area table rows -> ECharts options, shared by the dashboard and the report. */
export * from './chart-types.js';
export { label, valueLabel, labelKeys, type LabelKey } from './labels.js';
export { tierDistributionChart, tierMovementChart } from './tier-charts.js';
export { slaComplianceChart, slaOutcomeChart } from './service-level-charts.js';
export { satisfactionTrendChart } from './satisfaction-charts.js';
export { complaintCauseChart, complaintRateChart } from './complaint-charts.js';
export { retentionChart, cohortChart } from './retention-charts.js';
export { targetProgressChart, type TargetRow } from './target-charts.js';
export { renderSvg, type ChartSize } from './render-svg.js';
