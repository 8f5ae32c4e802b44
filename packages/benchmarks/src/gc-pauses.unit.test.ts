import { describe, expect, it } from 'vitest';
import { gcPausesIn, pausesBetween } from './gc-pauses.js';

const scrape = `# HELP v8js_gc_duration Garbage collection pauses of the V8 heap
# TYPE v8js_gc_duration histogram
v8js_gc_duration_count{v8js_gc_type="minor"} 40
v8js_gc_duration_sum{v8js_gc_type="minor"} 0.08
v8js_gc_duration_bucket{v8js_gc_type="minor",le="0.05"} 40
v8js_gc_duration_bucket{v8js_gc_type="minor",le="0.1"} 40
v8js_gc_duration_bucket{v8js_gc_type="minor",le="+Inf"} 40
v8js_gc_duration_count{v8js_gc_type="major"} 5
v8js_gc_duration_sum{v8js_gc_type="major"} 0.6
v8js_gc_duration_bucket{v8js_gc_type="major",le="0.05"} 2
v8js_gc_duration_bucket{v8js_gc_type="major",le="0.1"} 3
v8js_gc_duration_bucket{v8js_gc_type="major",le="+Inf"} 5
http_server_request_duration_count{http_route="/health"} 7
`;

describe('garbage collection pauses from a scrape', () => {
  it('counts every type together, and those over 50 and 100 ms', () => {
    expect(gcPausesIn(scrape)).toEqual({ all: 45, over50ms: 3, over100ms: 2 });
  });

  it('answers none for a scrape without the histogram, and the pauses between two scrapes', () => {
    expect(gcPausesIn('http_server_request_duration_count{http_route="/health"} 7\n')).toEqual({ all: 0, over50ms: 0, over100ms: 0 });
    expect(pausesBetween({ all: 10, over50ms: 1, over100ms: 0 }, gcPausesIn(scrape))).toEqual({ all: 35, over50ms: 2, over100ms: 2 });
  });
});
