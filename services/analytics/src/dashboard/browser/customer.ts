/// <reference lib="dom" />
import { AccessRefused, getJson, type Row } from './api.js';
import { openDrill } from './drill.js';
import { t, type Label } from './i18n.js';
import { drillButton, el, formatValue, linkOf, rowsTable } from './render.js';

interface Section extends Row {
  readonly items?: Row[];
  readonly history?: Row[];
  readonly events?: unknown;
  readonly drill?: unknown;
}

interface Customer360 {
  readonly customerId: string;
  readonly meta: Row;
  readonly profile: Section;
  readonly profileLink: string;
  readonly tier: Section;
  readonly purchases: Section;
  readonly cases: Section;
  readonly surveys: Section;
  readonly complaints: Section;
  readonly risk: (Row & { factors?: Row[]; drill?: Row }) | null;
  readonly riskReason: string | null;
}

/** A section: its scalar fields, a button to its events or facts, and its items as a table. */
function section(title: Label, data: Section, itemsOf: 'items' | 'history' | null = 'items'): HTMLElement {
  const facts = el('dl', { class: 'facts' });
  for (const [name, value] of Object.entries(data)) {
    if (name === 'items' || name === 'history' || name === 'events' || name === 'drill' || (typeof value === 'object' && value !== null && !Array.isArray(value))) continue;
    facts.append(el('dt', {}, name), el('dd', {}, formatValue(value)));
  }
  const links = [['events', linkOf(data.events)], ['drill', linkOf(data.drill)]].flatMap(([name, link]) => (link ? [drillButton(t(name === 'events' ? 'events' : 'facts'), link, `${t(title)}: ${name}`, openDrill), ' '] : []));
  const items = itemsOf === null ? [] : (data[itemsOf] ?? []);
  const columns = [...new Set(items.flatMap((item) => Object.keys(item)))].filter((column) => column !== 'trace');
  return el('section', { class: 'panel', id: `section-${title}` }, el('h2', {}, t(title)), facts, el('p', {}, ...links), items.length === 0 ? null : rowsTable(items, ['events', ...columns.filter((column) => column !== 'events')], openDrill));
}

/** The customer 360 page: what analytics keeps of one customer (no personal field), each section down to its events. */
export function customerView(customerId: string, refused: (error: AccessRefused) => void): HTMLElement {
  const view = el('div', { id: 'customer', 'data-state': 'loading' }, el('h1', {}, `${t('customer')}: ${customerId}`), el('p', {}, t('loading')));
  void (async () => {
    try {
      const answer = await getJson<Customer360>(`/v1/analytics/customers/${encodeURIComponent(customerId)}`);
      const risk: Section = answer.risk === null ? { status: answer.riskReason ?? t('notActive') } : { score: answer.risk.score, atRisk: answer.risk.atRisk, tier: answer.risk.tier, items: answer.risk.factors ?? [], drill: answer.risk.drill?.risk };
      view.replaceChildren(
        el('h1', {}, `${t('customer')}: ${answer.customerId}`),
        el('p', { class: 'note' }, `${t('personalFields')} ${answer.profileLink} · asOf ${formatValue(answer.meta.asOf)}`),
        el('div', { class: 'sections' },
          section('profile', answer.profile, null), section('risk', risk), section('tierSection', answer.tier, 'history'), section('purchases', answer.purchases, null),
          section('cases', answer.cases), section('surveys', answer.surveys), section('complaintSection', answer.complaints)),
      );
      view.dataset.state = 'ready';
    } catch (error) {
      if (error instanceof AccessRefused) return refused(error);
      view.replaceChildren(el('h1', {}, `${t('customer')}: ${customerId}`), el('p', { role: 'alert' }, /^404/.test((error as Error).message) ? t('notFound') : `${t('failed')}: ${(error as Error).message}`));
      view.dataset.state = 'failed';
    }
  })();
  return view;
}
