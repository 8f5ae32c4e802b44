import { randomUUID } from 'node:crypto';
import { buildEvent, customerMessageKinds, decoderFor, nameUuid, streamIdFor, type Actor, type CustomerMessageKind, type MessageTemplateTexts } from '@ctp/contracts';
import { WrongExpectedRevisionError, type EventStore } from '@ctp/event-store';
import { defaultMessageTemplates } from '../domain/messages/templates.js';

export interface MessageTemplateVersion {
  readonly kind: CustomerMessageKind;
  readonly version: number;
  readonly texts: MessageTemplateTexts;
  readonly publishedAt: string;
}

const templateEvent = decoderFor('messageTemplate');

/** Every version of a kind's template, oldest first (version n at index n - 1). */
export async function loadTemplateVersions(store: EventStore, kind: CustomerMessageKind): Promise<MessageTemplateVersion[]> {
  return (await store.readStream(streamIdFor('messageTemplate', kind))).map(templateEvent).map(({ data }) => ({ kind: data.kind, version: data.version, texts: data.texts, publishedAt: data.publishedAt }));
}

/** The version a message is rendered from now: the latest, or the default's version 1 before the defaults were published. */
export async function currentTemplate(store: EventStore, kind: CustomerMessageKind): Promise<Pick<MessageTemplateVersion, 'version' | 'texts'>> {
  return (await loadTemplateVersions(store, kind)).at(-1) ?? { version: 1, texts: defaultMessageTemplates[kind] };
}

/** Appends the next version; it must follow `latest`, or the append conflicts (WrongExpectedRevisionError). */
export async function publishTemplateVersion(store: EventStore, input: { kind: CustomerMessageKind; latest: number; texts: MessageTemplateTexts; at: Date; by: string; actor?: Actor; id?: string; correlationId: string }): Promise<{ version: number; position: string }> {
  const streamId = streamIdFor('messageTemplate', input.kind);
  const version = input.latest + 1;
  const event = buildEvent('MessageTemplateVersionPublished', { kind: input.kind, version, texts: input.texts, publishedAt: input.at.toISOString(), by: input.by }, {
    id: input.id ?? randomUUID(), streamId, occurredAt: input.at.toISOString(), correlationId: input.correlationId, causationId: null, actor: input.actor ?? { kind: 'service', id: 'outbound' }, traceparent: null,
  });
  const result = await store.append(streamId, [event], { expectedRevision: input.latest === 0 ? 'no_stream' : input.latest - 1 });
  return { version, position: result.lastPosition };
}

/** Publishes version 1 of each kind with no version yet (another instance winning the race is fine). */
export async function ensureMessageTemplates(deps: { readonly store: EventStore; readonly clock: () => Date }): Promise<void> {
  for (const kind of customerMessageKinds) {
    if ((await loadTemplateVersions(deps.store, kind)).length > 0) continue;
    try {
      await publishTemplateVersion(deps.store, { kind, latest: 0, texts: defaultMessageTemplates[kind], at: deps.clock(), by: 'outbound', id: nameUuid(['message-template-default', kind]), correlationId: 'message-template-defaults' });
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
}
