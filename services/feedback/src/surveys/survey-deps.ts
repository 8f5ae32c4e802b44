import type { FeedbackDeps } from '../feedback-deps.js';

/** The survey rules a deployment sets (definition.ts, docs/feedback.md "Surveys"). */
export interface SurveySettings {
  /** Time from a case's resolution to its invitation. */
  readonly delayMs: number;
  readonly expiryDays: number;
  /** No new invitation of any kind within this many days of the customer's last. */
  readonly cooldownDays: number;
  /** Follow-up deadline when the case's rule has no first-response target (or there is no case). */
  readonly followUpDefaultMs: number;
  /** Follow-up owner when the case has no assignee and its rule no team. */
  readonly followUpDefaultTeam: string;
}

export type SurveyDeps = FeedbackDeps & { readonly surveys: SurveySettings };

export const defaultSurveySettings: SurveySettings = { delayMs: 3_600_000, expiryDays: 28, cooldownDays: 90, followUpDefaultMs: 24 * 3_600_000, followUpDefaultTeam: 'customer-care' };

/** The settings from the service's configuration (definition.ts). */
export function surveySettingsOf(config: { SURVEY_DELAY_MINUTES: number; SURVEY_EXPIRY_DAYS: number; SURVEY_COOLDOWN_DAYS: number; FOLLOW_UP_DEFAULT_HOURS: number; FOLLOW_UP_DEFAULT_TEAM: string }): SurveySettings {
  return {
    delayMs: config.SURVEY_DELAY_MINUTES * 60_000,
    expiryDays: config.SURVEY_EXPIRY_DAYS,
    cooldownDays: config.SURVEY_COOLDOWN_DAYS,
    followUpDefaultMs: config.FOLLOW_UP_DEFAULT_HOURS * 3_600_000,
    followUpDefaultTeam: config.FOLLOW_UP_DEFAULT_TEAM,
  };
}
