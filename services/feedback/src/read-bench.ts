/**
 * What the reads benchmark (packages/benchmarks, `--only reads`) fills feedback's read models and complaint
 * streams with: the service's own deciders and projections, so the documents cannot drift from what it writes.
 */
export { complaintStreamId } from './complaints/complaint-stream.js';
export { contactProjection } from './contacts/contact-projection.js';
export { fileContactFollowers } from './contacts/contact-bench-support.js';
export { decideComplaint } from './domain/complaints/decide-complaint.js';
export { initialComplaintState } from './domain/complaints/complaint-state.js';
export { decideContact } from './domain/contacts/decide-contact.js';
export { evolveContact, initialContactState } from './domain/contacts/contact-state.js';
export { improvementActionListProjection } from './improvements/action-list-projection.js';
export { effectDocuments, effectsHeadId } from './improvements/effect-store.js';
export { fileSurveyFollowers } from './surveys/survey-bench-support.js';
export { followUpProjection } from './surveys/follow-up-projection.js';
export { surveyScoreProjection } from './surveys/score-projection.js';
