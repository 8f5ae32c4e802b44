/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

const english = {
  title: 'Customer experience', customerSearch: 'Customer', open: 'Open', logout: 'Log out', language: '中文',
  loginTitle: 'Analysts\u2019 dashboard', loginHelp: 'Paste your API key (analyst or admin). It is kept in this browser tab only.', apiKey: 'API key', login: 'Log in',
  refused401: 'The API key was refused: it is not known. Paste a valid key.', refused403: 'This key\u2019s role may not read the dashboard (analyst or admin only).',
  from: 'From month', to: 'To month', tier: 'Tier', channel: 'Channel', team: 'Team', any: 'any', apply: 'Apply',
  targets: 'Targets', tiers: 'Tiers', tierDistribution: 'Customers per tier at the end of the period', tierMovements: 'Tier movements',
  sla: 'SLA compliance', satisfaction: 'Satisfaction', complaints: 'Complaints', complaintCauses: 'Root causes', churn: 'Churn risk',
  loading: 'Loading\u2026', failed: 'Could not load', noRows: 'No rows', close: 'Close', back: 'Back', events: 'events', facts: 'Facts', eventsTitle: 'Events',
  onTrack: 'on track', offTrack: 'not on track', unknown: 'not measured yet', customer: 'Customer 360', notFound: 'No read model knows this customer',
  profile: 'Profile', tierSection: 'Tier', purchases: 'Purchases', cases: 'Cases', surveys: 'Surveys', complaintSection: 'Complaints', risk: 'Churn risk',
  personalFields: 'Personal fields are not shown here; intake serves the profile masked as your role requires:', notActive: 'not active',
  chartKeys: 'Tab to a figure and press Enter to see the facts behind it.', more: 'more', staleFigures: 'Figures counted {age} s ago; the newest events are being counted and will show here.',
  csat: 'CSAT', nps: 'NPS', ces: 'CES', responseRate: 'Response rate', complaintRate: 'Complaint rate', compliance: 'Compliance',
  metric: 'Metric', baseline: 'Baseline', targetValue: 'Target', current: 'Current', progress: 'Progress', status: 'Status', deadline: 'Deadline',
  month: 'Month', customers: 'Customers', share: 'Share', direction: 'Direction', movements: 'Movements', met: 'Met', breached: 'Breached', running: 'Running',
  decided: 'Decided', elapsedP50Hours: 'p50 (h)', elapsedP90Hours: 'p90 (h)', invited: 'Invited', answered: 'Answered', activeCustomers: 'Active customers',
  cause: 'Cause', customerId: 'Customer', score: 'Score', atRisk: 'At risk', position: 'Position', type: 'Type', streamId: 'Stream', occurredAt: 'Occurred at',
};

type Labels = typeof english;

const chinese: Labels = {
  title: '客户体验', customerSearch: '客户', open: '打开', logout: '退出', language: 'English',
  loginTitle: '分析师仪表板', loginHelp: '粘贴您的 API 密钥（分析师或管理员）。密钥只保存在当前浏览器标签页中。', apiKey: 'API 密钥', login: '登录',
  refused401: 'API 密钥被拒绝：密钥无效。请粘贴有效的密钥。', refused403: '此密钥的角色无权查看仪表板（仅限分析师或管理员）。',
  from: '起始月份', to: '结束月份', tier: '等级', channel: '渠道', team: '团队', any: '全部', apply: '应用',
  targets: '目标', tiers: '客户等级', tierDistribution: '期末各等级客户数', tierMovements: '等级变动',
  sla: 'SLA 达成率', satisfaction: '满意度', complaints: '投诉', complaintCauses: '根本原因', churn: '流失风险',
  loading: '加载中…', failed: '无法加载', noRows: '无数据', close: '关闭', back: '返回', events: '事件', facts: '明细', eventsTitle: '事件',
  onTrack: '按计划', offTrack: '落后于计划', unknown: '尚未测量', customer: '客户 360', notFound: '没有读模型认识此客户',
  profile: '概况', tierSection: '等级', purchases: '购买', cases: '工单', surveys: '调查', complaintSection: '投诉', risk: '流失风险',
  personalFields: '此处不显示个人信息；接入服务按您的角色脱敏提供客户资料：', notActive: '非活跃',
  chartKeys: '用 Tab 键选中一个数字，按 Enter 查看其背后的明细。', more: '更多', staleFigures: '数字统计于 {age} 秒前；最新事件正在统计，完成后将显示在此处。',
  csat: '满意度 (CSAT)', nps: '净推荐值 (NPS)', ces: '费力度 (CES)', responseRate: '回复率', complaintRate: '投诉率', compliance: '达成率',
  metric: '指标', baseline: '基线', targetValue: '目标值', current: '当前值', progress: '进度', status: '状态', deadline: '截止日期',
  month: '月份', customers: '客户数', share: '占比', direction: '方向', movements: '变动数', met: '达成', breached: '违约', running: '进行中',
  decided: '已判定', elapsedP50Hours: 'p50（小时）', elapsedP90Hours: 'p90（小时）', invited: '已邀请', answered: '已回复', activeCustomers: '活跃客户',
  cause: '原因', customerId: '客户', score: '评分', atRisk: '有风险', position: '位置', type: '类型', streamId: '事件流', occurredAt: '发生时间',
};

export type Label = keyof Labels;
export type Language = 'en' | 'zh';

const languageKey = 'ctp.dashboard.language';

/** The chosen language, or the browser's: Simplified Chinese for zh*, English otherwise. */
export function language(): Language {
  const chosen = localStorage.getItem(languageKey);
  if (chosen === 'en' || chosen === 'zh') return chosen;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function setLanguage(next: Language): void {
  localStorage.setItem(languageKey, next);
}

export function t(label: Label): string {
  return (language() === 'zh' ? chinese : english)[label];
}

/** A column's label when there is one, else its API name. */
export function columnLabel(column: string): string {
  return column in english ? t(column as Label) : column;
}

/** Fills every element marked data-i18n in the shell. */
export function translateShell(): void {
  document.documentElement.lang = language() === 'zh' ? 'zh-CN' : 'en';
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) element.textContent = t(element.dataset.i18n as Label);
  const toggle = document.getElementById('language');
  if (toggle) toggle.textContent = t('language');
}
