import { consentAt, decoderFor, signUnsubscribeToken, streamIdFor } from '@ctp/contracts';
import { decideMessage } from '../domain/messages/decide-message.js';
import type { MessageRequest } from '../domain/messages/message-request.js';
import { contactOf } from '../domain/messages/recipient.js';
import { renderMessage } from '../domain/messages/templates.js';
import { afterFailure } from '../domain/webhooks/retry-plan.js';
import type { MessageDeps } from './message-deps.js';
import { isSettled, outcomesOf, recordOutcome } from './message-stream.js';
import { currentTemplate } from './template-stream.js';

const customerEvent = decoderFor('customer');
const dayMs = 86_400_000;

/**
 * One attempt at a message: decided as of now (consent, erasure, merge, address, locale), then sent through the
 * channel's provider and its outcome recorded; a failure is retried with backoff by the next attempt's timer, up to
 * MESSAGE_MAX_ATTEMPTS. A crash after the provider took the message and before the outcome was recorded sends it
 * again when the timer fires again: at least once.
 */
export async function attemptMessage(deps: MessageDeps, request: MessageRequest, attempt: number, scheduleNext: (at: Date) => Promise<unknown>): Promise<void> {
  const { messageId, customerId, kind, purpose, cause } = request;
  if (isSettled(await outcomesOf(deps.store, customerId, messageId), attempt)) return;
  const now = deps.clock();
  const events = await deps.store.readStream(streamIdFor('customer', customerId));
  const contact = contactOf(events.map(customerEvent));
  const decision = decideMessage({ consent: consentAt(events, purpose, now), contact, channels: [...deps.channels.keys()], defaultLocale: deps.defaultLocale });
  const identity = { messageId, customerId, kind, purpose, cause };
  if (decision.action === 'suppress') {
    await recordOutcome(deps.store, { type: 'CustomerMessageSuppressed', data: { ...identity, reason: decision.reason, survivorId: decision.survivorId, decidedAt: now.toISOString() } }, attempt, now, cause.eventId);
    return;
  }
  const template = await currentTemplate(deps.store, kind);
  const token = signUnsubscribeToken(deps.unsubscribe.secret, { customerId, purpose, expiresAt: new Date(now.getTime() + deps.unsubscribe.ttlDays * dayMs) });
  const unsubscribeUrl = `${deps.unsubscribe.baseUrl}/v1/unsubscribe/${token}`;
  const survey = request.survey ? { surveyLink: `${deps.surveyLinkBase}${request.survey.invitationId}`, expiresOn: request.survey.expiresAt.slice(0, 10) } : {};
  const rendered = renderMessage(template.texts, decision.locale, { name: contact.name, ...survey }, unsubscribeUrl);
  const sent = { ...identity, template: { kind, version: template.version, locale: decision.locale }, channel: decision.channel, attempt };
  try {
    const providerMessageId = await deps.channels.get(decision.channel)!.send({ to: decision.to, ...rendered, unsubscribeUrl });
    await recordOutcome(deps.store, { type: 'CustomerMessageSent', data: { ...sent, providerMessageId, sentAt: deps.clock().toISOString() } }, attempt, now, cause.eventId);
  } catch (error) {
    const failedAt = deps.clock();
    const next = afterFailure(attempt, deps.retry, failedAt);
    const nextAttemptAt = next.next === 'retry' ? next.at : null;
    await recordOutcome(deps.store, { type: 'CustomerMessageFailed', data: { ...sent, reason: String((error as Error).message ?? error).slice(0, 500) || 'failed', nextAttemptAt: nextAttemptAt?.toISOString() ?? null, failedAt: failedAt.toISOString() } }, attempt, failedAt, cause.eventId);
    if (nextAttemptAt) await scheduleNext(nextAttemptAt);
  }
}
