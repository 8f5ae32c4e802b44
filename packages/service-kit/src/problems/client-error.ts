import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { problems } from './catalogue.js';
import { problemBody, ProblemError, type ProblemDefinition } from './problem.js';

const parserErrors: Record<string, ProblemDefinition> = {
  HPE_HEADER_OVERFLOW: problems.CTP_HEADERS_TOO_LARGE,
  ERR_HTTP_REQUEST_TIMEOUT: problems.CTP_REQUEST_TIMEOUT,
};

/**
 * For the server's `clientError`: a request Node's HTTP parser refused (a raw space or NUL in the
 * request line, headers over 16 KB) never reaches fastify, so the answer is written on the socket.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const definition = parserErrors[error.code ?? ''] ?? problems.CTP_MALFORMED_REQUEST;
  const body = JSON.stringify(problemBody(new ProblemError(definition, `The HTTP request could not be read (${error.code ?? error.message})`)));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${definition.status} ${STATUS_CODES[definition.status]}\r\n` +
        `Content-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
