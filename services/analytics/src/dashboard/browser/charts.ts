/// <reference lib="dom" />
import { getJson } from './api.js';
import { t } from './i18n.js';
import { el, type Drill } from './render.js';

interface ChartInstance {
  setOption(option: unknown): void;
  on(event: 'click', handler: (params: { data?: unknown; name?: string }) => void): void;
  resize(): void;
}
declare const echarts: { init(element: HTMLElement, theme?: string | null, options?: { renderer: 'svg' | 'canvas' }): ChartInstance } | undefined;

/** A chart answer: the echarts option built by the service's chart specification, and a drill link per point. */
interface ChartAnswer {
  readonly title: string;
  readonly option: unknown;
}

const drillOf = (data: unknown): string | null => (typeof data === 'object' && data !== null && typeof (data as { drill?: unknown }).drill === 'string' ? (data as { drill: string }).drill : null);

/** A chart of `name` from GET /v1/analytics/dashboard/charts/<name>; a click on a point drills to its facts. Keyboard users drill from the table beside it. */
export function chartSlot(name: string, query: string, drill: Drill): HTMLElement {
  const slot = el('div', { class: 'chart', 'data-chart': name, role: 'img', 'aria-label': name });
  void (async () => {
    if (typeof echarts === 'undefined') return;
    try {
      const answer = await getJson<ChartAnswer>(`/v1/analytics/dashboard/charts/${name}?${query}&language=${document.documentElement.lang.startsWith('zh') ? 'zh' : 'en'}`);
      slot.setAttribute('aria-label', answer.title);
      const chart = echarts.init(slot, null, { renderer: 'svg' });
      chart.setOption(answer.option);
      chart.on('click', ({ data, name: point }) => {
        const link = drillOf(data);
        if (link !== null) drill(link, `${answer.title}: ${point ?? ''}`);
      });
      slot.dataset.rendered = 'true';
    } catch (error) {
      slot.replaceChildren(el('p', { class: 'note' }, `${t('failed')}: ${(error as Error).message}`));
    }
  })();
  return slot;
}
