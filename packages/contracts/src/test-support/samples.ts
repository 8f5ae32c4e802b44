import type { EventData, EventType } from '../events/index.js';

const customerId = 'C-1001';
const policy = { policyId: 'standard', policyVersion: 3 };
const explanation: Omit<EventData<'TierAssigned'>, 'customerId' | 'tier' | 'rule'> = {
  score: 0.82,
  components: [
    { component: 'monetary', value: '52340.50', normalised: 1, weight: 0.5 },
    { component: 'frequency', value: '14', normalised: 0.8, weight: 0.3 },
    { component: 'recency', value: '12', normalised: 0.6, weight: 0.2 },
  ],
  thresholds: [
    { tier: 'key', minScore: 0.8 },
    { tier: 'standard', minScore: 0 },
  ],
  currency: 'CNY',
  snapshotDate: '2025-06-30',
  ...policy,
};
const address = {
  line1: '88 Century Avenue',
  city: 'Shanghai',
  region: 'Shanghai',
  postalCode: '200120',
  country: 'CN',
};
const evidence = { method: 'web_form', reference: 'form-7781', noticeVersion: '2025-01' } as const;
const staff = { kind: 'api-key', id: 'key-agent-7', role: 'agent' } as const;

/** One valid payload of the latest version of every event type. */
export const samples: { [T in EventType]: EventData<T> } = {
  CustomerRegistered: {
    customerId,
    kind: 'person',
    name: 'Li Wei',
    email: 'li.wei@example.com',
    phone: '+8613800138000',
    address,
    customerSince: '2019-03-01',
    source: { system: 'erp', externalId: 'ERP-000123' },
    serviceConsent: evidence,
  },
  CustomerProfileUpdated: { customerId, changes: { email: null, address: { ...address, line2: 'Floor 12' } } },
  CustomersMerged: { survivorId: customerId, mergedAwayIds: ['C-2002'], matchedOn: ['phone'] },
  CustomerMergedInto: { customerId: 'C-2002', survivorId: customerId, mergeEventId: '0b5a4a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' },
  ConsentGranted: { customerId, purpose: 'survey', evidence, expiresAt: '2026-06-30T23:59:59+08:00' },
  ConsentWithdrawn: { customerId, purpose: 'marketing', via: 'app' },
  PurchaseRecorded: {
    customerId,
    orderId: 'SO-5531',
    amount: '1299.00',
    currency: 'CNY',
    margin: '310.25',
    lines: [{ sku: 'KETTLE-2L', quantity: 1, unitPrice: '1299.00', amount: '1299.00' }],
    channel: 'online',
  },
  PurchaseRefunded: {
    customerId,
    orderId: 'SO-5531',
    refundId: 'RF-91',
    amount: '99.50',
    currency: 'CNY',
    reason: 'Lid cracked',
  },
  InteractionRecorded: {
    customerId,
    interactionId: 'IX-301',
    channel: 'phone',
    kind: 'complaint',
    direction: 'inbound',
    note: 'Asked twice for a delivery date',
  },
  CustomerErasureRequested: { customerId, requestId: 'ER-12', requestedVia: 'email' },
  PersonalDataAccessed: {
    customerId,
    accessedBy: staff,
    purpose: 'complaint_handling',
    view: 'GET /customers/:id',
    fieldsRevealed: ['name', 'phone'],
    justification: 'Calling back about case 88',
  },
  TierAssigned: { customerId, tier: 'key', rule: 'initial_assignment', ...explanation },
  TierChanged: {
    customerId,
    from: 'standard',
    to: 'key',
    direction: 'upgrade',
    rule: 'upgrade_immediate',
    ...explanation,
  },
  TierDowngradeWarned: {
    customerId,
    tier: 'key',
    projectedTier: 'standard',
    score: 0.71,
    keepScore: 0.8,
    reviewsBelow: 1,
    reviewsToConfirm: 2,
    snapshotDate: '2025-08-31',
    confirmOn: '2025-09-30',
    needed: [{ component: 'monetary', current: '31000.00', target: '48000.00' }],
    ...policy,
  },
  TierOverridden: {
    customerId,
    overrideId: 'OV-4',
    tier: 'key',
    computedTier: 'standard',
    reasonCode: 'key_account_contract',
    reason: 'Framework contract signed for 2025',
    overriddenBy: staff,
    expiresAt: '2025-12-31T23:59:59+08:00',
  },
  TierOverrideExpired: { customerId, overrideId: 'OV-4', tier: 'key', revertedTo: 'standard' },
  TierWithdrawn: { customerId, tier: 'key', reason: 'merged', mergedInto: 'C-0042' },
  TierPolicyVersionPublished: {
    ...policy,
    effectiveFrom: '2025-07-01T00:00:00+08:00',
    currency: 'CNY',
    monetaryBasis: 'margin',
    windowMonths: 12,
    activeWithinMonths: 12,
    reviewCadence: 'monthly',
    components: [
      { component: 'monetary', weight: 0.5, normalisation: { method: 'percentile', buckets: 5 } },
      { component: 'frequency', weight: 0.3, normalisation: { method: 'fixed', breakpoints: [2, 4, 8, 16] } },
      { component: 'recency', weight: 0.2, normalisation: { method: 'fixed', breakpoints: [30, 90, 180, 365] } },
    ],
    tiers: [
      {
        tier: 'key',
        label: 'Key account',
        minScore: 0.8,
        service: { dedicatedManager: true, priorityResponseHours: 24, onSiteVisitsPerYear: 2, callbacksPerYear: 4 },
      },
      {
        tier: 'standard',
        label: 'Standard',
        minScore: 0,
        service: { dedicatedManager: false, priorityResponseHours: null, onSiteVisitsPerYear: 0, callbacksPerYear: 1 },
      },
    ],
    downgrade: { hysteresisGap: 0.05, confirmationReviews: 2, maxStepsDown: 1, noticeDays: 30 },
    override: { maxDays: 180, allowedTiers: 'any', reasonCodes: ['key_account_contract', 'service_recovery'] },
    calibration: { date: '2025-06-30', activeBase: 48210, breakpoints: { monetary: [120000, 480000, 1350000, 4200000] } },
  },
};
