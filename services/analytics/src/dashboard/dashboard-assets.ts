import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dashboardStyles } from './dashboard-styles.js';

/** The browser modules compiled next to this file (dist/dashboard/browser/*.js); only these names are served. */
export const browserModules = ['main', 'api', 'i18n', 'render', 'drill', 'filters', 'overview', 'panels', 'customer', 'charts', 'login'] as const;

export interface Asset {
  readonly type: string;
  readonly body: string | Buffer;
  /** Cache-Control: the page's own modules are revalidated (they change with the service); the echarts bundle is kept a day. */
  readonly cache?: string;
}

const echartsBundle = createRequire(import.meta.url).resolve('echarts/dist/echarts.min');

/** The asset `name` under /dashboard/assets/, or null when there is none of that name. */
export async function dashboardAsset(name: string): Promise<Asset | null> {
  if (name === 'dashboard.css') return { type: 'text/css; charset=utf-8', body: dashboardStyles };
  if (name === 'echarts.min.js') return { type: 'text/javascript; charset=utf-8', body: await readFile(echartsBundle), cache: 'public, max-age=86400' };
  const module = /^([a-z0-9-]+)\.js$/.exec(name)?.[1];
  if (module === undefined || !(browserModules as readonly string[]).includes(module)) return null;
  try {
    return { type: 'text/javascript; charset=utf-8', body: await readFile(new URL(`./browser/${module}.js`, import.meta.url)) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
