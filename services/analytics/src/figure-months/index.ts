import { activeCustomerSource, complaintMonthSource } from '../complaints/complaint-months.js';
import { surveyMonthSource } from '../satisfaction/survey-months.js';
import { figureMonthFollower, type FigureMonthDeps } from './month-follower.js';

/** The follower of the satisfaction and complaint figures' month documents: invitations, complaints, active customers. */
export const feedbackMonthFollower = (deps: Omit<FigureMonthDeps, 'sources'>) => figureMonthFollower({ ...deps, sources: [surveyMonthSource, complaintMonthSource, activeCustomerSource] });
export { figureMonthsVersion } from './month-store.js';
