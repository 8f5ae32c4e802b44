/** An event store's gap-safe feed and its newest committed position (the store port's two reads). */
export interface FeedReader<E extends { readonly globalPosition: string }> {
  readAll(options: { after: string | null; limit: number }): Promise<E[]>;
  newestPosition(): Promise<string | null>;
}

export interface FeedReadOptions {
  readonly after?: string | null;
  readonly pageSize?: number;
  readonly timeoutMs?: number;
}

/**
 * Hands on every event after `after` up to the newest one committed when called, page by page. The feed is
 * gap-safe: while any transaction of the server that might be an append is in flight it holds back what it returns,
 * so reading until an empty page right after an append can miss its last events when other tests share the server.
 * This reads until the newest is in.
 */
export async function eachFeedPage<E extends { readonly globalPosition: string }>(reader: FeedReader<E>, onPage: (page: E[]) => Promise<void> | void, options: FeedReadOptions = {}): Promise<void> {
  const { after = null, pageSize = 10_000, timeoutMs = 30_000 } = options;
  const newest = await reader.newestPosition();
  const deadline = Date.now() + timeoutMs;
  for (let cursor = after; newest !== null && (cursor === null || BigInt(cursor) < BigInt(newest)); ) {
    const page = await reader.readAll({ after: cursor, limit: pageSize });
    if (page.length > 0) {
      await onPage(page);
      cursor = page.at(-1)!.globalPosition;
    } else if (Date.now() > deadline) {
      throw new Error(`the feed stayed at ${cursor ?? 'its start'} for ${timeoutMs} ms, short of the newest position ${newest}`);
    } else {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Every event after `after` up to the newest one committed when called (`eachFeedPage`, kept in one array). */
export async function wholeFeed<E extends { readonly globalPosition: string }>(reader: FeedReader<E>, after: string | null = null, timeoutMs?: number): Promise<E[]> {
  const events: E[] = [];
  await eachFeedPage(reader, (page) => void events.push(...page), { after, timeoutMs });
  return events;
}
