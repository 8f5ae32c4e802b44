import { consentAt, decoderFor, signUnsubscribeToken, streamIdFor } from '@ctp/contracts';
import { decideMessage } from '../domain/messages/decide-message.js';
import { exceedsFrequencyCap } from '../domain/messages/frequency-cap.js';
import type { MessageRequest } from '../domain/messages/message-request.js';
import { quietHoursEnd } from '../domain/messages/quiet-hours.js';
import { contactOf } from '../domain/messages/recipient.js';
import { renderMessage } from '../domain/messages/templates.js';
import { afterFailure } from '../domain/webhooks/retry-plan.js';
import type { MessageDeps } from './message-deps.js';
import { isSettled, outcomesOf, recordOutcome, sentTo } from './message-stream.js';
import { currentTemplate } from './template-stream.js';

const customerEvent = decoderFor('customer');
const dayMs = 86_400_000;

/** How an attempt goes on later: the next attempt after a failure, or this one again after the quiet hours. */
export interface AttemptFollowUps {
  readonly scheduleNext: (at: Date) => Promise<unknown>;
  readonly deferTo: (at: Date) => Promise<unknown>;
}

/**
 * One attempt at a message: in the customer's quiet hours, deferred to their end (recorded, nothing sent); else decided
 * as of now (consent, erasure, merge, address, frequency cap, locale), then sent through the channel's provider and its
 * outcome recorded; a failure is retried with backoff by the next attempt's timer, up to MESSAGE_MAX_ATTEMPTS. A crash
 * after the provider took the message and before the outcome was recorded sends it again when the timer fires again:
 * at least once.
 */
export async function attemptMessage(deps: MessageDeps, request: MessageRequest, attempt: number, followUps: AttemptFollowUps): Promise<void> {
  const { messageId, customerId, kind, purpose, cause } = request;
  const outcomes = await outcomesOf(deps.store, customerId, messageId);
  if (isSettled(outcomes, attempt)) return;
  const now = deps.clock();
  const identity = { messageId, customerId, kind, purpose, cause };
  const quietUntil = deps.quiet.hours && quietHoursEnd(now, deps.quiet.hours, deps.quiet.timeZone);
  if (quietUntil) {
    const deferredUntil = quietUntil.toISOString();
    const recorded = outcomes.some((event) => event.type === 'CustomerMessageDeferred' && event.data.attempt === attempt && event.data.deferredUntil === deferredUntil);
    if (!recorded) await recordOutcome(deps.store, { type: 'CustomerMessageDeferred', data: { ...identity, attempt, reason: 'quiet_hours', timeZone: deps.quiet.timeZone, deferredUntil, decidedAt: now.toISOString() } }, attempt, now, cause.eventId, deferredUntil);
    await followUps.deferTo(quietUntil);
    return;
  }
  const events = await deps.store.readStream(streamIdFor('customer', customerId));
  const contact = contactOf(events.map(customerEvent));
  const exceedsCap = exceedsFrequencyCap(await sentTo(deps.store, customerId), kind, deps.frequencyCaps, now);
  const decision = decideMessage({ consent: consentAt(events, purpose, now), contact, channels: [...deps.channels.keys()], defaultLocale: deps.defaultLocale, exceedsCap });
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
    if (nextAttemptAt) await followUps.scheduleNext(nextAttemptAt);
  }
}
