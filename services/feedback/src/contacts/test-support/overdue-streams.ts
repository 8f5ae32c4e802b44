import type { ContactEvent, RecordedEvent } from '@ctp/contracts';
import type { ContactCommand } from '../../domain/contacts/contact-commands.js';
import { evolveContact, initialContactState } from '../../domain/contacts/contact-state.js';
import { decideContact } from '../../domain/contacts/decide-contact.js';
import { key, standard } from './known-coverage.js';
import { recordedContacts } from './recorded-contacts.js';

const dayMs = 86_400_000;
const iso = (instant: number) => new Date(instant).toISOString();

/**
 * Customer `index`'s contact events: key accounts (two in three, 6 obligations in 2026) and standard ones (1), teams
 * t-0..t-2, account managers am-0..am-3 or none. Each obligation falls due, then by (index + n) % 5: reached late
 * before going overdue; overdue; overdue and escalated to the team lead; overdue, then reached (off the list); overdue.
 */
export function overdueStory(index: number): { customerId: string; events: ContactEvent[] } {
  const customerId = `O-${index}`;
  let state = initialContactState();
  const events: ContactEvent[] = [];
  const play = (command: ContactCommand) => {
    for (const event of decideContact(command, state)) {
      state = evolveContact(state, event);
      events.push(event);
    }
  };
  const start = '2026-01-01T00:00:00.000Z';
  play({ kind: 'follow_tier', customerId, tier: index % 3 === 2 ? standard : key, at: start, timeZone: 'Asia/Shanghai' });
  play({ kind: 'assign_owner', customerId, team: `t-${index % 3}`, accountManager: index % 5 === 4 ? null : `am-${index % 4}`, at: start, by: 'key-admin-1' });
  const planned = events.flatMap((event) => (event.type === 'ContactObligationsPlanned' ? event.data.obligations : []));
  planned.forEach(({ obligationId, kind, dueAt }, n) => {
    const due = Date.parse(dueAt);
    const reach = (at: number) =>
      play(kind === 'visit' ? { kind: 'record_outcome', obligationId, outcome: 'visit_report', channel: 'on_site', note: 'Visited the plant', at: iso(at), by: 'key-agent-7' } : { kind: 'record_outcome', obligationId, outcome: 'reached', channel: 'phone', note: null, at: iso(at), by: 'key-agent-7' });
    const variant = (index + n) % 5;
    play({ kind: 'fire', step: 'due', obligationId, now: dueAt });
    if (variant === 0) return reach(due + 2 * dayMs);
    play({ kind: 'fire', step: 'overdue', obligationId, now: iso(due + 14 * dayMs) });
    if (variant === 2) play({ kind: 'fire', step: 'team_lead', obligationId, now: iso(due + 21 * dayMs) });
    if (variant === 3) reach(due + 25 * dayMs);
  });
  return { customerId, events };
}

/** The stories of customers 1..count as one feed: every customer's first event, then every second one, and so on. */
export function overdueFeed(count: number): RecordedEvent[] {
  const streams = Array.from({ length: count }, (_, i) => overdueStory(i + 1)).map(({ customerId, events }) => recordedContacts(customerId, events));
  const longest = Math.max(...streams.map((stream) => stream.length));
  const feed = Array.from({ length: longest }, (_, revision) => streams.flatMap((stream) => (stream[revision] ? [stream[revision]] : []))).flat();
  return feed.map((event, index) => ({ ...event, globalPosition: String(index + 1) }));
}

/** The stories of customers 1..count as appends to a store, one stream each. */
export function storyAppends(count: number) {
  return Array.from({ length: count }, (_, i) => overdueStory(i + 1)).map(({ customerId, events }) => {
    const recorded = recordedContacts(customerId, events);
    return { streamId: recorded[0]!.streamId, expectedRevision: 'any' as const, events: recorded.map(({ revision: _revision, globalPosition: _position, recordedAt: _recordedAt, ...event }) => event) };
  });
}
