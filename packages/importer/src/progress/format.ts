export interface Snapshot {
  /** Rows settled, counting those an earlier run settled. */
  readonly done: number;
  readonly total: number;
  /** Rows already settled when this run started; the rate counts only this run's rows. */
  readonly doneAtStart: number;
  readonly elapsedMs: number;
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

export function rowsPerSecond(snapshot: Snapshot): number {
  return snapshot.elapsedMs > 0 ? ((snapshot.done - snapshot.doneAtStart) * 1000) / snapshot.elapsedMs : 0;
}

export function etaMs(snapshot: Snapshot): number | undefined {
  const rate = rowsPerSecond(snapshot);
  return rate > 0 ? ((snapshot.total - snapshot.done) / rate) * 1000 : undefined;
}

export function progressText(snapshot: Snapshot): string {
  const percent = snapshot.total > 0 ? Math.floor((snapshot.done / snapshot.total) * 100) : 100;
  const eta = etaMs(snapshot);
  return `${snapshot.done}/${snapshot.total} rows (${percent}%), ${Math.round(rowsPerSecond(snapshot))} rows/s, ETA ${eta === undefined ? '?' : formatDuration(eta)}`;
}

export function progressBar(snapshot: Snapshot, width = 30): string {
  const filled = snapshot.total > 0 ? Math.min(width, Math.round((snapshot.done / snapshot.total) * width)) : width;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${progressText(snapshot)}`;
}
