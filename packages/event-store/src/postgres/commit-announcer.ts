import type pg from 'pg';

/**
 * Wakes subscribers, in this process and others, after appends commit. The NOTIFY is sent outside
 * the append's transaction (a NOTIFY inside serialises every commit on a cluster-wide lock) and
 * throttled: one right away, then at most one per interval while appends keep coming. A lost
 * notification costs latency only; subscribers poll as well.
 */
export class CommitAnnouncer {
  private timer: NodeJS.Timeout | undefined;
  private again = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly channel: string,
    private readonly intervalMs = 5,
  ) {}

  announce(): void {
    if (this.timer) {
      this.again = true;
      return;
    }
    void this.pool.query('SELECT pg_notify($1, $2)', [this.channel, '']).catch(() => undefined);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.again) {
        this.again = false;
        this.announce();
      }
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
