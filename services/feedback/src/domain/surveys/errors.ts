export type SurveyErrorCode =
  | 'invitation_not_found'
  | 'survey_expired'
  | 'already_answered'
  | 'no_answers'
  | 'unknown_question'
  | 'out_of_range'
  | 'wrong_answer_kind'
  | 'template_not_found'
  | 'template_version_conflict'
  | 'follow_up_not_found'
  | 'follow_up_already_done';

/** One refused answer, on the field that caused it. */
export interface SurveyIssue {
  readonly path: string;
  readonly message: string;
  readonly rule: SurveyErrorCode;
}

/** A survey rule refused the command: its stable code, and each field it refused. */
export class SurveyError extends Error {
  constructor(
    readonly code: SurveyErrorCode,
    message: string,
    readonly issues: readonly SurveyIssue[] = [],
  ) {
    super(message);
    this.name = 'SurveyError';
  }
}
