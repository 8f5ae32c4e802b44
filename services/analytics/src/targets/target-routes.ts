import { targetDocumentSchema } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { activeCollection } from '@ctp/projections';
import { problems, ProblemError, readYourWritesQuery, route, type ReadModel } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { analyticsReaders } from '../area.js';
import { progressDefinitions } from './progress.js';
import { readingOnce } from './read-once.js';
import { StaleTargetVersion } from './target-decider.js';
import { scopedMetrics, sharingBuyers, type FigureReadModels } from './target-figures.js';
import { targetProgress } from './target-progress.js';
import { targetProjection, type TargetReadDocument } from './target-projection.js';
import { loadTargetVersions, publishTarget } from './target-stream.js';

export interface TargetDeps {
  /** The event store the target streams are appended to and read from. */
  readonly events: EventStore;
  /** The targets' own read model, and the areas' the progress is computed from. */
  readonly readModels: FigureReadModels & { readonly targets: Pick<ReadModel, 'db' | 'readYourWrites'> };
  readonly timeZone: string;
  readonly clock: () => Date;
}

const targetIdParams = z.strictObject({ targetId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and -, up to 63') });
const publishBody = z
  .strictObject({
    target: targetDocumentSchema,
    expectedVersion: z.int().min(0).describe('the latest version you read (0 when none is published); a stale one is a 409'),
  })
  .superRefine(({ target }, context) => {
    if (!scopedMetrics.includes(target.metric) && Object.keys(target.scope).length > 0) context.addIssue({ code: 'custom', path: ['target', 'scope'], message: `${target.metric} takes no tier or channel filter` });
  });

const answer = z.object({
  targetId: z.string(), version: z.int(), target: z.record(z.string(), z.unknown()), publishedAt: z.string(), position: z.string(),
  progress: z.record(z.string(), z.unknown()).describe('baseline, targetValue, window, current, drill, progress, elapsed, onTrack'),
});

const conflict = ({ targetId, latestVersion, message }: StaleTargetVersion) =>
  new ProblemError(problems.CTP_CONFLICT, message, [{ path: 'body.expectedVersion', message }], { latestVersion, targetId });

/** Targets as versioned documents (admins publish, PUT with expectedVersion) and their progress on the analytics figures. */
export function targetRoutes({ events, readModels, timeZone, clock }: TargetDeps) {
  const readModel = readModels.targets;
  const progressOf = (shared: FigureReadModels, target: TargetReadDocument['target']) => targetProgress(shared, target, timeZone, clock());
  const meta = () => ({ timeZone, definitions: progressDefinitions, asOf: clock().toISOString() });
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/analytics/targets', operationId: 'listTargets', tags: ['analytics: targets'], roles: analyticsReaders,
      summary: 'Every service-quality target (its latest version) with its progress: the current figure over the months since the baseline, progress toward the target, on track against the time elapsed, the drill link of the figure',
      query: z.strictObject({ ...readYourWritesQuery }),
      responses: { 200: { description: 'The targets by id', schema: z.object({ meta: z.record(z.string(), z.unknown()), targets: z.array(answer) }) } },
      handler: async ({ query }) => {
        await readModel.readYourWrites(query.minPosition);
        const documents = await (await activeCollection<TargetReadDocument>(readModel.db, targetProjection.name, 'targetDocuments')).find({}).sort({ _id: 1 }).toArray();
        const shared = sharingBuyers(readingOnce(readModels));
        const targets = await Promise.all(documents.map(async ({ _id, version, target, publishedAt, position }) => ({ targetId: _id, version, target, publishedAt: publishedAt.toISOString(), position, progress: await progressOf(shared, target) })));
        return { meta: meta(), targets };
      },
    });
    route(app, {
      method: 'GET', url: '/v1/analytics/targets/:targetId', operationId: 'getTarget', tags: ['analytics: targets'], roles: analyticsReaders,
      summary: 'A target’s latest version as published, its progress, and every version published',
      params: targetIdParams,
      responses: { 200: { description: 'The target', schema: answer.extend({ versions: z.array(z.object({ version: z.int(), publishedAt: z.string(), position: z.string() })) }) }, 404: { description: 'No version of this target is published' } },
      handler: async ({ params }) => {
        const versions = await loadTargetVersions(events, params.targetId);
        const latest = versions.at(-1);
        if (!latest) throw new ProblemError(problems.CTP_NOT_FOUND, `target ${params.targetId} has no version`);
        return {
          targetId: params.targetId, version: latest.version, target: latest.target, publishedAt: latest.publishedAt, position: latest.position,
          progress: { ...(await progressOf(sharingBuyers(readingOnce(readModels)), latest.target)), meta: meta() },
          versions: versions.map(({ version, publishedAt, position }) => ({ version, publishedAt, position })),
        };
      },
    });
    route(app, {
      method: 'PUT', url: '/v1/analytics/targets/:targetId', operationId: 'publishTarget', tags: ['analytics: targets'], roles: ['admin'],
      summary: 'Publish the next version of a target: metric, scope, baseline, target value or relative change, direction, deadline; expectedVersion is the version you read',
      params: targetIdParams,
      body: publishBody,
      responses: {
        201: { description: 'The published version (read the list with minPosition=position to see it)', schema: z.object({ targetId: z.string(), version: z.int(), position: z.string() }) },
        409: { description: 'expectedVersion is not the latest version (latestVersion says which is)' },
      },
      handler: async ({ params, body, request, reply }) => {
        const principal = request.principal!;
        try {
          const { version, position } = await publishTarget(events, { kind: 'publish', targetId: params.targetId, expectedVersion: body.expectedVersion, target: body.target }, { actor: { kind: 'api-key', id: principal.keyId, role: principal.role }, correlationId: request.id, occurredAt: clock() });
          return reply.code(201).send({ targetId: params.targetId, version, position });
        } catch (error) {
          if (error instanceof StaleTargetVersion) throw conflict(error);
          throw error;
        }
      },
    });
  };
}
