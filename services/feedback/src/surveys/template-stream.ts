import { randomUUID } from 'node:crypto';
import { buildEvent, decoderFor, streamIdFor, type Actor, type SurveyTemplate } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { defaultSurveyTemplates } from '../domain/surveys/default-templates.js';
import { SurveyError } from '../domain/surveys/errors.js';

export interface PublishedTemplate {
  readonly template: SurveyTemplate;
  readonly publishedAt: string;
  readonly position: string;
}

const templateEvent = decoderFor('surveyTemplate');

/** Every published version of a template, oldest first (version n at index n - 1). */
export async function loadTemplateVersions(store: EventStore, templateId: string): Promise<PublishedTemplate[]> {
  const events = (await store.readStream(streamIdFor('surveyTemplate', templateId))).map(templateEvent);
  return events.map((event) => ({ template: event.data, publishedAt: event.recordedAt, position: event.globalPosition }));
}

export async function loadTemplate(store: EventStore, templateId: string, version?: number): Promise<SurveyTemplate | null> {
  const versions = await loadTemplateVersions(store, templateId);
  return (version === undefined ? versions.at(-1) : versions[version - 1])?.template ?? null;
}

/** Appends the template as its version: it must follow the latest, or the append conflicts (WrongExpectedRevisionError). */
export async function publishTemplate(store: EventStore, template: SurveyTemplate, context: { actor: Actor; correlationId: string; occurredAt: Date }): Promise<{ position: string }> {
  const streamId = streamIdFor('surveyTemplate', template.id);
  const event = buildEvent('SurveyTemplateVersionPublished', template, {
    id: randomUUID(), streamId, occurredAt: context.occurredAt.toISOString(), correlationId: context.correlationId, causationId: null, actor: context.actor, traceparent: null,
  });
  const result = await store.append(streamId, [event], { expectedRevision: template.version === 1 ? 'no_stream' : template.version - 2 });
  return { position: result.lastPosition };
}

/** The template version an invitation recorded (a default's version 1 even before the defaults were published). */
export async function recordedTemplate(store: EventStore, { templateId, version }: { templateId: string; version: number }): Promise<SurveyTemplate> {
  const template = (await loadTemplate(store, templateId, version)) ?? defaultSurveyTemplates.find((candidate) => candidate.id === templateId && candidate.version === version);
  if (!template) throw new SurveyError('template_not_found', `survey template ${templateId} v${version} is not published`);
  return template;
}
