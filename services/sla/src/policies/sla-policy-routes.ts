import { slaPolicySchema } from '@ctp/contracts';
import { WrongExpectedRevisionError } from '@ctp/event-store';
import { problems, ProblemError, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { loadCalendarVersions } from '../calendars/calendar-stream.js';
import type { SlaErrorCode } from '../domain/errors.js';
import type { SlaPolicy } from '../domain/sla-policy.js';
import type { SlaDeps } from '../sla-deps.js';
import { loadSlaPolicyVersions, publishSlaPolicy } from './sla-policy-stream.js';

const versionSummary = z.object({ version: z.int(), publishedAt: z.string(), position: z.string() });

const policyVersionSchema = z.object({
  policyId: z.string(),
  version: z.int(),
  policy: z.record(z.string(), z.unknown()).describe('the policy: id, version and ordered rules (docs/sla.md)'),
  publishedAt: z.string(),
  publishedBy: z.record(z.string(), z.unknown()),
  position: z.string(),
  versions: z.array(versionSummary).describe('every published version, oldest first'),
});

const conflict = (policyId: string, latest: number) => {
  const message = `SLA policy ${policyId} is at version ${latest}: read it again and send expectedVersion ${latest}`;
  return new ProblemError(problems.CTP_CONFLICT, message, [{ path: 'body.expectedVersion', message }], { latestVersion: latest });
};

/** Every target naming a calendar that was never published, by its field path. */
async function unknownCalendars(deps: Pick<SlaDeps, 'store'>, rules: SlaPolicy['rules']) {
  const named = rules.flatMap((rule, index) => Object.entries(rule.targets).map(([metric, target]) => ({ path: `body.policy.rules[${index}].targets.${metric}.calendarId`, calendarId: target.calendarId })));
  const published = new Map(await Promise.all([...new Set(named.map(({ calendarId }) => calendarId))].map(async (id) => [id, (await loadCalendarVersions(deps.store, id)).length > 0] as const)));
  return named
    .filter(({ calendarId }) => !published.get(calendarId))
    .map(({ path, calendarId }) => ({ path, message: `calendar ${calendarId} was never published (PUT /v1/calendars/${calendarId} first)`, rule: 'sla_calendar_unknown' satisfies SlaErrorCode }));
}

export function slaPolicyRoutes(deps: SlaDeps) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/sla-policies', operationId: 'getSlaPolicy', tags: ['sla policies'],
      summary: 'A version of the service’s SLA policy (the latest unless `version` is given), who published it, and the list of versions',
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      query: z.object({ version: z.coerce.number().int().min(1).optional() }),
      responses: { 200: { description: 'The version', schema: policyVersionSchema }, 404: { description: 'No version is published yet, or no such version' } },
      handler: async ({ query }) => {
        const versions = await loadSlaPolicyVersions(deps.store, deps.policyId);
        const chosen = query.version === undefined ? versions.at(-1) : versions.find(({ policy }) => policy.version === query.version);
        if (!chosen) throw new ProblemError(problems.CTP_NOT_FOUND, query.version === undefined ? `SLA policy ${deps.policyId} has no version yet` : `SLA policy ${deps.policyId} has no version ${query.version}`);
        const { policy, publishedAt, publishedBy, position } = chosen;
        return {
          policyId: deps.policyId, version: policy.version, policy, publishedAt, publishedBy, position,
          versions: versions.map((entry) => ({ version: entry.policy.version, publishedAt: entry.publishedAt, position: entry.position })),
        };
      },
    });

    route(app, {
      method: 'PUT', url: '/v1/sla-policies', operationId: 'publishSlaPolicy', tags: ['sla policies'],
      summary: 'Publish the next version of the service’s SLA policy: ordered rules, the first that matches a case wins; cases already open keep the version they recorded',
      roles: ['admin'],
      body: z.object({
        policy: slaPolicySchema.pick({ rules: true }).describe('the rules; the policy id is the service’s and the version follows expectedVersion'),
        expectedVersion: z.int().min(0).describe('the latest version you read (0 when none is published); a stale one is a 409'),
      }),
      responses: {
        201: { description: 'The published version', schema: z.object({ policyId: z.string(), version: z.int(), position: z.string() }) },
        409: { description: 'expectedVersion is not the latest version (latestVersion says which is)' },
        422: { description: 'A target names a calendar that was never published (rule sla_calendar_unknown)' },
      },
      handler: async ({ body, request, reply }) => {
        const unknown = await unknownCalendars(deps, body.policy.rules);
        if (unknown.length > 0) throw new ProblemError(problems.CTP_UNPROCESSABLE, `${unknown.length} target(s) name a calendar that was never published`, unknown);
        const latest = (await loadSlaPolicyVersions(deps.store, deps.policyId)).at(-1)?.policy.version ?? 0;
        if (body.expectedVersion !== latest) throw conflict(deps.policyId, latest);
        const policy: SlaPolicy = { id: deps.policyId, version: latest + 1, rules: body.policy.rules };
        const principal = request.principal!;
        try {
          const { position } = await publishSlaPolicy(deps.store, policy, { actor: { kind: 'api-key', id: principal.keyId, role: principal.role }, correlationId: request.id, occurredAt: deps.clock() });
          return reply.code(201).send({ policyId: policy.id, version: policy.version, position });
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError)) throw error;
          throw conflict(deps.policyId, (await loadSlaPolicyVersions(deps.store, deps.policyId)).at(-1)?.policy.version ?? 0);
        }
      },
    });
  };
}
