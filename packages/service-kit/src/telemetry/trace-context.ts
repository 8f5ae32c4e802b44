import { randomBytes } from 'node:crypto';
import {
  context,
  isSpanContextValid,
  propagation,
  trace,
  TraceFlags,
  type Context,
  type SpanContext,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

propagation.setGlobalPropagator(new W3CTraceContextPropagator());

export function traceparentOf(spanContext: SpanContext): string {
  return `00-${spanContext.traceId}-${spanContext.spanId}-0${spanContext.traceFlags.toString(16)}`;
}

export function parentContextFrom(carrier: Record<string, unknown>): Context {
  return propagation.extract(context.active(), carrier, {
    get: (headers, key) => {
      const value = headers[key];
      return typeof value === 'string' ? value : undefined;
    },
    keys: (headers) => Object.keys(headers),
  });
}

/**
 * Without an OpenTelemetry SDK spans are non-recording: they carry the caller's ids or none.
 * Trace ids must still travel (logs, envelopes, Kafka headers), so this mints a span id of our
 * own, continuing the caller's trace when it sent one.
 */
export function mintSpanContext(parent: Context): SpanContext {
  const parentSpan = trace.getSpanContext(parent);
  const continues = parentSpan !== undefined && isSpanContextValid(parentSpan);
  return {
    traceId: continues ? parentSpan.traceId : randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    traceFlags: continues ? parentSpan.traceFlags : TraceFlags.NONE,
    isRemote: false,
  };
}
