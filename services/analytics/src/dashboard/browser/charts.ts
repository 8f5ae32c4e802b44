/// <reference lib="dom" />
import { getJson, type AnswerPolicy, type Row, type Table } from './api.js';
import { language } from './i18n.js';
import { el, type Drill } from './render.js';

interface ChartInstance {
  setOption(option: unknown): void;
  on(event: 'click', handler: (params: { data?: unknown; name?: string }) => void): void;
}
declare const echarts: { init(element: HTMLElement, theme?: string | null, options?: { renderer: 'svg' | 'canvas'; width?: number }): ChartInstance } | undefined;

/** GET /v1/analytics/dashboard/charts/<name>: the option the chart specification built, and the figures it drew. */
export interface ChartAnswer {
  readonly name: string;
  readonly title: string;
  readonly option: Row;
  readonly source: string;
  readonly figures: Table & { readonly targets?: Row[] };
}

export function fetchChart(name: string, query: string, policy?: AnswerPolicy): Promise<ChartAnswer> {
  return getJson<ChartAnswer>(`/v1/analytics/dashboard/charts/${name}?${query}&locale=${language() === 'zh' ? 'zh-CN' : 'en'}`, policy);
}

/** ECharts' bundle, loaded by the shell beside the modules (async): the charts wait for it, the tables do not. */
function echartsLoaded(): Promise<boolean> {
  if (typeof echarts !== 'undefined') return Promise.resolve(true);
  const script = document.getElementById('echarts');
  if (script === null) return Promise.resolve(false);
  return new Promise((resolve) => {
    script.addEventListener('load', () => resolve(true), { once: true });
    script.addEventListener('error', () => resolve(false), { once: true });
  });
}

const drillOf = (data: unknown): string | null => (typeof data === 'object' && data !== null && typeof (data as { drill?: unknown }).drill === 'string' ? (data as { drill: string }).drill : null);

/** The chart drawn by echarts (SVG) once the slot is on the page; a click on a point follows its drill link. Keyboard users drill from the table beside it. */
export function chartView(answer: ChartAnswer, drill: Drill): HTMLElement {
  const slot = el('div', { class: 'chart', 'data-chart': answer.name, role: 'img', 'aria-label': answer.title });
  void echartsLoaded().then((loaded) => requestAnimationFrame(() => {
    if (!loaded || typeof echarts === 'undefined' || !slot.isConnected) return;
    const chart = echarts.init(slot, null, { renderer: 'svg', ...(slot.clientWidth === 0 ? { width: 480 } : {}) });
    chart.setOption(answer.option);
    chart.on('click', ({ data, name }) => {
      const link = drillOf(data);
      if (link !== null) drill(link, `${answer.title}: ${name ?? ''}`);
    });
    slot.dataset.rendered = 'true';
  }));
  return slot;
}
