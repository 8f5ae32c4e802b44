import { eventRegistry, type ContactEvent } from '@ctp/contracts';
import { deciderSpecification } from '@ctp/test-kit';
import { expect } from 'vitest';
import type { ContactCommand, TierInForce } from '../contact-commands.js';
import { ContactError, type ContactErrorCode } from '../contact-errors.js';
import { evolveContact, initialContactState, type ContactState } from '../contact-state.js';
import { decideContact } from '../decide-contact.js';

export const customerId = 'C-1';
export const shanghai = 'Asia/Shanghai';
export const tierDate = '2026-01-01T00:00:00.000Z';

export const keyAccount: TierInForce = { tier: 'key', tierPolicy: { policyId: 'standard', policyVersion: 1 }, entitlements: { callbacksPerYear: 4, onSiteVisitsPerYear: 2, dedicatedManager: true } };
export const standard: TierInForce = { tier: 'standard', tierPolicy: { policyId: 'standard', policyVersion: 1 }, entitlements: { callbacksPerYear: 1, onSiteVisitsPerYear: 0, dedicatedManager: false } };

export const followTier = (tier: TierInForce | null, at = tierDate): ContactCommand => ({ kind: 'follow_tier', customerId, tier, at, timeZone: shanghai });
export const fire = (step: 'due' | 'overdue' | 'team_lead', obligationId: string, now: string): ContactCommand => ({ kind: 'fire', step, obligationId, now });
export const outcome = (obligationId: string, outcome: 'reached' | 'not_reached' | 'declined' | 'visit_report', at: string, channel: 'phone' | 'email' | 'sms' | 'on_site' = 'phone', note: string | null = null): ContactCommand => ({ kind: 'record_outcome', obligationId, outcome, channel, note, at, by: 'key-agent-7' });

export const winBackEventId = '0b9f5a52-3c1e-4f0a-9a43-6a4f7e2d1c10';
export const winBack = (at: string, tier: string | null = 'key', eventId = winBackEventId, crossing = 1): ContactCommand => ({ kind: 'win_back', customerId, tier, winBack: { eventId, position: '4711', crossing }, at, timeZone: shanghai });

export function expectValidEvents(events: readonly ContactEvent[]): void {
  for (const { type, data } of events) eventRegistry.parseData(type, eventRegistry.latest(type).version, data);
}

const spec = deciderSpecification<ContactCommand, ContactState, ContactEvent>({ decide: decideContact, evolve: evolveContact, initialState: initialContactState, validate: expectValidEvents });

/** Given / when / then on a contact plan; thenThrows takes the rule code. */
export function givenContacts(...history: ContactEvent[]) {
  const given = spec.given(...history);
  return {
    state: given.state,
    when: (command: ContactCommand) => {
      const when = given.when(command);
      return {
        then: when.then,
        thenNothing: when.thenNothing,
        thenThrows: (code: ContactErrorCode) =>
          when.thenThrows((error) => {
            expect(error).toBeInstanceOf(ContactError);
            expect((error as ContactError).code).toBe(code);
          }),
      };
    },
  };
}

/** The events of commands played one after the other from an empty plan. */
export function play(...commands: ContactCommand[]): ContactEvent[] {
  const events: ContactEvent[] = [];
  for (const command of commands) events.push(...decideContact(command, events.reduce(evolveContact, initialContactState())));
  return events;
}
