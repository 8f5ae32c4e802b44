import { eventRegistry, type ComplaintEvent, type DomainEvent } from '@ctp/contracts';
import { deciderSpecification } from '@ctp/test-kit';
import { expect } from 'vitest';
import { evolveComplaint, initialComplaintState, type ComplaintState } from '../complaint-state.js';
import { Refusal, type RefusalCode } from '../refusal.js';
import { defaultRootCauses } from '../root-causes.js';

/** Every event a decider produces must be one the contract accepts. */
export function expectValidEvents(events: readonly DomainEvent[]): void {
  for (const { type, data } of events) eventRegistry.parseData(type, eventRegistry.latest(type).version, data);
}

export const expectRefusal = (code: RefusalCode) => (error: unknown) => {
  expect(error).toBeInstanceOf(Refusal);
  expect((error as Refusal).code).toBe(code);
};

export const taxonomy = { taxonomyId: 'default', version: 1, causes: [...defaultRootCauses] };
export const caseId = 'K-2001';
export const customerId = 'C-1001';

export const recorded = (overrides: Partial<Extract<ComplaintEvent, { type: 'ComplaintRecorded' }>['data']> = {}): ComplaintEvent => ({
  type: 'ComplaintRecorded',
  data: { caseId, customerId, channel: 'phone', tier: 'standard', openedAt: '2026-03-04T14:00:00+08:00', ...overrides },
});

/** A complaint decider's given / when / then, each decided event checked against the contract. */
export function complaintSpec<C>(decide: (command: C, state: ComplaintState) => readonly ComplaintEvent[]) {
  return deciderSpecification<C, ComplaintState, ComplaintEvent>({ decide, evolve: evolveComplaint, initialState: initialComplaintState, validate: expectValidEvents });
}
