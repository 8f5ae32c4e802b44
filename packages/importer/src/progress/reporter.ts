import { progressBar, progressText, type Snapshot } from './format.js';

export interface Reporter {
  update(snapshot: Snapshot): void;
  /** A message that must not be lost under the progress bar (a retry, a warning). */
  note(message: string): void;
  finish(): void;
}

export interface ReporterOptions {
  readonly now?: () => number;
  readonly plainIntervalMs?: number;
}

/** A redrawn bar on a terminal; a plain line every few seconds when stderr is a file or a pipe. */
export function createReporter(stream: NodeJS.WritableStream & { isTTY?: boolean }, options: ReporterOptions = {}): Reporter {
  const now = options.now ?? Date.now;
  const tty = stream.isTTY === true;
  const interval = tty ? 100 : (options.plainIntervalMs ?? 5_000);
  let last: Snapshot | undefined;
  let shownAt = -Infinity;
  let barShown = false;
  const clearBar = () => {
    if (barShown) stream.write('\r\x1b[2K');
    barShown = false;
  };
  const show = (snapshot: Snapshot) => {
    shownAt = now();
    if (!tty) return void stream.write(`progress ${progressText(snapshot)}\n`);
    stream.write(`\r\x1b[2K${progressBar(snapshot)}`);
    barShown = true;
  };
  return {
    update(snapshot) {
      last = snapshot;
      if (now() - shownAt >= interval) show(snapshot);
    },
    note(message) {
      clearBar();
      stream.write(`${message}\n`);
      if (tty && last) show(last);
    },
    finish() {
      if (tty && last) show(last);
      if (barShown) stream.write('\n');
      barShown = false;
    },
  };
}
