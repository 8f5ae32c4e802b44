import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import fp from 'fastify-plugin';
import { problems } from '../problems/catalogue.js';
import { sendProblem } from '../problems/error-handler.js';
import { ProblemError } from '../problems/problem.js';

/** The methods the routes of the request's path answer, e.g. `['GET', 'HEAD', 'POST']`. */
function declaredMethods(app: FastifyInstance, url: string): HTTPMethods[] {
  return (app.supportedMethods as HTTPMethods[]).filter((method) => app.findRoute({ method, url }) !== null).sort();
}

/**
 * Answers a request no route matches before fastify reads its body (a QUERY without a content type
 * must not fail there): 405 with `Allow` when its path answers other methods, else 404.
 */
export const unmatchedRequests = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.routeOptions.url !== undefined) return;
      const allowed = declaredMethods(app, request.url);
      if (allowed.length === 0) {
        return sendProblem(reply, request, new ProblemError(problems.CTP_NOT_FOUND, `No route ${request.method} ${request.url}`));
      }
      reply.header('allow', allowed.join(', '));
      return sendProblem(reply, request, new ProblemError(problems.CTP_METHOD_NOT_ALLOWED, `${request.url} answers ${allowed.join(', ')}, not ${request.method}`));
    });
  },
  { name: 'ctp-unmatched-requests' },
);
