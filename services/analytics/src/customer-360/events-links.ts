import { eventsLink, type TraceEvent } from '../metrics/drill.js';

/** GET /v1/analytics/events takes at most 100 positions: a long trace needs several links. */
export const positionsPerLink = 100;

/** Links to every event of `trace`, in position order, at most `positionsPerLink` each. */
export function eventsLinks(trace: readonly TraceEvent[]): string[] {
  const ordered = [...new Map(trace.map((event) => [event.position, event])).values()].sort((a, b) => compareBig(a.position, b.position));
  const links: string[] = [];
  for (let start = 0; start < ordered.length; start += positionsPerLink) links.push(eventsLink(ordered.slice(start, start + positionsPerLink)));
  return links;
}

export function compareBig(a: string, b: string): number {
  const [x, y] = [BigInt(a), BigInt(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}
