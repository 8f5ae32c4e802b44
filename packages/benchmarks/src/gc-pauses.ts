import type { ServiceProcess } from '@ctp/test-kit';

/** A process's garbage collection pauses so far, from its `v8js_gc_duration` histogram (every type together). */
export interface GcPauses {
  readonly all: number;
  readonly over50ms: number;
  readonly over100ms: number;
}

/** Reads the pauses from a Prometheus scrape: the count, less the buckets up to 50 and 100 ms. */
export function gcPausesIn(scrape: string): GcPauses {
  let all = 0;
  const upTo = new Map<string, number>();
  for (const line of scrape.split('\n')) {
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.startsWith('v8js_gc_duration_count')) all += value;
    const bucket = /^v8js_gc_duration_bucket\{.*le="([^"]+)"/.exec(line)?.[1];
    if (bucket !== undefined) upTo.set(bucket, (upTo.get(bucket) ?? 0) + value);
  }
  return { all, over50ms: all - (upTo.get('0.05') ?? all), over100ms: all - (upTo.get('0.1') ?? all) };
}

export const pausesBetween = (before: GcPauses, after: GcPauses): GcPauses => ({
  all: after.all - before.all,
  over50ms: after.over50ms - before.over50ms,
  over100ms: after.over100ms - before.over100ms,
});

/** The pauses of a service process so far (its `/metrics`, with the development admin key). */
export async function gcPausesOf(service: ServiceProcess): Promise<GcPauses> {
  const response = await fetch(`${service.baseUrl}/metrics`, { headers: service.adminHeaders() });
  if (!response.ok) throw new Error(`GET ${service.baseUrl}/metrics answered ${response.status}`);
  return gcPausesIn(await response.text());
}
