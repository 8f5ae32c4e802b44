import type { ReadYourWrites } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import type { FeedbackDeps } from '../feedback-deps.js';

/** The complaints read model (complaint-projection.ts) and how to wait for a position. */
export interface ComplaintReads {
  readonly db: Db;
  readonly readYourWrites: ReadYourWrites;
}

export interface ComplaintSettings {
  /** Same customer, same root cause within this many days: a repeat complaint (REPEAT_COMPLAINT_WINDOW_DAYS). */
  readonly repeatWindowDays: number;
  /** The share of the order value, in percent, an agent may settle alone (REMEDY_BAND_PERCENT). */
  readonly remedyBandPercent: number;
}

export interface ComplaintDeps extends FeedbackDeps {
  readonly complaintSettings: ComplaintSettings;
  readonly complaintReads: ComplaintReads;
  /** How long `minPosition` waits for a feed follower (READ_WAIT_TIMEOUT_MS). */
  readonly readWaitMs?: number;
}
