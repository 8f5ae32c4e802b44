import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Role } from '../auth/roles.js';
import { ProblemError, type FieldProblem } from '../problems/problem.js';
import { parseRequestParts } from '../problems/validate.js';
import { refuseUnansweredPosition } from '../read-models/position-guard.js';
import { routeCatalogue } from './route-catalogue.js';

type Schema = z.ZodType;
type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<B extends Schema | undefined, Q extends Schema | undefined, P extends Schema | undefined> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify style: `/v1/customers/:customerId`. */
  readonly url: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tags?: readonly string[];
  readonly roles: readonly Role[];
  /** Answers without an API key (e.g. a link in a customer's e-mail); `roles` is then empty. */
  readonly public?: true;
  /**
   * Requests per client address and minute on this route (its own count), over which it answers 429 with retry-after
   * before anything runs: for public routes, which the per-key limit does not count.
   */
  readonly perAddressPerMinute?: number;
  readonly body?: B;
  /** More problems of a body that `body` refused (e.g. each item's data checked by its type), listed in the same 400. */
  readonly moreBodyProblems?: (body: unknown) => readonly FieldProblem[];
  readonly query?: Q;
  readonly params?: P;
  /** Each answer the route can give; problem answers need no schema. */
  readonly responses: Readonly<Record<number, { readonly description: string; readonly schema?: Schema; readonly alsoAs?: readonly string[] }>>;
  readonly handler: (input: {
    body: Output<B>;
    query: Output<Q>;
    params: Output<P>;
    request: FastifyRequest;
    reply: FastifyReply;
  }) => Promise<unknown>;
}

export type AnyRouteSpec = RouteSpec<Schema | undefined, Schema | undefined, Schema | undefined>;

/** Registers a route whose input is parsed by zod (every bad field named) and which appears in /openapi.json. */
export function route<B extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, P extends Schema | undefined = undefined>(
  app: FastifyInstance,
  spec: RouteSpec<B, Q, P>,
): void {
  routeCatalogue(app).push(spec as unknown as AnyRouteSpec);
  app.route({
    method: spec.method,
    url: spec.url,
    config: { ...(spec.public ? { public: true } : { roles: spec.roles }), ...(spec.perAddressPerMinute ? { rateLimit: perAddress(spec.perAddressPerMinute) } : {}) },
    handler: async (request, reply) => {
      let input: { params: Output<P>; query: Output<Q>; body: Output<B> };
      try {
        input = parseRequestParts({
          ...(spec.params ? { params: { schema: spec.params, value: request.params } } : {}),
          ...(spec.query ? { query: { schema: spec.query, value: request.query } } : {}),
          ...(spec.body ? { body: { schema: spec.body, value: request.body } } : {}),
        }) as typeof input;
      } catch (error) {
        throw withMoreBodyProblems(error, spec.moreBodyProblems?.(request.body) ?? []);
      }
      await refuseUnansweredPosition(request.server, input);
      return spec.handler({ ...input, request, reply });
    },
  });
}

/** @fastify/rate-limit's route options (its global ones answer the problem): counted by client address, none exempt. */
const perAddress = (max: number) => ({ max, timeWindow: 60_000, keyGenerator: (request: FastifyRequest) => request.ip, allowList: () => false });

function withMoreBodyProblems(error: unknown, more: readonly FieldProblem[]): unknown {
  if (!(error instanceof ProblemError) || more.length === 0) return error;
  const errors = [...error.errors, ...more];
  return new ProblemError({ code: error.code, status: error.status, title: error.title }, `${errors.length} problem(s) in the request`, errors, error.extensions);
}
