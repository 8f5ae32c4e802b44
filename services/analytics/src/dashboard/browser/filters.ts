/// <reference lib="dom" />
import { t, type Label } from './i18n.js';
import { el } from './render.js';

/** What the overview is filtered by: a period of months and the dimensions the figure routes take. */
export interface Filters {
  readonly from: string;
  readonly to: string;
  readonly tier: string;
  readonly channel: string;
  readonly team: string;
}

/** The defaults the service answers: its clock's month, the period before it, the channels. */
export interface DashboardContext {
  readonly month: string;
  readonly from: string;
  readonly to: string;
  readonly channels: readonly string[];
}

const names = ['from', 'to', 'tier', 'channel', 'team'] as const;

export function filtersFromUrl(context: DashboardContext): Filters {
  const search = new URLSearchParams(location.search);
  const value = (name: (typeof names)[number]) => search.get(name) ?? '';
  return { from: value('from') || context.from, to: value('to') || context.to, tier: value('tier'), channel: value('channel'), team: value('team') };
}

/** The query of a figure route: the period, and of the filters only those the route accepts (set ones). */
export function queryOf(filters: Filters, accepted: readonly ('tier' | 'channel' | 'team')[], more: Record<string, string> = {}): string {
  const search = new URLSearchParams({ from: filters.from, to: filters.to });
  for (const name of accepted) if (filters[name] !== '') search.set(name, filters[name]);
  for (const [name, value] of Object.entries(more)) search.set(name, value);
  return search.toString();
}

/** The filter bar; applying it puts the filters in the address (a link to the same view) and calls `apply`. */
export function filterBar(filters: Filters, context: DashboardContext, apply: (next: Filters) => void): HTMLElement {
  const field = (name: (typeof names)[number], input: HTMLElement) => el('label', {}, t(name as Label), input);
  const month = (name: 'from' | 'to') => el('input', { name, type: 'month', value: filters[name], required: '', max: context.month });
  const channel = el('select', { name: 'channel' }, el('option', { value: '' }, t('any')), ...context.channels.map((value) => el('option', value === filters.channel ? { value, selected: '' } : { value }, value)));
  const text = (name: 'tier' | 'team') => el('input', { name, value: filters[name], placeholder: t('any'), size: '10', maxlength: '100' });
  const form = el('form', { class: 'filters', id: 'filters' }, field('from', month('from')), field('to', month('to')), field('tier', text('tier')), field('channel', channel), field('team', text('team')), el('button', { type: 'submit' }, t('apply')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = Object.fromEntries(names.map((name) => [name, String(data.get(name) ?? '').trim()])) as unknown as Filters;
    const search = new URLSearchParams(Object.entries(next).filter(([, value]) => value !== ''));
    history.pushState(null, '', `/dashboard?${search.toString()}`);
    apply(next);
  });
  return form;
}
