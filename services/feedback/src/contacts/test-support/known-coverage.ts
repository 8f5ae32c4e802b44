import type { ContactEvent } from '@ctp/contracts';
import type { ContactCommand, TierInForce } from '../../domain/contacts/contact-commands.js';
import { evolveContact, initialContactState } from '../../domain/contacts/contact-state.js';
import { decideContact } from '../../domain/contacts/decide-contact.js';

const tz = 'Asia/Shanghai';
const tierDate = '2026-01-01T00:00:00.000Z';
export const key: TierInForce = { tier: 'key', tierPolicy: { policyId: 'standard', policyVersion: 1 }, entitlements: { callbacksPerYear: 4, onSiteVisitsPerYear: 2, dedicatedManager: true } };
export const standard: TierInForce = { tier: 'standard', tierPolicy: { policyId: 'standard', policyVersion: 1 }, entitlements: { callbacksPerYear: 1, onSiteVisitsPerYear: 0, dedicatedManager: false } };

function play(commands: readonly ContactCommand[]): ContactEvent[] {
  const events: ContactEvent[] = [];
  for (const command of commands) events.push(...decideContact(command, events.reduce(evolveContact, initialContactState())));
  return events;
}

const owner = (customerId: string, team: string, accountManager: string | null): ContactCommand => ({ kind: 'assign_owner', customerId, team, accountManager, at: tierDate, by: 'key-admin-1' });
const fire = (step: 'due' | 'overdue', obligationId: string, now: string): ContactCommand => ({ kind: 'fire', step, obligationId, now });
const outcome = (obligationId: string, kind: 'reached' | 'visit_report', at: string): ContactCommand =>
  kind === 'reached' ? { kind: 'record_outcome', obligationId, outcome: 'reached', channel: 'phone', note: null, at, by: 'key-agent-7' } : { kind: 'record_outcome', obligationId, outcome: 'visit_report', channel: 'on_site', note: 'Visited the plant', at, by: 'key-agent-7' };

/**
 * Three customers whose coverage is known:
 * K-A (key, north, am-li): callback 1 due 2026-04-02 missed; callback 2 reached before its due day (2026-07-02);
 *   visit 3 due 2026-07-02 reported late. Due 3, fulfilled 2 (1 late).
 * S-B (standard, south, no manager): its callback due 2027-01-01 reached before. Due 1, fulfilled 1.
 * S-C (standard, south, am-wu): its callback due 2027-01-01 missed, overdue. Due 1, fulfilled 0, overdue 1.
 */
export const knownCoverage: Record<string, ContactEvent[]> = {
  'K-A': play([
    { kind: 'follow_tier', customerId: 'K-A', tier: key, at: tierDate, timeZone: tz },
    owner('K-A', 'north', 'am-li'),
    fire('due', 'K-A:1', '2026-04-02T06:00:00.000Z'),
    outcome('K-A:2', 'reached', '2026-06-20T02:00:00.000Z'),
    fire('due', 'K-A:2', '2026-07-02T12:00:00.000Z'),
    fire('due', 'K-A:3', '2026-07-02T12:00:00.000Z'),
    outcome('K-A:3', 'visit_report', '2026-07-05T02:00:00.000Z'),
  ]),
  'S-B': play([{ kind: 'follow_tier', customerId: 'S-B', tier: standard, at: tierDate, timeZone: tz }, owner('S-B', 'south', null), outcome('S-B:1', 'reached', '2026-12-01T02:00:00.000Z'), fire('due', 'S-B:1', '2027-01-01T00:00:00.000Z')]),
  'S-C': play([{ kind: 'follow_tier', customerId: 'S-C', tier: standard, at: tierDate, timeZone: tz }, owner('S-C', 'south', 'am-wu'), fire('due', 'S-C:1', '2027-01-01T00:00:00.000Z'), fire('overdue', 'S-C:1', '2027-01-15T00:00:00.000Z')]),
};
