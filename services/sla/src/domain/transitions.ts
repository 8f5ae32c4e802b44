import type { CaseStatus } from '@ctp/contracts';

/** Where each status may go; closed is final, and only a resolved case reopens. */
export const allowedTransitions: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  open: ['waiting_on_customer', 'waiting_on_third_party', 'resolved', 'closed'],
  waiting_on_customer: ['open', 'waiting_on_third_party', 'resolved', 'closed'],
  waiting_on_third_party: ['open', 'waiting_on_customer', 'resolved', 'closed'],
  reopened: ['open', 'waiting_on_customer', 'waiting_on_third_party', 'resolved', 'closed'],
  resolved: ['reopened', 'closed'],
  closed: [],
};

export const isAllowedTransition = (from: CaseStatus, to: CaseStatus) => allowedTransitions[from].includes(to);
