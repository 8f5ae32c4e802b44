import { describe, expect, it } from 'vitest';
import { dashboardAsset } from './dashboard-assets.js';
import { dashboardShell } from './dashboard-shell.js';

describe('the dashboard assets: only the page\'s own files, by name', () => {
  it('serves the stylesheet and ECharts\' browser bundle from node_modules', async () => {
    expect((await dashboardAsset('dashboard.css'))?.type).toBe('text/css; charset=utf-8');
    const echarts = await dashboardAsset('echarts.min.js');
    expect(echarts?.type).toBe('text/javascript; charset=utf-8');
    expect(echarts?.body.toString().slice(0, 2_000)).toContain('echarts');
  });

  it('refuses any other name: paths, other files, modules it does not list', async () => {
    for (const name of ['../main.js', '..%2Fmain.js', 'dashboard-routes.js', 'main.js.map', 'main.ts', 'echarts.js', '.env', '']) expect(await dashboardAsset(name)).toBeNull();
  });

  it('the shell holds no data and loads only this service\'s assets', () => {
    const sources = [...dashboardShell.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, source]) => source);
    expect(sources.filter((source) => source !== 'data:,' && source !== '/dashboard').every((source) => source!.startsWith('/dashboard/assets/'))).toBe(true);
    expect(dashboardShell).not.toMatch(/\/v1\//);
  });
});
