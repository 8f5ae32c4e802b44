import { entityIdSchema, globalPositionSchema, isoDateTimeSchema, streamIdFor, streamIdSchema } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { problems, ProblemError, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AuditStore } from './audit-store.js';
import { exportBundle } from './export-bundle.js';
import type { AuditSealer } from './sealer.js';
import { verifyAll, verifyStreams } from './verify.js';

export interface AuditDeps {
  /** The event store as stored (no decryption). */
  readonly events: EventStore;
  readonly audit: AuditStore;
  readonly sealer: Pick<AuditSealer, 'sealedPosition' | 'lastSealedRecordedAt'> | null;
  readonly clock: () => Date;
}

const scopeQuery = z
  .object({ stream: streamIdSchema.optional(), customer: entityIdSchema.optional(), all: z.enum(['true']).optional() })
  .superRefine((query, context) => {
    const given = [query.stream, query.customer, query.all].filter((value) => value !== undefined).length;
    if (given !== 1) context.addIssue({ code: 'custom', path: ['stream'], message: 'give exactly one of stream, customer or all=true' });
  });

const brokenLinkSchema = z.object({
  reason: z.enum(['hash_mismatch', 'event_missing', 'unsealed_event_in_sealed_range', 'checkpoint_signature_invalid', 'checkpoint_unknown_key', 'checkpoint_feed_hash_mismatch']),
  streamId: z.string().nullable(),
  revision: z.int().nullable(),
  globalPosition: globalPositionSchema,
  eventId: z.string().nullable(),
  expectedHash: z.string().nullable(),
  foundHash: z.string().nullable(),
  detail: z.string(),
});
const checkpointSummarySchema = z.object({ position: globalPositionSchema, seq: z.int(), at: isoDateTimeSchema, keyId: z.string() });
const verificationSchema = z.object({
  verified: z.boolean(),
  scope: z.object({ stream: z.string().optional(), customer: z.string().optional(), all: z.literal(true).optional() }),
  streams: z.int(),
  eventsVerified: z.int(),
  eventsNotYetSealed: z.int(),
  checkpointsVerified: z.int(),
  latestCheckpointCovered: checkpointSummarySchema.nullable(),
  sealedUpTo: globalPositionSchema.nullable(),
  firstBrokenLink: brokenLinkSchema.nullable(),
});

/** Whole-store verification and exports read a lot: one at a time per instance. */
function oneAtATime() {
  let busy = false;
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (busy) throw new ProblemError(problems.CTP_RATE_LIMITED, 'another verification or export is running on this instance; try again when it finished', [], {}, { 'retry-after': '5' });
    busy = true;
    try {
      return await work();
    } finally {
      busy = false;
    }
  };
}

async function streamsOf(deps: AuditDeps, query: { stream?: string | undefined; customer?: string | undefined }): Promise<string[]> {
  if (query.stream) return [query.stream];
  const customerStream = streamIdFor('customer', query.customer!);
  const streams = await deps.audit.customerStreams(query.customer!);
  return streams.includes(customerStream) ? streams : [customerStream, ...streams];
}

/** The auditors' tamper-evidence routes (docs/audit.md). */
export function auditRoutes(deps: AuditDeps) {
  const heavy = oneAtATime();
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/audit/verify', operationId: 'verifyAuditTrail', tags: ['audit'],
      summary: 'Recomputes the hash chain of a stream, a customer (every stream with an event about them) or the whole store (all=true) from the events as stored now and names the first broken link; events newer than the sealer are not covered yet',
      roles: ['auditor'],
      query: scopeQuery,
      responses: { 200: { description: 'The verification: verified, or the first broken link (stream, revision, position, expected and found hash)', schema: verificationSchema } },
      handler: async ({ query }) => {
        if (query.all) return heavy(() => verifyAll(deps.events, deps.audit));
        const scope = query.stream ? { stream: query.stream } : { customer: query.customer! };
        return verifyStreams(deps.events, deps.audit, await streamsOf(deps, query), scope);
      },
    });
    route(app, {
      method: 'GET', url: '/v1/audit/export', operationId: 'exportAuditBundle', tags: ['audit'],
      summary: 'A bundle for offline verification (`ctp-audit-verify bundle.json`): the events of a stream or a customer as stored (personal fields as ciphertext), their seals, the feed hashes between signed checkpoints, the checkpoints and every public key',
      roles: ['auditor'],
      query: z.object({ stream: streamIdSchema.optional(), customer: entityIdSchema.optional() }).superRefine((query, context) => {
        if ((query.stream === undefined) === (query.customer === undefined)) context.addIssue({ code: 'custom', path: ['stream'], message: 'give exactly one of stream or customer' });
      }),
      responses: { 200: { description: 'The bundle (format ctp-audit-bundle/1)', schema: z.object({ format: z.literal('ctp-audit-bundle/1') }).loose() } },
      handler: async ({ query, reply }) => {
        const scope = query.stream ? { stream: query.stream } : { customer: query.customer! };
        const bundle = await heavy(async () => exportBundle(deps.events, deps.audit, await streamsOf(deps, query), scope, deps.clock()));
        void reply.header('content-disposition', `attachment; filename="audit-${(query.stream ?? query.customer)!.replace(/[^A-Za-z0-9_.-]/g, '_')}.json"`);
        return bundle;
      },
    });
    route(app, {
      method: 'GET', url: '/v1/audit/keys', operationId: 'getAuditKeys', tags: ['audit'],
      summary: 'The Ed25519 public keys (SPKI PEM) of every key id that ever signed a checkpoint',
      roles: ['auditor', 'admin'],
      responses: { 200: { description: 'keyId -> public key', schema: z.object({ keys: z.record(z.string(), z.string()) }) } },
      handler: async () => ({ keys: await deps.audit.publicKeys() }),
    });
    route(app, {
      method: 'GET', url: '/v1/audit/status', operationId: 'getAuditStatus', tags: ['audit'],
      summary: "The sealer's progress: events newer than sealedUpTo are not yet covered by any seal (the window is the sealer's lag), and the latest signed checkpoint",
      roles: ['auditor', 'admin'],
      responses: {
        200: {
          description: 'Sealer status',
          schema: z.object({ sealedUpTo: globalPositionSchema.nullable(), sealedEvents: z.int(), headPosition: globalPositionSchema.nullable(), caughtUp: z.boolean(), lastSealedRecordedAt: isoDateTimeSchema.nullable(), lagSeconds: z.number().nullable(), latestCheckpoint: checkpointSummarySchema.nullable() }),
        },
      },
      handler: async () => {
        const [state, head, checkpoint] = await Promise.all([deps.audit.state(), deps.events.headPosition(), deps.audit.latestCheckpoint()]);
        const caughtUp = head === null || (state.position !== null && BigInt(state.position) >= BigInt(head));
        const lastSealedRecordedAt = deps.sealer?.lastSealedRecordedAt() ?? null;
        return {
          sealedUpTo: state.position,
          sealedEvents: state.seq,
          headPosition: head,
          caughtUp,
          lastSealedRecordedAt,
          lagSeconds: caughtUp ? 0 : lastSealedRecordedAt ? Math.max(0, (deps.clock().getTime() - Date.parse(lastSealedRecordedAt)) / 1000) : null,
          latestCheckpoint: checkpoint ? { position: checkpoint.position, seq: checkpoint.seq, at: checkpoint.at, keyId: checkpoint.keyId } : null,
        };
      },
    });
  };
}
