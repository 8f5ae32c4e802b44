/// <reference lib="dom" />
import { getJson, type Row, type Table } from './api.js';
import { t } from './i18n.js';
import { csvButton, el, formatValue, rowsTable } from './render.js';

interface StoredEvent {
  readonly globalPosition: string;
  readonly type: string;
  readonly streamId: string;
  readonly occurredAt?: string;
  readonly recordedAt?: string;
  readonly data?: unknown;
}

const eventsPath = '/v1/analytics/events';
const trail: { link: string; title: string }[] = [];

function panel(): HTMLElement {
  return document.getElementById('drill')!;
}

/** Closes the drill-down and gives the focus back to the page. */
export function closeDrill(): void {
  trail.length = 0;
  panel().hidden = true;
  panel().replaceChildren();
}

/** Follows a figure's link: the facts behind it (each with its events), or the events themselves. */
export function openDrill(link: string, title: string): void {
  trail.push({ link, title });
  void show(link, title);
}

async function show(link: string, title: string): Promise<void> {
  const target = panel();
  const close = el('button', { type: 'button', id: 'drill-close' }, t('close'));
  close.addEventListener('click', closeDrill);
  const back = el('button', { type: 'button' }, t('back'));
  back.addEventListener('click', () => {
    trail.pop();
    const previous = trail.at(-1);
    if (previous === undefined) closeDrill();
    else void show(previous.link, previous.title);
  });
  const body = el('div', { class: 'drill-body' }, t('loading'));
  target.replaceChildren(el('header', {}, el('h2', {}, title), el('span', {}, back, ' ', close)), el('p', { class: 'note' }, link), body);
  target.hidden = false;
  close.focus();
  try {
    body.replaceChildren(link.startsWith(`${eventsPath}?`) ? eventsView(await getJson<{ events: StoredEvent[]; missing: string[] }>(link)) : factsView(await getJson<Table>(link), link));
    body.querySelector<HTMLElement>('button.figure-link')?.focus();
  } catch (error) {
    body.replaceChildren(el('p', { role: 'alert' }, `${t('failed')}: ${(error as Error).message}`));
  }
}

function factsView(table: Table, link: string): HTMLElement {
  if (table.rows.length === 0) return el('p', {}, t('noRows'));
  const columns = table.columns.filter((column) => column !== 'trace');
  const links = ['events', 'drill'].filter((column) => !columns.includes(column) && table.rows.some((row) => row[column] !== undefined));
  return el('div', { class: 'facts' }, el('h3', {}, `${t('facts')} (${table.rows.length})`), csvButton(link, 'facts'), rowsTable(table.rows, [...links, ...columns], openDrill));
}

function eventsView({ events, missing }: { events: StoredEvent[]; missing: string[] }): HTMLElement {
  const rows: Row[] = events.map((event) => ({ position: event.globalPosition, type: event.type, streamId: event.streamId, occurredAt: event.occurredAt ?? event.recordedAt }));
  const list = el('div', { class: 'events' }, el('h3', {}, `${t('eventsTitle')} (${events.length})`), rowsTable(rows, ['position', 'type', 'streamId', 'occurredAt'], openDrill));
  for (const event of events) list.append(el('details', {}, el('summary', {}, `#${event.globalPosition} ${event.type}`), el('pre', {}, JSON.stringify(event.data ?? null, null, 2))));
  if (missing.length > 0) list.append(el('p', { class: 'note' }, `missing: ${missing.map(formatValue).join(', ')}`));
  return list;
}

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && !panel().hidden) closeDrill();
});
