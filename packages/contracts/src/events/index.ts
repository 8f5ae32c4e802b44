import type { z } from 'zod';
import type { RecordedEvent } from '../envelope.js';
import { createRegistry } from '../registry.js';
import type { Category } from '../streams.js';
import { accessLogRead } from './audit/access-log-read.js';
import { customerErased } from './audit/customer-erased.js';
import { personalDataAccessed } from './audit/personal-data-accessed.js';
import { calendarVersionPublished } from './calendar/calendar-published.js';
import { caseCustomerWrote, caseNoteAdded, caseOpened, casePriorityChanged, caseReplied } from './case/case-events.js';
import { caseEscalated, caseMerged, caseReassigned, caseStatusChanged, caseTierChanged } from './case/case-handling.js';
import {
  slaBreached,
  slaBreachRetracted,
  slaClockPaused,
  slaClockResumed,
  slaClockStarted,
  slaClockStopped,
  slaDeadlineRescheduled,
  slaMet,
  slaWarningRaised,
} from './case/sla-clock.js';
import { consentGranted, consentWithdrawn } from './customer/consent.js';
import { customerMergedInto, customerProfileUpdated, customerRegistered, customersMerged } from './customer/identity.js';
import { interactionRecorded } from './customer/interactions.js';
import { purchaseRecorded, purchaseRefunded } from './customer/purchases.js';
import { customerErasureRequested } from './customer/privacy.js';
import { tierOverridden, tierOverrideExpired } from './tier/overrides.js';
import { tierAssigned, tierChanged, tierDowngradeWarned } from './tier/tier-events.js';
import { tierWithdrawn } from './tier/withdrawal.js';
import { slaPolicyVersionPublished } from './sla-policy/sla-policy-published.js';
import { churnRiskSubsided, winBackRequested } from './churn/win-back.js';
import { lifecycleRulesVersionPublished, lifecycleStageChanged } from './lifecycle/lifecycle-events.js';
import { targetVersionPublished } from './target/target-published.js';
import { accountManagerAssigned, accountManagerReassigned, accountManagerReleaseCancelled, accountManagerReleased, accountManagerReleaseScheduled, accountManagerRosterPublished, managerAbsenceRecorded } from './account/account-managers.js';
import { caseRouted } from './case/case-routing.js';
import { tierPolicyVersionPublished } from './tier-policy/policy-published.js';
import { complaintCausesSet, complaintRecorded, complaintTeamAssigned, repeatComplaintFlagged, rootCauseTaxonomyPublished } from './feedback/complaints.js';
import { improvementActionCreated, improvementActionOverdue, improvementActionStatusChanged } from './feedback/improvements.js';
import { remedyApproved, remedyRejected, remedyRequested, remedySettled } from './feedback/remedies.js';
import { followUpDone, followUpOpened, followUpOverdue, surveyAnswered, surveyExpired, surveyInvited, surveyRecipientInvited, surveySampleDrawn, surveySkipped, surveyTemplateVersionPublished } from './feedback/surveys.js';
import { customerMessageDeferred, customerMessageFailed, customerMessageSent, customerMessageSuppressed, messageTemplateVersionPublished } from './outbound/messages.js';
import { webhookDeliveryParked, webhookSubscribed, webhookSubscriptionPaused, webhookSubscriptionResumed } from './outbound/webhooks.js';
import { contactObligationEscalated, contactObligationFellDue, contactObligationOverdue, contactObligationsCancelled, contactObligationsPlanned, contactOutcomeRecorded, contactOwnerAssigned, contactPlanEnded } from './feedback/contacts.js';

