import type { FeedbackDeps } from '../feedback-deps.js';
import type { ContactPlanIndex } from './plan-index.js';

/** What the contact cadence needs beyond the service's ports: which plans follow which tier policy. */
export interface ContactDeps extends FeedbackDeps {
  readonly plans: ContactPlanIndex;
}
