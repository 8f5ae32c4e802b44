/** The events a fact was built from: each by its global position (GET /v1/analytics/events?positions=...) and type. */
export interface TraceEvent {
  readonly position: string;
  readonly type: string;
}

/** A link to the route listing the facts behind a number: the same filters, in a stable order. */
export function drillLink(path: string, filters: Readonly<Record<string, string | number | readonly string[] | null | undefined>>): string {
  const search = new URLSearchParams();
  for (const name of Object.keys(filters).sort()) {
    const value = filters[name];
    if (value === undefined) continue;
    search.set(name, value === null ? 'none' : Array.isArray(value) ? value.join(',') : String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** Where a fact's events are served as stored. */
export function eventsLink(trace: readonly TraceEvent[]): string {
  return drillLink('/v1/analytics/events', { positions: trace.map(({ position }) => position) });
}
