import { parseExchangeRates, type ComplaintEvent } from '@ctp/contracts';
import { describe, it } from 'vitest';
import { complaintSpec, expectRefusal, recorded } from '../complaints/test-support/complaint-spec.js';
import { decideRemedy, type RemedyCommand, type RemedyOrder } from './decide-remedy.js';

const spec = complaintSpec(decideRemedy);
const rates = parseExchangeRates('CNY', 'USD=7.1');
const at = '2026-03-05T10:00:00+08:00';
const order: RemedyOrder = { orderId: 'O-77', amount: '1000.00', currency: 'CNY' };
const request = (amount: string, overrides: Partial<Extract<RemedyCommand, { kind: 'request' }>> = {}): RemedyCommand => ({
  kind: 'request', remedyId: 'R-1', remedy: 'voucher', amount, currency: 'CNY', order, orderId: 'O-77', bandPercent: 10, rates, at, by: 'agent-7', ...overrides,
});

describe('requesting a remedy', () => {
  it('given a complaint, when the remedy is within the band (100.00 of 1000.00 at 10 %), then the agent settles it at once', () => {
    spec
      .given(recorded())
      .when(request('100.00'))
      .then(
        { type: 'RemedyRequested', data: { remedyId: 'R-1', amountReporting: '100.00', limitReporting: '100.00', needsApproval: false } },
        { type: 'RemedySettled', data: { remedyId: 'R-1', kind: 'voucher', amount: '100.00', by: 'agent-7' } },
      );
  });

  it('given a complaint, when the remedy is above the band by a cent, then it waits for approval', () => {
    spec.given(recorded()).when(request('100.01')).then({ type: 'RemedyRequested', data: { needsApproval: true, amountReporting: '100.01', limitReporting: '100.00' } });
  });

  it('given a remedy in another currency, then it is compared in the reporting currency (15 USD = 106.50 CNY > 100.00)', () => {
    spec.given(recorded()).when(request('15.00', { currency: 'USD' })).then({ type: 'RemedyRequested', data: { amount: '15.00', currency: 'USD', reportingCurrency: 'CNY', amountReporting: '106.50', needsApproval: true } });
  });

  it('given a band of 20 %, then 150.00 of 1000.00 is settled by the agent', () => {
    spec.given(recorded()).when(request('150.00', { bandPercent: 20 })).then({ type: 'RemedyRequested', data: { needsApproval: false } }, { type: 'RemedySettled' });
  });

  it('refuses an unknown order, a currency without a rate, a remedy id used before, and a complaint never recorded', () => {
    spec.given(recorded()).when(request('10.00', { order: null })).thenThrows(expectRefusal('order_not_found'));
    spec.given(recorded()).when(request('10.00', { currency: 'EUR' })).thenThrows(expectRefusal('currency_not_accepted'));
    const settled = spec.given(recorded()).when(request('10.00')).then({ type: 'RemedyRequested' }, { type: 'RemedySettled' });
    spec.given(recorded(), ...settled).when(request('10.00')).thenThrows(expectRefusal('remedy_exists'));
    spec.given().when(request('10.00')).thenThrows(expectRefusal('complaint_not_found'));
  });
});

describe('approving or rejecting a remedy above the band', () => {
  const pending = (): ComplaintEvent[] => [recorded(), ...spec.given(recorded()).when(request('300.00')).then({ type: 'RemedyRequested', data: { needsApproval: true } })];

  it('given a remedy awaiting approval, when a manager approves it, then it is approved and settled', () => {
    spec.given(...pending()).when({ kind: 'approve', remedyId: 'R-1', at, by: 'manager-1' }).then({ type: 'RemedyApproved', data: { remedyId: 'R-1', by: 'manager-1' } }, { type: 'RemedySettled', data: { amount: '300.00', by: 'manager-1' } });
  });

  it('given a remedy awaiting approval, when a manager rejects it, then it is rejected with the reason and not settled', () => {
    spec.given(...pending()).when({ kind: 'reject', remedyId: 'R-1', reason: 'too much', at, by: 'manager-1' }).then({ type: 'RemedyRejected', data: { reason: 'too much' } });
  });

  it('given a remedy decided already or settled within the band, then approving it is refused (remedy_not_pending); an unknown one is not found', () => {
    const rejected = [...pending(), { type: 'RemedyRejected', data: { caseId: 'K-2001', customerId: 'C-1001', remedyId: 'R-1', rejectedAt: at, by: 'manager-1', reason: 'no' } } as ComplaintEvent];
    spec.given(...rejected).when({ kind: 'approve', remedyId: 'R-1', at, by: 'manager-1' }).thenThrows(expectRefusal('remedy_not_pending'));
    const settled = spec.given(recorded()).when(request('10.00')).then({ type: 'RemedyRequested' }, { type: 'RemedySettled' });
    spec.given(recorded(), ...settled).when({ kind: 'approve', remedyId: 'R-1', at, by: 'manager-1' }).thenThrows(expectRefusal('remedy_not_pending'));
    spec.given(recorded()).when({ kind: 'reject', remedyId: 'R-9', reason: 'no', at, by: 'manager-1' }).thenThrows(expectRefusal('remedy_not_found'));
  });
});
