import type { Locale } from './chart-types.js';

const table = {
  tierDistribution: { 'zh-CN': '会员等级分布', en: 'Customers per tier' },
  tierMovements: { 'zh-CN': '等级变动', en: 'Tier movements' },
  slaCompliance: { 'zh-CN': 'SLA 达成率', en: 'SLA compliance' },
  satisfactionTrend: { 'zh-CN': '满意度趋势', en: 'Satisfaction trend' },
  complaintCauses: { 'zh-CN': '投诉根因构成', en: 'Complaint root causes' },
  complaintRate: { 'zh-CN': '投诉率', en: 'Complaint rate' },
  retention: { 'zh-CN': '留存率与流失率', en: 'Retention and churn' },
  cohorts: { 'zh-CN': '按首购月份的复购', en: 'Purchases by first-purchase cohort' },
  targets: { 'zh-CN': '目标进度', en: 'Target progress' },
  customers: { 'zh-CN': '客户数', en: 'Customers' },
  movements: { 'zh-CN': '变动次数', en: 'Movements' },
  compliancePercent: { 'zh-CN': '达成率 (%)', en: 'Compliance (%)' },
  met: { 'zh-CN': '达成', en: 'Met' },
  breached: { 'zh-CN': '违约', en: 'Breached' },
  csat: { 'zh-CN': 'CSAT 满意率 (%)', en: 'CSAT (%)' },
  nps: { 'zh-CN': 'NPS', en: 'NPS' },
  responseRate: { 'zh-CN': '回复率 (%)', en: 'Response rate (%)' },
  complaints: { 'zh-CN': '投诉数', en: 'Complaints' },
  complaintRatePercent: { 'zh-CN': '投诉率 (%)', en: 'Complaint rate (%)' },
  retentionPercent: { 'zh-CN': '留存率 (%)', en: 'Retention (%)' },
  churnPercent: { 'zh-CN': '流失率 (%)', en: 'Churn (%)' },
  sharePercent: { 'zh-CN': '占比 (%)', en: 'Share (%)' },
  monthsAfter: { 'zh-CN': '首购后第几月', en: 'Months after the first purchase' },
  cohort: { 'zh-CN': '首购月份', en: 'Cohort' },
  progressPercent: { 'zh-CN': '进度 (%)', en: 'Progress (%)' },
  elapsedPercent: { 'zh-CN': '时间进度 (%)', en: 'Time elapsed (%)' },
  month: { 'zh-CN': '月份', en: 'Month' },
  none: { 'zh-CN': '无', en: 'none' },
  upgrade: { 'zh-CN': '升级', en: 'Upgrade' },
  downgrade: { 'zh-CN': '降级', en: 'Downgrade' },
  assignment: { 'zh-CN': '首次定级', en: 'Assignment' },
  override: { 'zh-CN': '人工调整', en: 'Override' },
  expiry: { 'zh-CN': '到期', en: 'Expiry' },
  withdrawal: { 'zh-CN': '撤销', en: 'Withdrawal' },
} as const satisfies Record<string, Record<Locale, string>>;

export type LabelKey = keyof typeof table;

/** The label in the locale. */
export function label(key: LabelKey, locale: Locale): string {
  return table[key][locale];
}

/** A dimension value's label when the table has one (directions, none), else the value itself. */
export function valueLabel(value: string, locale: Locale): string {
  return value in table ? table[value as LabelKey][locale] : value;
}

export const labelKeys = Object.keys(table) as LabelKey[];
