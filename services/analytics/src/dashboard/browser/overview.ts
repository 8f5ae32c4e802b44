/// <reference lib="dom" />
import { AccessRefused, type AnswerPolicy } from './api.js';
import { openDrill } from './drill.js';
import { filterBar, type DashboardContext, type Filters } from './filters.js';
import { t } from './i18n.js';
import { el } from './render.js';
import { overviewPanels, type Panel } from './panels.js';

/** The overview takes figures counted up to ten minutes ago at once, then shows the newer count when it is done. */
const maxStaleSeconds = 600;
const recountPollMs = 2000;
const recountPolls = 60;

/** Fills a panel; while any of its answers was an older count, asks again until the newer one is there. */
async function showPanel(panel: Panel, body: HTMLElement, filters: Filters, current: () => boolean): Promise<void> {
  let staleAge: number | undefined;
  const policy: AnswerPolicy = { maxStaleSeconds, stale: (age) => (staleAge = Math.max(staleAge ?? 0, age)) };
  const fill = async () => {
    staleAge = undefined;
    const shown = await panel.render(filters, openDrill, policy);
    const note = staleAge === undefined ? [] : [el('p', { class: 'note stale-note', role: 'status' }, t('staleFigures').replace('{age}', String(staleAge)))];
    body.replaceChildren(...note, ...shown);
    body.dataset.answer = staleAge === undefined ? 'fresh' : 'stale';
  };
  await fill();
  void (async () => {
    for (let poll = 0; poll < recountPolls && body.dataset.answer === 'stale' && current(); poll++) {
      await new Promise((resolve) => setTimeout(resolve, recountPollMs));
      if (current()) await fill().catch(() => undefined);
    }
  })();
}

/**
 * The overview: the filter bar and every panel, loaded together; `data-state` says when all are shown, and
 * `data-fresh` when every panel shows the count of every event the read side has (not an older count).
 */
export function overviewView(context: DashboardContext, filters: Filters, refused: (error: AccessRefused) => void): HTMLElement {
  const grid = el('div', { class: 'grid' });
  const view = el('div', { id: 'overview', 'data-state': 'loading' }, el('p', { class: 'note' }, t('chartKeys')), grid);
  let generation = 0;
  const load = (current: Filters) => {
    const loading = ++generation;
    const isCurrent = () => loading === generation;
    view.dataset.state = 'loading';
    view.dataset.fresh = 'false';
    view.dataset.filters = JSON.stringify(current);
    const started = performance.now();
    grid.replaceChildren();
    const bodies: HTMLElement[] = [];
    const loads = overviewPanels.map(async (panel) => {
      const body = el('div', { class: 'panel-body' }, t('loading'));
      bodies.push(body);
      grid.append(el('section', { class: panel.wide ? 'panel wide' : 'panel', id: `panel-${panel.id}`, 'aria-labelledby': `title-${panel.id}` }, el('h2', { id: `title-${panel.id}` }, t(panel.title)), body));
      try {
        await showPanel(panel, body, current, isCurrent);
      } catch (error) {
        if (error instanceof AccessRefused) throw error;
        body.replaceChildren(el('p', { role: 'alert' }, `${t('failed')}: ${(error as Error).message}`));
      }
    });
    const freshness = new MutationObserver(() => {
      if (!isCurrent() || bodies.some((body) => body.dataset.answer === 'stale')) return;
      view.dataset.fresh = 'true';
      freshness.disconnect();
    });
    Promise.all(loads).then(
      () => {
        view.dataset.loadMs = String(Math.round(performance.now() - started));
        view.dataset.state = 'ready';
        if (bodies.every((body) => body.dataset.answer !== 'stale')) view.dataset.fresh = 'true';
        else for (const body of bodies) freshness.observe(body, { attributes: true, attributeFilter: ['data-answer'] });
      },
      (error: unknown) => (error instanceof AccessRefused ? refused(error) : undefined),
    );
  };
  view.prepend(filterBar(filters, context, load));
  load(filters);
  return view;
}
