/**
 * A connection or store opened on first use and kept for the process's life. A failed opening is forgotten, so the
 * next use opens again: a server away at the first use (PostgreSQL restarting) must not stay away for good.
 */
export class OpenedOnce<T> {
  private opening: Promise<T> | null = null;

  constructor(private readonly open: () => Promise<T>) {}

  /** Whether it was asked for and has not failed. */
  get asked(): boolean {
    return this.opening !== null;
  }

  get(): Promise<T> {
    this.opening ??= this.open().catch((error: unknown) => {
      this.opening = null;
      throw error;
    });
    return this.opening;
  }
}
