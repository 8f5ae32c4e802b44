import { WrongExpectedRevisionError } from '@ctp/event-store';
import { defaultSurveyTemplates } from '../domain/surveys/default-templates.js';
import type { FeedbackDeps } from '../feedback-deps.js';
import { loadTemplateVersions, publishTemplate } from './template-stream.js';

/** Publishes version 1 of each default template not published yet (another instance winning the race is fine). */
export async function ensureSurveyTemplates(deps: Pick<FeedbackDeps, 'store' | 'clock'>): Promise<void> {
  for (const template of defaultSurveyTemplates) {
    if ((await loadTemplateVersions(deps.store, template.id)).length > 0) continue;
    try {
      await publishTemplate(deps.store, template, { actor: { kind: 'service', id: 'feedback' }, correlationId: 'survey-template-defaults', occurredAt: deps.clock() });
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
}
