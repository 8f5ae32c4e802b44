export { monthlyReports, isPastMonth, type MonthlyReports, type MonthlyReportDeps } from './monthly-reports.js';
export { reportFigures, type ReportFigures, type ReportReadModels } from './report-figures.js';
export { renderReportHtml, escapeHtml } from './report-html.js';
export { openReportStore, ReportStore, type KeptReport, type ReportSummary } from './report-store.js';
export { reportRoutes, reportsPath } from './report-routes.js';
export { ensureReportTimer, reportTimerHandler, reportTimerTable, type ReportSchedule } from './report-timer.js';
export { improvementProjection } from './improvement-projection.js';
