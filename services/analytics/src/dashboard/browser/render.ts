/// <reference lib="dom" />
import { getCsv, type Row } from './api.js';
import { columnLabel, t } from './i18n.js';

type Child = Node | string | null | undefined;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined) element.append(child);
  return element;
}

/** Numbers at most 4 decimals, ratios as they come (the API rounds), null as a dash. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return '\u2013';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 10_000) / 10_000);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export const percent = (value: unknown): string => (typeof value === 'number' ? `${Math.round(value * 1_000) / 10}%` : formatValue(value));

export type Drill = (link: string, title: string) => void;

/** An API link a value carries: a drill string, or the first of a list of events links. */
export function linkOf(value: unknown): string | null {
  if (typeof value === 'string' && value.startsWith('/v1/')) return value;
  if (Array.isArray(value) && typeof value[0] === 'string' && value[0].startsWith('/v1/')) return value[0];
  return null;
}

/** A focusable button that follows `link` (Enter or a click); the figure's value is its text. */
export function drillButton(text: string, link: string, title: string, drill: Drill): HTMLButtonElement {
  const button = el('button', { type: 'button', class: 'figure-link', 'data-drill': link, title: link }, text);
  button.addEventListener('click', () => drill(link, title));
  return button;
}

/** The link a cell drills to: the row's `drill<Column>` if any, else its `drill`. */
function cellLink(row: Row, column: string): string | null {
  return linkOf(row[`drill${column[0]!.toUpperCase()}${column.slice(1)}`]) ?? linkOf(row.drill);
}

export interface TableOptions {
  /** Columns shown as figures: a button to the facts behind them. */
  readonly figures?: readonly string[];
  readonly format?: Readonly<Record<string, (value: unknown, row: Row) => string>>;
  /** A cell rendered by the caller (e.g. a link to a page). */
  readonly cell?: (column: string, row: Row) => Node | null;
}

/** A table of rows; each figure cell a drill button, any `events` cell a button to the events. */
export function rowsTable(rows: readonly Row[], columns: readonly string[], drill: Drill, options: TableOptions = {}): HTMLElement {
  const head = el('tr', {}, ...columns.map((column) => el('th', { scope: 'col' }, columnLabel(column))));
  const body = rows.map((row) => el('tr', {}, ...columns.map((column) => {
    const value = row[column];
    const text = options.format?.[column]?.(value, row) ?? formatValue(value);
    const custom = options.cell?.(column, row) ?? null;
    const link = options.figures?.includes(column) ? cellLink(row, column) : column === 'events' || column === 'drill' ? linkOf(value) : null;
    const content = custom ?? (link === null ? text : drillButton(column === 'events' || column === 'drill' ? columnLabel(column) : text, link, `${column}: ${text}`, drill));
    return el('td', { class: typeof value === 'number' ? 'number' : '' }, content);
  })));
  return el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, head), el('tbody', {}, ...body)));
}

/** A headline number that drills to the facts behind it. */
export function kpi(label: string, value: string, link: string | null, drill: Drill): HTMLElement {
  const content = [el('span', { class: 'value' }, value), el('span', { class: 'label' }, label)];
  if (link === null) return el('div', { class: 'kpi' }, ...content);
  const button = el('button', { type: 'button', class: 'kpi', 'data-drill': link, title: link }, ...content);
  button.addEventListener('click', () => drill(link, `${label}: ${value}`));
  return button;
}

/** A button that downloads the table of `path` as CSV (the route's format=csv, with the session's key). */
export function csvButton(path: string, name: string): HTMLButtonElement {
  const button = el('button', { type: 'button', class: 'csv', 'data-csv': path }, 'CSV');
  button.addEventListener('click', async () => {
    try {
      const link = el('a', { href: URL.createObjectURL(await getCsv(path)), download: `${name}.csv` });
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      button.replaceWith(el('span', { role: 'alert' }, `${t('failed')}: ${(error as Error).message}`));
    }
  });
  return button;
}
