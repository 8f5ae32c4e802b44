import type pg from 'pg';

/**
 * Wakes subscribers, in this process and others, after appends commit. The NOTIFY is sent outside
 * the append's transaction (a NOTIFY inside serialises every commit on a cluster-wide lock) and
 * throttled: one right away, then at most one per interval while appends keep coming. Each NOTIFY is
 * a transaction of its own with a commit to flush, so under a steady load of appends the interval
 * (25 ms) keeps them to about 40 a second. A lost notification costs latency only; subscribers poll
 * as well.
 */
export class CommitAnnouncer {
  private timer: NodeJS.Timeout | undefined;
  private again = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly channel: string,
    private readonly intervalMs = 25,
  ) {}

  announce(): void {
    if (this.timer) {
      this.again = true;
      return;
    }
    void this.pool.query({ name: 'ctp-notify', text: 'SELECT pg_notify($1, $2)', values: [this.channel, ''] }).catch(() => undefined);
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
