import { randomUUID } from 'node:crypto';
import { buildEvent, streamIdFor, type Actor, type EventData } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ApiKeyPrincipal } from '../auth/api-keys.js';
import { JUSTIFICATION_HEADER, justificationOf } from './justification.js';

/** The two settings every service reads (`accessSettings`), as parsed. */
export interface AccessSettings {
  readonly ACCESS_PURPOSES: string;
  readonly PERSONAL_DATA_ROLES: string;
}

/** Who an access is recorded under: the key, its role and the person or system it is issued to. */
export function accessorOf(principal: ApiKeyPrincipal): Actor {
  return { kind: 'api-key', id: principal.keyId, role: principal.role, holder: principal.holder };
}

/**
 * `purpose`, required from every caller of a route that can show personal data (whatever its role: a
 * masked read records nothing, but the route asks the same of everyone), one of the configured list.
 */
export function purposeQuery(purposes: readonly string[], why = 'why personal data is read; recorded with each read that shows it') {
  const allowed = purposes.join(', ');
  return {
    purpose: z
      .enum(purposes as [string, ...string[]], { error: (issue) => (issue.input === undefined ? `required: one of ${allowed}` : `expected one of ${allowed}`) })
      .describe(`${why} (required, one of the configured ACCESS_PURPOSES)`),
  };
}

/** The query fields of a route that may show personal data: the purpose, and `reason` refused (a justification travels in a header). */
export function accessQuery(purposes: readonly string[]) {
  return {
    ...purposeQuery(purposes),
    reason: z
      .undefined({ error: `send the justification in the ${JUSTIFICATION_HEADER} header: a URL is logged and cached, a justification is personal` })
      .optional()
      .describe(`refused: the free-text justification travels in the ${JUSTIFICATION_HEADER} header`),
  };
}

export interface PersonalDataRead {
  readonly customerId: string;
  /** The route or export, e.g. `GET /v1/customers/{id}`. */
  readonly view: string;
  /** The fields shown in clear; nothing is recorded when none was. */
  readonly revealed: readonly string[];
  readonly purpose: string;
}

export interface PersonalDataAccess {
  readonly purposes: readonly string[];
  /** Fields for a route's query schema: `purpose` and the refused `reason`. */
  readonly query: ReturnType<typeof accessQuery>;
  /** Whether the caller's role sees personal fields in clear. */
  mayReveal(request: FastifyRequest): boolean;
  /** A justification header that is present but bad is a 400 before anything is shown. */
  justification(request: FastifyRequest): string | undefined;
  /** Records a read that showed personal fields as `PersonalDataAccessed` on the customer's audit stream. */
  record(request: FastifyRequest, read: PersonalDataRead): Promise<void>;
}

/** Reads of personal data the way every service records them (docs/security.md, "Personal data"). */
export function personalDataAccess(deps: { store: Pick<EventStore, 'append'>; clock: () => Date; settings: AccessSettings }): PersonalDataAccess {
  const purposes = deps.settings.ACCESS_PURPOSES.split(',');
  const clearRoles = new Set(deps.settings.PERSONAL_DATA_ROLES.split(','));
  return {
    purposes,
    query: accessQuery(purposes),
    mayReveal: (request) => clearRoles.has(request.principal!.role),
    justification: justificationOf,
    async record(request, read) {
      const fieldsRevealed = [...new Set(read.revealed)];
      if (fieldsRevealed.length === 0) return;
      const justification = justificationOf(request);
      const { customerId, purpose, view } = read;
      await appendAudit(deps, request, streamIdFor('audit', customerId), 'PersonalDataAccessed', {
        customerId, accessedBy: accessorOf(request.principal!), purpose, view, fieldsRevealed, ...(justification ? { justification } : {}),
      });
    },
  };
}

/** A read of the access log (who saw whom), on `audit-access-log` before the answer is given. */
export async function recordAccessLogRead(
  deps: { store: Pick<EventStore, 'append'>; clock: () => Date },
  request: FastifyRequest,
  read: Omit<EventData<'AccessLogRead'>, 'accessedBy' | 'at'>,
): Promise<void> {
  const query = Object.fromEntries(Object.entries(read.query).filter(([, value]) => value !== undefined));
  const at = deps.clock().toISOString();
  await appendAudit(deps, request, streamIdFor('audit', 'access-log'), 'AccessLogRead', {
    ...read, accessedBy: accessorOf(request.principal!), query, customersShown: read.customersShown.slice(0, 1000), at,
  }, at);
}

async function appendAudit<T extends 'PersonalDataAccessed' | 'AccessLogRead'>(
  deps: { store: Pick<EventStore, 'append'>; clock: () => Date },
  request: FastifyRequest,
  streamId: string,
  type: T,
  data: EventData<T>,
  occurredAt = deps.clock().toISOString(),
): Promise<void> {
  const actor = accessorOf(request.principal!);
  const event = buildEvent(type, data, { id: randomUUID(), streamId, occurredAt, correlationId: request.id, causationId: null, actor, traceparent: request.traceparent || null });
  await deps.store.append(streamId, [event], { expectedRevision: 'any' });
}
