import { decimalToReportingMinor, isAccepted, minorUnitsToDecimal, type ComplaintEvent, type ExchangeRates, type RemedyKind } from '@ctp/contracts';
import type { Complaint, ComplaintState } from '../complaints/complaint-state.js';
import { Refusal } from '../complaints/refusal.js';

/** The order a remedy relates to, as intake recorded it (PurchaseRecorded). */
export interface RemedyOrder {
  readonly orderId: string;
  readonly amount: string;
  readonly currency: string;
}

export type RemedyCommand =
  | {
      readonly kind: 'request';
      readonly remedyId: string;
      readonly remedy: RemedyKind;
      readonly amount: string;
      readonly currency: string;
      /** null: the customer has no such order. */
      readonly order: RemedyOrder | null;
      readonly orderId: string;
      /** The discretion band: the share of the order value, in percent, an agent may settle alone. */
      readonly bandPercent: number;
      readonly rates: ExchangeRates;
      readonly at: string;
      readonly by: string;
    }
  | { readonly kind: 'approve'; readonly remedyId: string; readonly at: string; readonly by: string }
  | { readonly kind: 'reject'; readonly remedyId: string; readonly reason: string; readonly at: string; readonly by: string };

export function decideRemedy(command: RemedyCommand, state: ComplaintState): ComplaintEvent[] {
  if (!state) throw new Refusal('complaint_not_found', 'no complaint case with this id was recorded');
  if (command.kind === 'request') return request(command, state);
  const remedy = state.remedies[command.remedyId];
  if (!remedy) throw new Refusal('remedy_not_found', `no remedy ${command.remedyId} on this complaint`);
  if (remedy.status !== 'awaiting_approval') throw new Refusal('remedy_not_pending', `remedy ${command.remedyId} is ${remedy.status}, not awaiting approval`);
  const { caseId, customerId } = state;
  const { remedyId, at, by } = command;
  if (command.kind === 'reject') return [{ type: 'RemedyRejected', data: { caseId, customerId, remedyId, rejectedAt: at, by, reason: command.reason } }];
  return [
    { type: 'RemedyApproved', data: { caseId, customerId, remedyId, approvedAt: at, by } },
    { type: 'RemedySettled', data: { caseId, customerId, remedyId, kind: remedy.kind, amount: remedy.amount, currency: remedy.currency, settledAt: at, by } },
  ];
}

/**
 * Within the band (remedy <= bandPercent % of the order, both in the reporting currency's minor units, the
 * limit rounded down) the agent's request settles it at once; above it, it waits for approval.
 */
function request(command: Extract<RemedyCommand, { kind: 'request' }>, state: Complaint): ComplaintEvent[] {
  const { remedyId, amount, currency, order, rates, bandPercent, at, by } = command;
  if (state.remedies[remedyId]) throw new Refusal('remedy_exists', `remedy ${remedyId} was already requested`);
  if (!order) throw new Refusal('order_not_found', `customer ${state.customerId} has no recorded order ${command.orderId}`);
  for (const used of [currency, order.currency]) {
    if (!isAccepted(rates, used)) throw new Refusal('currency_not_accepted', `${used} is neither the reporting currency ${rates.reporting} nor has an exchange rate`);
  }
  const amountMinor = decimalToReportingMinor(rates, amount, currency);
  const limitMinor = Math.floor((decimalToReportingMinor(rates, order.amount, order.currency) * bandPercent) / 100);
  const needsApproval = amountMinor > limitMinor;
  const { caseId, customerId } = state;
  const requested: ComplaintEvent = {
    type: 'RemedyRequested',
    data: {
      caseId, customerId, remedyId, kind: command.remedy, amount, currency,
      orderId: order.orderId, orderAmount: order.amount, orderCurrency: order.currency,
      reportingCurrency: rates.reporting,
      amountReporting: minorUnitsToDecimal(amountMinor, rates.reporting),
      limitReporting: minorUnitsToDecimal(limitMinor, rates.reporting),
      bandPercent, needsApproval, requestedAt: at, by,
    },
  };
  if (needsApproval) return [requested];
  return [requested, { type: 'RemedySettled', data: { caseId, customerId, remedyId, kind: command.remedy, amount, currency, settledAt: at, by } }];
}
