import { context, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { mintSpanContext, parentContextFrom, traceparentOf } from './trace-context.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's trace context: pass it on to appends and outgoing calls. */
    traceContext: Context;
    traceparent: string;
  }
}

const spans = new WeakMap<object, Span>();

/** One server span per request; the trace id goes into the request's logs and a response header. */
export const requestTracing = fp(
  async (app: FastifyInstance, options: { service: string }) => {
    const tracer = trace.getTracer(options.service);
    app.decorateRequest('traceContext', null as unknown as Context);
    app.decorateRequest('traceparent', '');
    app.addHook('onRequest', async (request, reply) => {
      const parent = parentContextFrom(request.headers);
      const started = tracer.startSpan(`${request.method} ${request.routeOptions.url ?? 'unmatched'}`, { kind: SpanKind.SERVER }, parent);
      const span = started.isRecording() ? started : trace.wrapSpanContext(mintSpanContext(parent));
      const spanContext = span.spanContext();
      spans.set(request, span);
      request.traceContext = trace.setSpan(parent, span);
      request.traceparent = traceparentOf(spanContext);
      request.log = request.log.child({ trace_id: spanContext.traceId, span_id: spanContext.spanId });
      reply.log = request.log;
      reply.header('traceparent', request.traceparent);
    });
    app.addHook('onResponse', async (request, reply) => {
      const span = spans.get(request);
      if (!span) return;
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
  },
  { name: 'ctp-request-tracing' },
);

export function withTraceContext<T>(ctx: Context, work: () => T): T {
  return context.with(ctx, work);
}
