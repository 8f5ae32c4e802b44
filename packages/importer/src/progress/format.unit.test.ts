import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatDuration, progressBar, progressText } from './format.js';
import { createReporter } from './reporter.js';

const snapshot = { done: 1_500, total: 3_000, doneAtStart: 500, elapsedMs: 2_000 };

function capture(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

describe('progress display', () => {
  it('shows rows done of total, the rate of this run and the time left', () => {
    expect(progressText(snapshot)).toBe('1500/3000 rows (50%), 500 rows/s, ETA 3.0 s');
    expect(progressBar(snapshot, 10)).toBe('[#####.....] 1500/3000 rows (50%), 500 rows/s, ETA 3.0 s');
    expect(progressText({ ...snapshot, done: 500 })).toContain('ETA ?');
    expect([950, 37_400, 75_000, 3_725_000].map(formatDuration)).toEqual(['0.9 s', '37 s', '1m15s', '1h02m']);
  });

  it('redraws one bar on a terminal and keeps notes above it', () => {
    let now = 0;
    const { stream, text } = capture(true);
    const reporter = createReporter(stream, { now: () => now });
    reporter.update(snapshot);
    now = 50;
    reporter.update({ ...snapshot, done: 1_600 });
    reporter.note('retrying in 1.0 s: 503 CTP_NOT_READY');
    reporter.finish();
    expect(text()).toContain('\r\x1b[2K[');
    expect(text()).toContain('\r\x1b[2Kretrying in 1.0 s: 503 CTP_NOT_READY\n');
    expect(text().endsWith('1600/3000 rows (53%), 550 rows/s, ETA 2.5 s\n')).toBe(true);
  });

  it('writes a plain line every interval when stderr is not a terminal', () => {
    let now = 0;
    const { stream, text } = capture(false);
    const reporter = createReporter(stream, { now: () => now, plainIntervalMs: 1_000 });
    reporter.update(snapshot);
    now = 500;
    reporter.update(snapshot);
    now = 1_000;
    reporter.update(snapshot);
    reporter.finish();
    expect(text()).toBe(`progress ${progressText(snapshot)}\n`.repeat(2));
    expect(text()).not.toContain('\x1b');
  });
});
