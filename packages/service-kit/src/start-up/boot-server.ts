import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { problemBody, ProblemError } from '../problems/problem.js';
import { problems } from '../problems/catalogue.js';
import { answerClientError } from '../problems/client-error.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface BootServer {
  readonly server: Server;
  listen(host: string, port: number): Promise<void>;
  /** For fastify's `serverFactory`: the app's handler, which answers once `open()` is called. */
  handOver(handler: Handler): Server;
  /** From now on the app answers every request (call it once the app is ready: before, its hooks are not in place). */
  open(): void;
  close(): Promise<void>;
}

/**
 * Listens from the first moment, so /health answers and /ready says what start-up waits for while
 * the service's own app cannot be built yet (its event store or schema not reachable). Every other
 * request gets 503 CTP_NOT_READY. Once the app is built and ready, the same server hands every request to it.
 */
export function createBootServer(options: {
  service: string;
  version: string;
  pending: () => string | null;
  /** Whether the request may see what start-up waits for (an admin key); others get the status alone. */
  detailFor?: (request: IncomingMessage) => boolean;
}): BootServer {
  let handle: Handler = (request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const reason = options.pending() ?? 'starting';
    if (path === '/health') return send(response, 200, 'application/json', { status: 'ok', service: options.service, version: options.version });
    if (path === '/ready') {
      const status = { status: 'not_ready', service: options.service };
      if (!options.detailFor?.(request)) return send(response, 503, 'application/json', status);
      return send(response, 503, 'application/json', { ...status, dependencies: { 'start-up': { status: 'down', target: 'setup', latencyMs: 0, error: reason } } });
    }
    response.setHeader('retry-after', '1');
    send(response, 503, 'application/problem+json', problemBody(new ProblemError(problems.CTP_NOT_READY, `${options.service} is starting`), path));
  };
  let handedOver: Handler | null = null;
  const server = createServer((request, response) => handle(request, response));
  server.on('clientError', answerClientError);
  return {
    server,
    listen: (host, port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port }, () => {
          server.off('error', reject);
          resolve();
        });
      }),
    handOver(handler) {
      handedOver = handler;
      return server;
    },
    open() {
      if (handedOver === null) throw new Error('open() before handOver(): no app to answer');
      handle = handedOver;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function send(response: ServerResponse, status: number, contentType: string, body: unknown): void {
  response.writeHead(status, { 'content-type': contentType, connection: 'close' });
  response.end(JSON.stringify(body));
}
