import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isRetriable } from '../start-up/retriable.js';
import { problems } from './catalogue.js';
import { ProblemError, problemBody, type ProblemDefinition } from './problem.js';

const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

const fastifyCodes: Record<string, ProblemDefinition> = {
  FST_ERR_CTP_BODY_TOO_LARGE: problems.CTP_PAYLOAD_TOO_LARGE,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: problems.CTP_UNSUPPORTED_MEDIA_TYPE,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: problems.CTP_MALFORMED_BODY,
  FST_ERR_CTP_EMPTY_JSON_BODY: problems.CTP_MALFORMED_BODY,
  FST_ERR_CTP_INVALID_JSON_BODY: problems.CTP_MALFORMED_BODY,
  FST_ERR_ROUTE_MISSING_CONTENT_TYPE: problems.CTP_MALFORMED_BODY,
  FST_ERR_BAD_URL: problems.CTP_MALFORMED_REQUEST,
  FST_ERR_MAX_PARAM_LENGTH: problems.CTP_URI_TOO_LONG,
};

/** Client errors of fastify or its plugins without a code of their own above, by status. */
const clientStatuses: Record<number, ProblemDefinition> = Object.fromEntries(
  [problems.CTP_MALFORMED_REQUEST, problems.CTP_NOT_FOUND, problems.CTP_METHOD_NOT_ALLOWED, problems.CTP_REQUEST_TIMEOUT,
    problems.CTP_PAYLOAD_TOO_LARGE, problems.CTP_URI_TOO_LONG, problems.CTP_UNSUPPORTED_MEDIA_TYPE, problems.CTP_RATE_LIMITED,
    problems.CTP_HEADERS_TOO_LARGE].map((definition) => [definition.status, definition]),
);

/** Turns any error into problem+json; unknown errors become CTP_INTERNAL without leaking details. */
export function toProblem(error: FastifyError | Error): ProblemError {
  if (error instanceof ProblemError) return error;
  const code = (error as FastifyError).code;
  const known = code ? fastifyCodes[code] : undefined;
  if (known) return new ProblemError(known, error.message);
  if (error instanceof SyntaxError && 'statusCode' in error) {
    return new ProblemError(problems.CTP_MALFORMED_BODY, error.message);
  }
  const byStatus = clientStatuses[(error as FastifyError).statusCode ?? 0];
  if (byStatus) return new ProblemError(byStatus, error.message);
  // A server the request needs is away (a restart, a lost connection): nothing was done, and the same request can be sent again.
  if (isRetriable(error)) return new ProblemError(problems.CTP_NOT_READY, 'A server this request needs is not reachable now; send the same request again shortly', [], {}, { 'retry-after': '2' });
  return new ProblemError(problems.CTP_INTERNAL, 'The server could not complete the request');
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: ProblemError) {
  return reply.code(problem.status).headers(problem.headers).type(PROBLEM_JSON).send(problemBody(problem, request.url));
}

/** For fastify's `frameworkErrors`: what its router refuses (a bad percent-encoding, a parameter over 100 characters). */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const problem = toProblem(error);
  request.log.info({ code: problem.code, status: problem.status }, problem.detail);
  return sendProblem(reply, request, problem);
}

export const problemHandling = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const problem = toProblem(error);
      // Only the unexpected is an error with a stack; an answer a route chose, such as a 503 while a read model catches up, is not.
      if (problem.code === problems.CTP_INTERNAL.code) request.log.error({ err: error }, 'request failed');
      else if (!(error instanceof ProblemError) && problem.code === problems.CTP_NOT_READY.code) request.log.warn({ err: error }, 'a server the request needs is not reachable');
      else request.log.info({ code: problem.code, status: problem.status }, problem.detail);
      return sendProblem(reply, request, problem);
    });
    app.setNotFoundHandler((request, reply) =>
      sendProblem(
        reply,
        request,
        new ProblemError(problems.CTP_NOT_FOUND, `No route ${request.method} ${request.url}`),
      ),
    );
  },
  { name: 'ctp-problem-handling' },
);
