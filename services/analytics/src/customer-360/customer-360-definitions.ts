/** How each section of the 360 view is counted (the route's `meta.definitions`). */
export const customer360Definitions = {
  profile: 'kind (CustomerRegistered), customerSince, registeredAt (its instant), merged (CustomerMergedInto: mergedInto the survivor), mergedFrom (CustomersMerged), erased (CustomerErasureRequested); personal fields only through profileLink',
  tier: 'the tier events folded in position order with evolveTierStanding; current = tierInForce after the last event (null: none or withdrawn); history = the events after which tierInForce named another tier',
  purchases: 'count of PurchaseRecorded on the customer stream; first/last by instant; last365Days: purchases in (now - 365 days, now]; refunds: count of PurchaseRefunded; amounts per currency summed exactly in minor units: net = purchased - refunded',
  cases: 'the cases opened for the customer; each clock cycle with its SLA verdict (met, breached, or running: no verdict yet; a retracted breach is not a breach); met/breached/running count clock cycles',
  surveys: 'each survey invitation of the customer: invited, answered (with CSAT 1-5, NPS 0-10, CES and dimension scores), expired, or skipped (no invitation made)',
  complaints: 'each complaint: causes, repeat (RepeatComplaintFlagged, with the earlier case), state (closed once closed, else resolved once first resolved, else open), cycleDays: working days from opening to first resolution on the published default calendar (domain.md section 5)',
  risk: 'the churn risk as of today (GET /v1/analytics/churn/risks/{customerId}: score, each factor and its contribution, drill links); null for a customer without a purchase in the 365 days before today',
} as const;

export const notActive = 'not an active customer: no purchase in the 365 days before today';
