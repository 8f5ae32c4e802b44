import { randomUUID } from 'node:crypto';
import { nameUuid, type GlobalPosition } from '@ctp/contracts';
import type { CommandContext, EventStore, HandledCommand } from '@ctp/event-store';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseRequest } from '../problems/validate.js';

const headersSchema = z.object({
  'idempotency-key': z.string().min(1).max(200).optional().describe('a retried request with the same key appends nothing and answers the same position'),
});

/** Who asks, when, and why: a command's context, its cause the Idempotency-Key when the request has one. */
export interface CommandRequest {
  readonly by: string;
  readonly role: string;
  readonly now: Date;
  /** The Idempotency-Key, scoped to the API key that sent it; null without one. */
  readonly idempotencyKey: string | null;
  readonly context: CommandContext;
}

export function commandRequest(deps: { readonly clock: () => Date }, request: FastifyRequest): CommandRequest {
  const principal = request.principal!;
  const key = parseRequest(headersSchema, request.headers, 'headers')['idempotency-key'];
  const idempotencyKey = key === undefined ? null : nameUuid(['idempotency-key', principal.keyId, key]);
  const now = deps.clock();
  return {
    by: principal.keyId,
    role: principal.role,
    now,
    idempotencyKey,
    context: {
      causationId: idempotencyKey ?? randomUUID(),
      correlationId: request.id,
      occurredAt: now.toISOString(),
      actor: { kind: 'api-key', id: principal.keyId, role: principal.role },
      traceparent: request.traceparent,
    },
  };
}

/**
 * The global position a command answers: of the last event it appended; for a retried request, of the
 * last event its first attempt appended; when it decided nothing, the stream's latest.
 */
export async function positionOf(history: EventStore, streamId: string, handled: HandledCommand<unknown>, causationId: string): Promise<GlobalPosition | null> {
  if (handled.appended) return handled.appended.lastPosition;
  const events = await history.readStream(streamId);
  const answered = handled.alreadyHandled ? events.filter((event) => event.causationId === causationId) : events;
  return answered.at(-1)?.globalPosition ?? null;
}
