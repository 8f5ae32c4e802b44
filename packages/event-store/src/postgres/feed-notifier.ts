import pg from 'pg';

/**
 * One LISTEN connection per store that wakes every waiting subscription when an append commits.
 * It only shortens waits: subscriptions poll anyway, so a lost connection costs latency, not events.
 * `generation` counts notifications, so a wake-up between a read and the wait is not lost.
 */
export class FeedNotifier {
  generation = 0;
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private readonly waiters = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Connects if not connected; failures are reported and retried on the next wait. */
  ensureListening(): void {
    if (this.client || this.connecting || this.closed) return;
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', () => this.wake());
    client.on('error', (error) => this.drop(client, error));
    client.on('end', () => this.drop(client, null));
    this.connecting = client
      .connect()
      .then(() => client.query(`LISTEN "${this.channel}"`))
      .then(() => {
        if (this.closed) return void client.end().catch(() => undefined);
        this.client = client;
        this.wake();
      })
      .catch((error: unknown) => this.drop(client, error))
      .finally(() => {
        this.connecting = null;
      });
  }

  /** Resolves on a notification newer than `seen`, after `timeoutMs`, or on abort. */
  wait(seen: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    this.ensureListening();
    if (this.generation !== seen || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done);
      this.waiters.add(done);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.connecting;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private wake(): void {
    this.generation += 1;
    for (const waiter of [...this.waiters]) waiter();
  }

  private drop(client: pg.Client, error: unknown): void {
    if (this.client === client) this.client = null;
    if (error && !this.closed) this.onError(error);
    void client.end().catch(() => undefined);
  }
}
