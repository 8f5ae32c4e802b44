import { ROOT_CONTEXT, SpanKind, trace, TraceFlags, type Span, type Tracer } from '@opentelemetry/api';
import type { RecordedEvent } from '@ctp/contracts';

const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The trace id an event carries, for log lines; null when it came without one. */
export function traceIdOf(event: Pick<RecordedEvent, 'traceparent'>): string | null {
  return event.traceparent ? (traceparentPattern.exec(event.traceparent)?.[1] ?? null) : null;
}

/**
 * A span for handling one event, a child of the request that caused it (the traceparent the
 * event carries), so one trace shows the request, the relay and each projection.
 */
export function startEventSpan(tracer: Tracer, name: string, kind: 'producer' | 'consumer', event: RecordedEvent): Span {
  const match = event.traceparent ? traceparentPattern.exec(event.traceparent) : null;
  const parent = match
    ? trace.setSpanContext(ROOT_CONTEXT, {
        traceId: match[1] as string,
        spanId: match[2] as string,
        traceFlags: Number.parseInt(match[3] as string, 16) & TraceFlags.SAMPLED,
        isRemote: true,
      })
    : ROOT_CONTEXT;
  return tracer.startSpan(
    name,
    {
      kind: kind === 'producer' ? SpanKind.PRODUCER : SpanKind.CONSUMER,
      attributes: { 'ctp.event.id': event.id, 'ctp.event.type': event.type, 'ctp.stream.id': event.streamId, 'ctp.global_position': event.globalPosition },
    },
    parent,
  );
}