/** The latest version of every event type; older versions hang off each one's `previous`. */
export const eventDefinitions = [
  customerRegistered,
  customerProfileUpdated,
  customersMerged,
  customerMergedInto,
  consentGranted,
  consentWithdrawn,
  purchaseRecorded,
  purchaseRefunded,
  interactionRecorded,
  customerErasureRequested,
  personalDataAccessed,
  accessLogRead,
  customerErased,
  tierAssigned,
  tierChanged,
  tierDowngradeWarned,
  tierOverridden,
  tierOverrideExpired,
  tierWithdrawn,
  tierPolicyVersionPublished,
  caseOpened,
  caseReplied,
  caseCustomerWrote,
  caseNoteAdded,
  caseStatusChanged,
  casePriorityChanged,
  caseTierChanged,
  caseReassigned,
  caseEscalated,
  caseMerged,
  slaClockStarted,
  slaClockPaused,
  slaClockResumed,
  slaDeadlineRescheduled,
  slaWarningRaised,
  slaMet,
  slaBreached,
  slaClockStopped,
  slaBreachRetracted,
  calendarVersionPublished,
  slaPolicyVersionPublished,
  rootCauseTaxonomyPublished,
  surveyTemplateVersionPublished,
  surveyInvited,
  surveySkipped,
  surveyExpired,
  surveyAnswered,
  surveyRecipientInvited,
  surveySampleDrawn,
  followUpOpened,
  followUpDone,
  followUpOverdue,
  complaintRecorded,
  complaintTeamAssigned,
  complaintCausesSet,
  repeatComplaintFlagged,
  remedyRequested,
  remedyApproved,
  remedyRejected,
  remedySettled,
  improvementActionCreated,
  improvementActionStatusChanged,
  improvementActionOverdue,
  contactObligationsPlanned,
  contactObligationsCancelled,
  contactOwnerAssigned,
  contactObligationFellDue,
  contactOutcomeRecorded,
  contactObligationOverdue,
  contactObligationEscalated,
  contactPlanEnded,
  targetVersionPublished,
  winBackRequested,
  churnRiskSubsided,
  lifecycleRulesVersionPublished,
  lifecycleStageChanged,
  caseRouted,
  accountManagerRosterPublished,
  accountManagerAssigned,
  accountManagerReassigned,
  accountManagerReleaseScheduled,
  accountManagerReleaseCancelled,
  accountManagerReleased,
  managerAbsenceRecorded,
  webhookSubscribed,
  webhookDeliveryParked,
  webhookSubscriptionPaused,
  webhookSubscriptionResumed,
  messageTemplateVersionPublished,
  customerMessageSent,
  customerMessageFailed,
  customerMessageSuppressed,
  customerMessageDeferred,
] as const;

export const eventRegistry = createRegistry(eventDefinitions);

type Latest = (typeof eventDefinitions)[number];

export type EventType = Latest['type'];
export type EventTypeOf<C extends Category> = Extract<Latest, { category: C }>['type'];
export type EventData<T extends EventType> = z.output<Extract<Latest, { type: T }>['schema']>;

export type DomainEvent<T extends EventType = EventType> = {
  [K in T]: { type: K; data: EventData<K> };
}[T];

export type RecordedDomainEvent<T extends EventType = EventType> = {
  [K in T]: RecordedEvent<K, EventData<K>>;
}[T];

export type CustomerEvent = DomainEvent<EventTypeOf<'customer'>>;
export type AuditEvent = DomainEvent<EventTypeOf<'audit'>>;
export type TierEvent = DomainEvent<EventTypeOf<'tier'>>;
export type TierPolicyEvent = DomainEvent<EventTypeOf<'tierPolicy'>>;
export type CaseEvent = DomainEvent<EventTypeOf<'case'>>;
export type CalendarEvent = DomainEvent<EventTypeOf<'calendar'>>;
export type SlaPolicyEvent = DomainEvent<EventTypeOf<'slaPolicy'>>;
export type CauseTaxonomyEvent = DomainEvent<EventTypeOf<'causeTaxonomy'>>;
export type ComplaintEvent = DomainEvent<EventTypeOf<'complaint'>>;
export type ImprovementEvent = DomainEvent<EventTypeOf<'improvement'>>;
export type SurveyTemplateEvent = DomainEvent<EventTypeOf<'surveyTemplate'>>;
export type SurveyEvent = DomainEvent<EventTypeOf<'survey'>>;
export type ContactEvent = DomainEvent<EventTypeOf<'contact'>>;
export type TargetEvent = DomainEvent<EventTypeOf<'target'>>;
export type ChurnEvent = DomainEvent<EventTypeOf<'churn'>>;
export type LifecycleEvent = DomainEvent<EventTypeOf<'lifecycle'>>;
export type LifecycleRulesEvent = DomainEvent<EventTypeOf<'lifecycleRules'>>;
export type AccountEvent = DomainEvent<EventTypeOf<'account'>>;
export type WebhookEvent = DomainEvent<EventTypeOf<'webhook'>>;
export type MessageTemplateEvent = DomainEvent<EventTypeOf<'messageTemplate'>>;
export type CustomerMessageEvent = DomainEvent<EventTypeOf<'message'>>;
