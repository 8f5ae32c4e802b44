/// <reference lib="dom" />
import { AccessRefused } from './api.js';
import { openDrill } from './drill.js';
import { filterBar, type DashboardContext, type Filters } from './filters.js';
import { t } from './i18n.js';
import { el } from './render.js';
import { overviewPanels } from './panels.js';

/** The overview: the filter bar and every panel, loaded together; `data-state` says when all are shown. */
export function overviewView(context: DashboardContext, filters: Filters, refused: (error: AccessRefused) => void): HTMLElement {
  const grid = el('div', { class: 'grid' });
  const view = el('div', { id: 'overview', 'data-state': 'loading' }, el('p', { class: 'note' }, t('chartKeys')), grid);
  const load = (current: Filters) => {
    view.dataset.state = 'loading';
    view.dataset.filters = JSON.stringify(current);
    const started = performance.now();
    grid.replaceChildren();
    const loads = overviewPanels.map(async (panel) => {
      const body = el('div', { class: 'panel-body' }, t('loading'));
      grid.append(el('section', { class: panel.wide ? 'panel wide' : 'panel', id: `panel-${panel.id}`, 'aria-labelledby': `title-${panel.id}` }, el('h2', { id: `title-${panel.id}` }, t(panel.title)), body));
      try {
        body.replaceChildren(...(await panel.render(current, openDrill)));
      } catch (error) {
        if (error instanceof AccessRefused) throw error;
        body.replaceChildren(el('p', { role: 'alert' }, `${t('failed')}: ${(error as Error).message}`));
      }
    });
    Promise.all(loads).then(
      () => {
        view.dataset.loadMs = String(Math.round(performance.now() - started));
        view.dataset.state = 'ready';
      },
      (error: unknown) => (error instanceof AccessRefused ? refused(error) : undefined),
    );
  };
  view.prepend(filterBar(filters, context, load));
  load(filters);
  return view;
}
