/** The dashboard's one stylesheet, served as /dashboard/assets/dashboard.css. */
export const dashboardStyles = `
:root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --accent: #1d4ed8; --good: #15803d; --bad: #b91c1c; --panel: #fff; --page: #f3f5f8; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: var(--page); }
.bar { display: flex; gap: 12px; align-items: center; padding: 8px 16px; background: #102a43; color: #fff; }
.bar a.brand { color: #fff; font-weight: 600; text-decoration: none; font-size: 16px; }
.bar .spacer { flex: 1; }
.bar button, .bar input { font: inherit; }
.search label { color: #d9e2ec; }
main { padding: 16px; }
#message { margin: 12px 16px 0; padding: 10px 12px; border-radius: 6px; background: #fde8e8; color: var(--bad); border: 1px solid #f8b4b4; }
.login { max-width: 460px; margin: 48px auto; background: var(--panel); padding: 24px; border-radius: 8px; border: 1px solid var(--line); }
.login input { width: 100%; font: inherit; padding: 6px; margin: 8px 0 12px; }
.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: end; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; margin-bottom: 16px; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
.filters input, .filters select { font: inherit; padding: 3px 4px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 16px; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px; min-width: 0; }
.panel h2 { font-size: 15px; margin: 0 0 8px; }
.panel .note { color: var(--muted); font-size: 12px; margin: 4px 0; }
.panel.wide { grid-column: 1 / -1; }
.kpis { display: flex; flex-wrap: wrap; gap: 8px; margin-bottom: 8px; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; background: #f8fafc; text-align: left; font: inherit; color: inherit; cursor: pointer; min-width: 110px; }
.kpi .value { display: block; font-size: 20px; font-weight: 600; }
.kpi .label { display: block; font-size: 12px; color: var(--muted); }
.chart { width: 100%; height: 240px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { color: var(--muted); font-weight: 500; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
button.csv { display: block; margin: 4px 0 4px auto; font-size: 12px; }
button.figure-link { font: inherit; color: var(--accent); background: none; border: none; padding: 0; cursor: pointer; text-decoration: underline dotted; }
button:focus-visible, .kpi:focus-visible, .chart:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.on-track { color: var(--good); font-weight: 600; }
.off-track { color: var(--bad); font-weight: 600; }
#drill { position: fixed; right: 0; top: 0; bottom: 0; width: min(720px, 100%); background: var(--panel); border-left: 2px solid var(--line); box-shadow: -4px 0 16px rgba(0,0,0,.12); padding: 12px 16px; overflow: auto; }
#drill header { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
#drill h2 { font-size: 15px; margin: 0; word-break: break-all; }
#drill pre { white-space: pre-wrap; word-break: break-all; background: #f8fafc; padding: 6px; border-radius: 4px; font-size: 12px; }
.sections { display: grid; grid-template-columns: repeat(auto-fit, minmax(360px, 1fr)); gap: 16px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
dl.facts dt { color: var(--muted); }
`;
