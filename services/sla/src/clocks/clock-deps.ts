import type { SlaDeps } from '../sla-deps.js';
import type { OpenCases } from './open-cases.js';

/** What the clock reactions need beyond the service's ports: the open cases by customer and calendar. */
export interface ClockDeps extends SlaDeps {
  readonly openCases: OpenCases;
}
